// Loader: upsert one batch of nodes of one label; the row's props are the complete property map.
// {label} and {extra_labels} come from the fixed label list in loader/models.py.
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
SET n = row.props{extra_labels}
