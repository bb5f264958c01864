// title: Non-attributions: explicit "no link" statements
// description: Claims that an actor is NOT behind a campaign (or not the same as another
//   actor), e.g. Microsoft saying HAFNIUM has no connection to the SolarWinds breach: who
//   says it, when, how sure, the quote, the editor's note and the sources (title, publisher,
//   date, URL, reliability and the source each relays). These are never attributions and
//   never appear as such in the other queries. Give an entity id to keep those about it.
//   With as_of, only those made by that day and the sources published by then (undated ones
//   too); something dated only by month or year counts from the last day of that period
//   ("2021-03" from 2021-03-31), or with period_start from its first day. Dates are as
//   precise as known ("2021-03").
// param: id (string, optional): an actor or campaign id to filter on, e.g. solarwinds-2020
// param: as_of (date, optional): only what was known on this day (YYYY-MM-DD)
// param: period_start (boolean, default: false): with as_of, count what is dated only by month or year from the first day of its period, not the last
// param: limit (integer, default: 200): rows at most
// With an id, the candidates are found from the entity (index seek), not by reading every
// non-attribution; the filter below still decides.
// The as-of rule (known_by, claim_known, source_known): cypher/fragments/as_of.cypher.
WITH {{known_by}} AS known_by
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
WHERE {{claim_known(c)}}
OPTIONAL MATCH (c)-[:OBJECT]->(obj)
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
WITH c, subj, obj, who, known_by
WHERE $id IS NULL OR $id IN [subj.id, obj.id, who.id]
RETURN c.id AS claim,
       who.name AS claimant,
       subj.name AS subject,
       [l IN labels(subj) WHERE l <> 'Entity'][0] AS subject_label,
       obj.name AS not_linked_to,
       [l IN labels(obj) WHERE l <> 'Entity'][0] AS not_linked_to_label,
       left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       c.made_on_precision AS made_on_precision,
       c.statement AS statement,
       c.quote AS quote,
       c.note AS note,
       c.confidence_label AS confidence_label,
       c.confidence AS confidence,
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
ORDER BY c.made_on, claim
LIMIT $limit
