// Loader: upsert one batch of edges of one type between two labels (one edge per pair).
// {type}, {from_label} and {to_label} come from fixed lists in loader/models.py and loader/plan.py.
UNWIND $rows AS row
MATCH (a:{from_label} {id: row.from})
MATCH (b:{to_label} {id: row.to})
MERGE (a)-[r:{type}]->(b)
SET r = row.props
