// Loader: current properties of the edges about to be written.
// {type}, {from_label} and {to_label} come from fixed lists in loader/models.py and loader/plan.py.
UNWIND $rows AS row
MATCH (a:{from_label} {id: row.from})-[r:{type}]->(b:{to_label} {id: row.to})
RETURN a.id AS from, b.id AS to, properties(r) AS props
