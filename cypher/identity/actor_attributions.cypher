// Identity (actor page): the attribution, sponsorship (state link) and non-attribution claims
// whose subject or object is one of an actor's member records ($records: actor record ids),
// one row per claim: the claimant, both ends (name, label, id), the member record(s) it touches,
// the claimant's confidence wording and scale with the 0-100 number, the date and its precision,
// the sources, and every claim that disputes it (a denial) with who made it and when.
// Non-attributions come with their kind: the page lists them apart, never as attributions.
// $limit: rows at most (the page says when it was reached).
UNWIND $records AS rid
MATCH (rec:Actor {id: rid})<-[:SUBJECT|OBJECT]-(c:Claim)
WHERE c.kind IN ['attribution', 'sponsorship', 'non-attribution']
WITH c, collect(DISTINCT {id: rec.id, dataset: rec.dataset}) AS via
MATCH (c)-[:SUBJECT]->(subj)
OPTIONAL MATCH (c)-[:OBJECT]->(obj)
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN c.id AS claim,
       c.kind AS kind,
       who.name AS claimant,
       who.id AS claimant_id,
       subj.name AS subject,
       [l IN labels(subj) WHERE l <> 'Entity'][0] AS subject_label,
       subj.id AS subject_id,
       obj.name AS object,
       [l IN labels(obj) WHERE l <> 'Entity'][0] AS object_label,
       obj.id AS object_id,
       via,
       c.statement AS statement,
       c.basis AS basis,
       c.made_on AS made_on,
       c.made_on_precision AS made_on_precision,
       c.confidence_label AS confidence_label,
       c.confidence_scale AS confidence_scale,
       c.confidence AS confidence,
       COLLECT {
         MATCH (c)-[:CITES]->(s:Source)
         RETURN {id: s.id, title: coalesce(s.title_en, s.title, s.id), url: s.url,
                 publisher: s.publisher, published: s.published}
         ORDER BY s.published, s.id
       } AS sources,
       COLLECT {
         MATCH (d:Claim)-[:DISPUTES]->(c)
         OPTIONAL MATCH (d)-[:CLAIMED_BY]->(dw)
         RETURN {claim: d.id, kind: d.kind, claimant: dw.name, made_on: d.made_on,
                 made_on_precision: d.made_on_precision, statement: d.statement}
         ORDER BY d.made_on, d.id
       } AS disputed_by
ORDER BY kind, made_on, claim
LIMIT $limit
