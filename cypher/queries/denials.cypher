// title: Denials and the claims they dispute
// description: Every denial: who denies, when, what they say (statement and original
//   quote, and the editor's note), how the denial was judged, its sources (title,
//   publisher, date, URL, reliability and the source each relays), and each claim it
//   disputes (kind, claimant, subject, object, date). Denials are never attributions: they
//   dispute them.
//   Give an entity id to keep the denials about it, by it, or disputing a claim about it.
//   With as_of, only the denials made by that day, the claims they dispute made by then and
//   the sources published by then (undated ones too); something dated only by month or year
//   counts from the last day of that period ("2021-03" from 2021-03-31), or with
//   period_start from its first day. Dates are as precise as known ("2021-03").
// param: id (string, optional): an entity id to filter on, e.g. exchange-2021
// param: as_of (date, optional): only what was known on this day (YYYY-MM-DD)
// param: period_start (boolean, default: false): with as_of, count what is dated only by month or year from the first day of its period, not the last
// param: limit (integer, default: 200): rows at most
// With an id, the candidates are found from the entity (index seek), not by reading every
// denial; the filter below still decides.
// The as-of rule (known_by, claim_known, source_known): cypher/fragments/as_of.cypher.
WITH {{known_by}} AS known_by
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
WITH d, known_by
WHERE {{claim_known(d)}}
OPTIONAL MATCH (d)-[:CLAIMED_BY]->(who)
OPTIONAL MATCH (d)-[:SUBJECT]->(subj)
WITH d, who, subj, known_by
WHERE $id IS NULL OR $id IN [who.id, subj.id]
   OR EXISTS { MATCH (d)-[:DISPUTES]->(:Claim)-[:SUBJECT|OBJECT]->(:Entity {id: $id}) }
RETURN d.id AS denial,
       who.name AS claimant,
       CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
       left(toString(d.made_on), CASE d.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       d.made_on_precision AS made_on_precision,
       subj.name AS subject,
       d.statement AS statement,
       d.quote AS quote,
       d.note AS note,
       d.confidence_label AS confidence_label,
       d.confidence AS confidence,
       COLLECT {
         MATCH (d)-[:DISPUTES]->(c:Claim)
         WHERE {{claim_known(c)}}
         OPTIONAL MATCH (c)-[:CLAIMED_BY]->(cw)
         OPTIONAL MATCH (c)-[:SUBJECT]->(cs)
         OPTIONAL MATCH (c)-[:OBJECT]->(co)
         RETURN {claim: c.id, kind: c.kind, claimant: cw.name, subject: cs.name, object: co.name,
                 made_on: left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), statement: c.statement}
         ORDER BY c.made_on, c.id
       } AS disputes,
       COLLECT {
         MATCH (d)-[:CITES]->(s:Source)
         WHERE {{source_known(s)}}
         RETURN {id: s.id, title: s.title, title_en: s.title_en, publisher: s.publisher,
                 url: s.url, reliability: s.reliability,
                 relays: [(s)-[:RELAYS]->(original:Source) | original.id],
                 relayed: {{relayed(s)}},
                 published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY s.published, s.id
       } AS sources
ORDER BY d.made_on, denial
LIMIT $limit
