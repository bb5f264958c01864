// Identity: an imported record claim names its other record in `object_record`, which may come
// from a dataset loaded later; once that record is in the graph, the claim gets its OBJECT edge
// (derived from the property, so the result does not depend on the load order).
MATCH (c:Claim)
WHERE c.object_record IS NOT NULL
MATCH (o:Actor {id: c.object_record})
MERGE (c)-[:OBJECT]->(o)
