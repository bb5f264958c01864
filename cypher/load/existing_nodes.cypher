// Loader: current properties of the nodes about to be written, to report created/updated/unchanged.
// {label} is substituted from the fixed label list in loader/models.py, never from input.
UNWIND $rows AS row
MATCH (n:{label} {id: row.id})
RETURN n.id AS id, properties(n) AS props
