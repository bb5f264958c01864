// title: Denials and the claims they dispute
// description: Every denial: who denies, when, what they say (statement and original
//   quote), how the denial was judged, its sources, and each claim it disputes (kind,
//   claimant, subject, object, date). Denials are never attributions: they dispute them.
//   Give an entity id to keep the denials about it, by it, or disputing a claim about it.
// param: id (string, optional): an entity id to filter on, e.g. exchange-2021
// param: limit (integer, default: 200): rows at most
// With an id, the candidates are found from the entity (index seek), not by reading every
// denial; the filter below still decides.
CALL () {
  MATCH (:Entity {id: $id})<-[:CLAIMED_BY|SUBJECT]-(d:Claim {kind: 'denial'})
  RETURN d
  UNION
  MATCH (:Entity {id: $id})<-[:SUBJECT|OBJECT]-(:Claim)<-[:DISPUTES]-(d:Claim {kind: 'denial'})
  RETURN d
  UNION
  WITH $id AS id
  WHERE id IS NULL
  MATCH (d:Claim {kind: 'denial'})
  RETURN d
}
OPTIONAL MATCH (d)-[:CLAIMED_BY]->(who)
OPTIONAL MATCH (d)-[:SUBJECT]->(subj)
WITH d, who, subj
WHERE $id IS NULL OR $id IN [who.id, subj.id]
   OR EXISTS { MATCH (d)-[:DISPUTES]->(:Claim)-[:SUBJECT|OBJECT]->(:Entity {id: $id}) }
RETURN d.id AS denial,
       who.name AS claimant,
       CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
       d.made_on AS made_on,
       d.made_on_precision AS made_on_precision,
       subj.name AS subject,
       d.statement AS statement,
       d.quote AS quote,
       d.confidence_label AS confidence_label,
       d.confidence AS confidence,
       COLLECT {
         MATCH (d)-[:DISPUTES]->(c:Claim)
         OPTIONAL MATCH (c)-[:CLAIMED_BY]->(cw)
         OPTIONAL MATCH (c)-[:SUBJECT]->(cs)
         OPTIONAL MATCH (c)-[:OBJECT]->(co)
         RETURN {claim: c.id, kind: c.kind, claimant: cw.name, subject: cs.name, object: co.name,
                 made_on: c.made_on, statement: c.statement}
         ORDER BY c.made_on, c.id
       } AS disputes,
       COLLECT {
         MATCH (d)-[:CITES]->(s:Source)
         RETURN {id: s.id, title: s.title, publisher: s.publisher, url: s.url,
                 published: s.published}
         ORDER BY s.published, s.id
       } AS sources
ORDER BY made_on, denial
LIMIT $limit
