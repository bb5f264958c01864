// STIX export: one page of nodes of one label, with their outgoing edges, in id order.
// {label} comes from the fixed label list in loader/models.py, never from input.
MATCH (n:{label})
WHERE n.id > $after AND ($ids IS NULL OR n.id IN $ids)
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id, properties(n) AS props,
       [(n)-[r]->(m) | {type: type(r), to: m.id, props: properties(r)}] AS out
