// title: Newest claims
// description: The most recent claims, newest first, for the overview page: kind (an
//   attribution, sponsorship, denial, non-attribution, alias or fact - each labelled as
//   what it is), who made it, when, about what, pointing at what, the statement and the
//   claimant's confidence wording, the quote in the claimant's words, the editor's note and
//   the sources (title, publisher, date, URL, reliability and the source each relays). Give a
//   kind to see only that kind. Dates are as precise as known ("2021-03", "2022").
//   claimant_kind: what the claimant is (an organisation's kind - vendor, media, government, ... - or
//   person); a media claimant's claim (an encyclopedia, a news roundup) cites earlier reporting.
// param: kind (string, optional): only claims of this kind, e.g. attribution
// param: limit (integer, default: 20): rows at most
MATCH (c:Claim)
WHERE c.made_on IS NOT NULL AND ($kind IS NULL OR c.kind = $kind)  // made_on is required
// the newest first, read in index order (claim_made_on), before the per-claim lookups
WITH c
ORDER BY c.made_on DESC, c.id
LIMIT $limit
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
OPTIONAL MATCH (c)-[:SUBJECT]->(subj)
OPTIONAL MATCH (c)-[:OBJECT]->(obj)
RETURN c.id AS claim,
       c.kind AS kind,
       left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       c.made_on_precision AS made_on_precision,
       who.name AS claimant,
       CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
       subj.name AS subject,
       obj.name AS object,
       c.statement AS statement,
       c.confidence_label AS confidence_label,
       c.confidence AS confidence,
       c.quote AS quote,
       c.note AS note,
       COLLECT {
         MATCH (c)-[:CITES]->(s:Source)
         RETURN {id: s.id, title: s.title, title_en: s.title_en, publisher: s.publisher,
                 url: s.url, reliability: s.reliability,
                 relays: [(s)-[:RELAYS]->(original:Source) | original.id],
                 relayed: {{relayed(s)}},
                 published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY s.published, s.id
       } AS sources
ORDER BY c.made_on DESC, claim
LIMIT $limit
