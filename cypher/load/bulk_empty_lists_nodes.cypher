// Bulk load (loader/bulk.py): the empty lists the import files cannot carry (an empty array
// field reads as no property), set after the import as the online load's SET n = row.props
// sets them. {label} comes from the fixed label list in loader/models.py, never from input.
UNWIND $rows AS row
MATCH (n:{label} {id: row.id})
SET n += row.props
