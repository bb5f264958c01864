// Bulk load (loader/bulk.py): the empty lists of relationships (see
// bulk_empty_lists_nodes.cypher). {type}, {from_label} and {to_label} come from fixed lists in
// loader/models.py and loader/plan.py.
UNWIND $rows AS row
MATCH (a:{from_label} {id: row.from})-[r:{type}]->(b:{to_label} {id: row.to})
SET r += row.props
