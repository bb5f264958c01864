// Identity: an imported record claim names its other record in `object_record`, which may come
// from a dataset loaded later; once that record is in the graph, the claim gets its OBJECT edge
// (derived from the property, so the result does not depend on the load order). A MISP link to
// a cluster of the mitre-intrusion-set galaxy names it by MISP's uuid, which is the uuid of
// ATT&CK's intrusion set: `misp:<uuid>` also finds `intrusion-set--<uuid>`.
MATCH (c:Claim)
WHERE c.object_record IS NOT NULL
MATCH (o:Actor)
WHERE o.id = c.object_record
   OR (c.object_record STARTS WITH 'misp:' AND o.id = 'intrusion-set--' + substring(c.object_record, 5))
MERGE (c)-[:OBJECT]->(o)
