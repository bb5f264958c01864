// title: Sponsorship chains: actor, organisation, state
// description: For every sponsorship claim (an actor or campaign linked to the organisation
//   or country said to be behind it): who claims it, when and how sure, the sponsor, and the
//   chain from the sponsor up to its state through PART_OF and LOCATED_IN edges (e.g.
//   Ministry of State Security -> Government of China -> China), with the denials disputing
//   the claim, its quote and editor's note, and its sources (title, publisher, date, URL,
//   reliability and the source each relays). Give an actor, campaign, organisation or
//   country id to keep only the chains it appears in. With as_of, only claims and denials
//   made by that day and the sources published by then (undated ones too); one dated only
//   by month or year counts from the last day of that period ("2021-03" from 2021-03-31),
//   or with period_start from its first day. Dates are as precise as known ("2021-03").
// param: id (string, optional): an entity id to filter on (subject, sponsor or state), e.g. hafnium
// param: as_of (date, optional): only claims and denials made on or before this day (YYYY-MM-DD)
// param: period_start (boolean, default: false): with as_of, count what is dated only by month or year from the first day of its period, not the last
// param: limit (integer, default: 200): rows at most
// With an id, the candidates are found from the entity (index seek) - as subject, sponsor or
// the state at the end of the sponsor's chain - not by reading every sponsorship claim; the
// filter below still decides.
// The as-of rule (known_by, claim_known, source_known): cypher/fragments/as_of.cypher.
WITH {{known_by}} AS known_by
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
WHERE {{claim_known(c)}}
// Sorted before the chains and claimants are looked up, so that without an id only the rows
// shown pay for them (the lookups are lazy; the ORDER BY with the LIMIT and the final one
// restate the order, which only ORDER BY guarantees).
WITH c, subj, sponsor, known_by
ORDER BY subj.name, c.made_on, c.id
CALL (sponsor) {
  OPTIONAL MATCH p = (sponsor)-[:PART_OF|LOCATED_IN*0..3]->(state:Country)
  RETURN [n IN nodes(p) | n.name] AS chain, state
  ORDER BY length(p) DESC
  LIMIT 1
}
WITH c, subj, sponsor, chain, state, known_by
WHERE $id IS NULL OR $id IN [subj.id, sponsor.id, state.id]
WITH c, subj, sponsor, chain, state, known_by
ORDER BY subj.name, c.made_on, c.id
LIMIT $limit
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN subj.name AS subject,
       [l IN labels(subj) WHERE l <> 'Entity'][0] AS subject_label,
       c.id AS claim,
       who.name AS claimant,
       left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       c.made_on_precision AS made_on_precision,
       c.confidence_label AS confidence_label,
       c.confidence AS confidence,
       c.basis AS basis,
       c.quote AS quote,
       c.note AS note,
       sponsor.name AS sponsor,
       coalesce(sponsor.kind, 'country') AS sponsor_kind,
       coalesce(chain, [sponsor.name]) AS chain,
       state.name AS state,
       COLLECT {
         MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(c), (d)-[:CLAIMED_BY]->(dw)
         WHERE {{claim_known(d)}}
         RETURN {claim: d.id, claimant: dw.name, made_on: left(toString(d.made_on), CASE d.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY d.made_on
       } AS denials,
       COLLECT {
         MATCH (c)-[:CITES]->(s:Source)
         WHERE {{source_known(s)}}
         RETURN {id: s.id, title: s.title, title_en: s.title_en, publisher: s.publisher,
                 url: s.url, reliability: s.reliability,
                 relays: [(s)-[:RELAYS]->(original:Source) | original.id],
                 relayed: {{relayed(s)}},
                 published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY s.published, s.id
       } AS sources
ORDER BY subject, c.made_on, claim
LIMIT $limit
