// Identity: claims that two actor records are (or are not) one group: same-as, overlaps,
// associated, distinct, split-from, and alias claims with an actor OBJECT (the seed format's
// older way to say "same as"). A claim's OBJECT edge names its other record; an imported
// claim whose record is not loaded yet has only `object_record` (link_claim_objects.cypher
// adds the edge once it is).
// `relation` is the source's own word for the link (MISP `similar`): a loose same-as.
// $kinds: the record-claim kinds and 'alias' (attrib.identity.datasets).
MATCH (c:Claim)-[:SUBJECT]->(a:Actor)
WHERE c.kind IN $kinds
OPTIONAL MATCH (c)-[:OBJECT]->(o:Actor)
WITH c, a, coalesce(o.id, c.object_record) AS object
WHERE object IS NOT NULL
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN c.id AS id, c.kind AS kind, a.id AS subject, object, who.id AS claimant,
       who.name AS claimant_name, c.dataset AS dataset, c.confidence AS confidence,
       c.confidence_label AS confidence_label, c.statement AS statement,
       [(c)-[:CITES]->(s:Source) | s.id] AS sources, c.misp_relation AS relation
ORDER BY id
