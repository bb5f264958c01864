// Loader: reference nodes (registry organisations and countries) an import points at but does
// not own: created with the registry's properties when absent, never overwritten (the seed's
// own record of the same node wins, whatever the load order). An unregistered organisation's
// row asks for the smallest of its spellings and kinds (row.smallest_name), so they too do
// not depend on which dataset came first. {label} and {labels} come from the fixed label list in
// loader/models.py, never from input.
UNWIND $rows AS row
MERGE (n:{label} {id: row.id})
ON CREATE SET n = row.props, n:{labels}
ON MATCH SET n.name = CASE
    WHEN coalesce(row.smallest_name, false) AND row.props.name < n.name THEN row.props.name
    ELSE n.name
  END,
  n.kind = CASE
    WHEN coalesce(row.smallest_name, false) AND row.props.kind < n.kind THEN row.props.kind
    ELSE n.kind
  END
