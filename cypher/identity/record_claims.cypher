// Identity: claims that two actor records are (or are not) one group: same-as, overlaps,
// associated, distinct, split-from, and alias claims with an actor OBJECT (the seed format's
// older way to say "same as"). An imported claim names its other record in `object_record`
// (that record may come from a dataset loaded later); a seed claim has an OBJECT edge.
// $kinds: the record-claim kinds and 'alias' (attrib.identity.datasets).
MATCH (c:Claim)-[:SUBJECT]->(a:Actor)
WHERE c.kind IN $kinds
OPTIONAL MATCH (c)-[:OBJECT]->(o:Actor)
WITH c, a, coalesce(c.object_record, o.id) AS object
WHERE object IS NOT NULL
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN c.id AS id, c.kind AS kind, a.id AS subject, object, who.id AS claimant,
       who.name AS claimant_name, c.dataset AS dataset, c.confidence AS confidence,
       c.confidence_label AS confidence_label, c.statement AS statement,
       [(c)-[:CITES]->(s:Source) | s.id] AS sources
ORDER BY id
