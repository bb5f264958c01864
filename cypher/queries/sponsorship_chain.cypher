// title: Sponsorship chains: actor, organisation, state
// description: For every sponsorship claim (an actor or campaign linked to the organisation
//   or country said to be behind it): who claims it, when and how sure, the sponsor, and the
//   chain from the sponsor up to its state through PART_OF and LOCATED_IN edges (e.g.
//   Ministry of State Security -> Government of China -> China), with the denials disputing
//   the claim. Give an actor, campaign, organisation or country id to keep only the chains
//   it appears in.
// param: id (string, optional): an entity id to filter on (subject, sponsor or state), e.g. hafnium
// param: as_of (date, optional): only claims and denials made on or before this day (YYYY-MM-DD)
// param: limit (integer, default: 200): rows at most
// With an id, the candidates are found from the entity (index seek) - as subject, sponsor or
// the state at the end of the sponsor's chain - not by reading every sponsorship claim; the
// filter below still decides.
CALL () {
  MATCH (:Entity {id: $id})<-[:SUBJECT|OBJECT]-(c:Claim {kind: 'sponsorship'})
  RETURN c
  UNION
  MATCH (:Country {id: $id})<-[:PART_OF|LOCATED_IN*1..3]-()<-[:OBJECT]-(c:Claim {kind: 'sponsorship'})
  RETURN c
  UNION
  WITH $id AS id
  WHERE id IS NULL
  MATCH (c:Claim {kind: 'sponsorship'})
  RETURN c
}
MATCH (c)-[:SUBJECT]->(subj), (c)-[:OBJECT]->(sponsor)
WHERE $as_of IS NULL OR c.made_on <= $as_of
// Sorted before the chains and claimants are looked up, so that without an id only the rows
// shown pay for them (the lookups are lazy; the ORDER BY with the LIMIT and the final one
// restate the order, which only ORDER BY guarantees).
WITH c, subj, sponsor
ORDER BY subj.name, c.made_on, c.id
CALL (sponsor) {
  OPTIONAL MATCH p = (sponsor)-[:PART_OF|LOCATED_IN*0..3]->(state:Country)
  RETURN [n IN nodes(p) | n.name] AS chain, state
  ORDER BY length(p) DESC
  LIMIT 1
}
WITH c, subj, sponsor, chain, state
WHERE $id IS NULL OR $id IN [subj.id, sponsor.id, state.id]
WITH c, subj, sponsor, chain, state
ORDER BY subj.name, c.made_on, c.id
LIMIT $limit
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN subj.name AS subject,
       [l IN labels(subj) WHERE l <> 'Entity'][0] AS subject_label,
       c.id AS claim,
       who.name AS claimant,
       c.made_on AS made_on,
       c.confidence_label AS confidence_label,
       c.confidence AS confidence,
       c.basis AS basis,
       sponsor.name AS sponsor,
       coalesce(sponsor.kind, 'country') AS sponsor_kind,
       coalesce(chain, [sponsor.name]) AS chain,
       state.name AS state,
       COLLECT {
         MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(c), (d)-[:CLAIMED_BY]->(dw)
         WHERE $as_of IS NULL OR d.made_on <= $as_of
         RETURN {claim: d.id, claimant: dw.name, made_on: d.made_on}
         ORDER BY d.made_on
       } AS denials
ORDER BY subject, made_on, claim
LIMIT $limit
