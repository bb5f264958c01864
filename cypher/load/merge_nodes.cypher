// Loader: upsert one batch of nodes of one label; the row's props are the complete property map.
// {label} and {labels} ("Actor:Entity" for an entity) come from the fixed label list in
// loader/models.py, never from input.
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
SET n = row.props, n:{labels}
