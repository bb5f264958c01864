// title: Non-attributions: explicit "no link" statements
// description: Claims that an actor is NOT behind a campaign (or not the same as another
//   actor), e.g. Microsoft saying HAFNIUM has no connection to the SolarWinds breach: who
//   says it, when, how sure, the quote and the sources. These are never attributions and
//   never appear as such in the other queries. Give an entity id to keep those about it.
// param: id (string, optional): an actor or campaign id to filter on, e.g. solarwinds-2020
// param: limit (integer, default: 200): rows at most
// With an id, the candidates are found from the entity (index seek), not by reading every
// non-attribution; the filter below still decides.
CALL () {
  MATCH (:Entity {id: $id})<-[:SUBJECT|OBJECT|CLAIMED_BY]-(c:Claim {kind: 'non-attribution'})
  RETURN c
  UNION
  WITH $id AS id
  WHERE id IS NULL
  MATCH (c:Claim {kind: 'non-attribution'})
  RETURN c
}
MATCH (c)-[:SUBJECT]->(subj)
OPTIONAL MATCH (c)-[:OBJECT]->(obj)
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
WITH c, subj, obj, who
WHERE $id IS NULL OR $id IN [subj.id, obj.id, who.id]
RETURN c.id AS claim,
       who.name AS claimant,
       subj.name AS subject,
       [l IN labels(subj) WHERE l <> 'Entity'][0] AS subject_label,
       obj.name AS not_linked_to,
       [l IN labels(obj) WHERE l <> 'Entity'][0] AS not_linked_to_label,
       c.made_on AS made_on,
       c.statement AS statement,
       c.quote AS quote,
       c.confidence_label AS confidence_label,
       c.confidence AS confidence,
       COLLECT {
         MATCH (c)-[:CITES]->(s:Source)
         RETURN {id: s.id, title: s.title, publisher: s.publisher, url: s.url,
                 published: s.published}
         ORDER BY s.published, s.id
       } AS sources
ORDER BY made_on, claim
LIMIT $limit
