// Identity: an imported record claim names its other record in `object_record`, which may come
// from a dataset loaded later; once that record is in the graph, the claim gets its OBJECT edge
// (derived from the property, so the result does not depend on the load order). A MISP link to
// a cluster of the mitre-intrusion-set galaxy names it by MISP's uuid, which is the uuid of
// ATT&CK's intrusion set: `misp:<uuid>` also finds `intrusion-set--<uuid>`.
// Each end is looked up by id (two index seeks per claim: an OR of the two would scan every
// actor for every claim, which grows as claims x records).
MATCH (c:Claim)
WHERE c.object_record IS NOT NULL
CALL (c) {
  MATCH (o:Actor {id: c.object_record})
  RETURN o
  UNION
  WITH c WHERE c.object_record STARTS WITH 'misp:'
  MATCH (o:Actor {id: 'intrusion-set--' + substring(c.object_record, 5)})
  RETURN o
}
MERGE (c)-[:OBJECT]->(o)
