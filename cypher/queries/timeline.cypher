// title: Timeline of claims and events
// description: Dated claims (made_on) and events (date) in date order, for one entity (claims
//   about it, pointing at it or made by it; events that concern it) or, without an id, for
//   the whole graph. kind says what each row is: an event kind (intrusion, disclosure,
//   patch, statement, ...) or a claim kind (attribution, sponsorship, denial,
//   non-attribution, alias, fact) - a non-attribution or denial is labelled as such, never
//   as an attribution. date is as precise as known ("2021-03", "2022"; in date order, a
//   month or year before the days in it); precision says whether only the year or month is
//   known. Each row carries its evidence: sources (the sources a claim or event cites, at
//   most 50: id, title, title_en, publisher, published, url, reliability, relays - the ids
//   of the sources it reports); a claim also its confidence (0-100) and confidence_scale
//   beside the original wording, quote, note (the editor's) and basis; an event its
//   description.
//   claimant_kind: what the claimant is (an organisation's kind - vendor, media, government, ... - or
//   person); a media claimant's claim (an encyclopedia, a news roundup) cites earlier reporting.
// param: id (string, optional): an entity id, e.g. hafnium (none: everything)
// param: limit (integer, default: 500): rows at most
CALL () {
  // with an id: from the entity (index seek); without: every claim
  CALL () {
    MATCH (:Entity {id: $id})<-[:SUBJECT|OBJECT|CLAIMED_BY]-(c:Claim)
    RETURN c
    UNION
    WITH $id AS id
    WHERE id IS NULL
    MATCH (c:Claim)
    WHERE c.made_on IS NOT NULL
    // the first claims of the final order (date, then id), read in index order
    RETURN c
    ORDER BY c.made_on, c.id
    LIMIT $limit
  }
  OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
  OPTIONAL MATCH (c)-[:SUBJECT]->(subj)
  OPTIONAL MATCH (c)-[:OBJECT]->(obj)
  RETURN c.made_on AS day, c.made_on_precision AS precision, 'claim' AS type, c.kind AS kind,
         c.id AS id, c.statement AS text, who.name AS claimant, CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
         subj.name AS subject,
         obj.name AS object, null AS concerns, c.confidence_label AS confidence_label, c AS item
  UNION ALL
  CALL () {
    MATCH (:Entity {id: $id})<-[:CONCERNS]-(e:Event)
    RETURN e
    UNION
    WITH $id AS id
    WHERE id IS NULL
    MATCH (e:Event)
    WHERE e.date IS NOT NULL
    RETURN e
    ORDER BY e.date, e.id
    LIMIT $limit
  }
  RETURN e.date AS day, e.date_precision AS precision, 'event' AS type, e.kind AS kind,
         e.id AS id, e.name AS text, null AS claimant, null AS claimant_kind, null AS subject,
         null AS object,
         COLLECT { MATCH (e)-[:CONCERNS]->(x) RETURN x.name ORDER BY x.name } AS concerns,
         null AS confidence_label, e AS item
}
WITH *
WHERE day IS NOT NULL
// day: the stored date (a period's first day), for the order; the rows are cut to $limit
// before their sources are gathered
WITH *
ORDER BY day, type DESC, id
LIMIT $limit
RETURN left(toString(day), CASE precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)
         AS date,
       precision, type, kind, id, text, claimant, claimant_kind, subject, object, concerns,
       confidence_label,
       item.confidence AS confidence, item.confidence_scale AS confidence_scale,
       item.quote AS quote, item.note AS note, item.basis AS basis,
       item.description AS description,
       COLLECT {
         MATCH (item)-[:CITES]->(s:Source)
         RETURN s {.id, .title, .title_en, .publisher, .url, .reliability, .published_precision,
                   published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                   relays: [(s)-[:RELAYS]->(o:Source) | o.id],
                   relayed: {{relayed(s)}}}
         ORDER BY s.published, s.id
         LIMIT 50
       } AS sources
ORDER BY day, type DESC, id
