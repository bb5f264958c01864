// title: Entity profile
// description: One row describing an entity: its label, names, kind and description, every
//   property, its direct edges (type, direction, the other end, since, note, source_ids and
//   sources), the claims about it, pointing at it or made by it (role subject, object or
//   claimant, with kind - a non-attribution or denial is labelled as such - statement, quote,
//   confidence in the original wording, its scale and 0-100, basis, the editor's note and
//   sources), the events concerning it (with their sources) and the sources cited for the
//   record itself. Every sources list holds maps: id, title, title_en, publisher, published,
//   url, reliability (Admiralty A-F) and relays (the ids of the sources it reports). Lists
//   are capped at 200 items each, sources at 50 per row. Dates are as precise as known
//   ("2021-03", "2022"), in properties too (beside their _precision).
//   claimant_kind: what the claimant is (an organisation's kind - vendor, media, government, ... - or
//   person); a media claimant's claim (an encyclopedia, a news roundup) cites earlier reporting.
// param: id (string, required): the entity id, e.g. hafnium
MATCH (n:Entity {id: $id})
RETURN n.id AS id,
       [l IN labels(n) WHERE l <> 'Entity'][0] AS label,
       n.name AS name,
       n.aliases AS aliases,
       n.original_name AS original_name,
       n.kind AS kind,
       n.description AS description,
       properties(n) AS properties,
       COLLECT {
         MATCH (n)-[r:USES|TARGETS|AFFECTED|EXPLOITS|OPERATES_FROM|LOCATED_IN|PART_OF|WORKS_FOR|IN_SECTOR|RELATED_TO]-(m)
         RETURN {type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                 other_id: m.id, other: m.name,
                 other_label: [l IN labels(m) WHERE l <> 'Entity'][0],
                 source_ids: r.sources,
                 // the edge names its sources by id (a property): each looked up by its id
                 sources: COLLECT {
                   UNWIND coalesce(r.sources, []) AS source_id
                   MATCH (s:Source {id: source_id})
                   RETURN s {.id, .title, .title_en, .publisher, .url, .reliability, .published_precision,
                             published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                             relays: [(s)-[:RELAYS]->(o:Source) | o.id],
                             relayed: {{relayed(s)}}}
                   LIMIT 50
                 },
                 since: left(toString(r.since), CASE r.since_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), note: r.note}
         ORDER BY type(r), m.name
         LIMIT 200
       } AS relations,
       COLLECT {
         MATCH (c:Claim)-[role:SUBJECT|OBJECT|CLAIMED_BY]->(n)
         OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
         OPTIONAL MATCH (c)-[:SUBJECT]->(subj)
         OPTIONAL MATCH (c)-[:OBJECT]->(obj)
         RETURN {claim: c.id, kind: c.kind,
                 role: CASE type(role) WHEN 'CLAIMED_BY' THEN 'claimant' ELSE toLower(type(role)) END,
                 made_on: left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END), made_on_precision: c.made_on_precision,
                 claimant: who.name, claimant_kind: CASE WHEN who:Person THEN 'person' ELSE who.kind END,
                 subject: subj.name, object: obj.name,
                 statement: c.statement, quote: c.quote, note: c.note, basis: c.basis,
                 confidence_label: c.confidence_label, confidence_scale: c.confidence_scale,
                 confidence: c.confidence,
                 sources: COLLECT {
                   MATCH (c)-[:CITES]->(s:Source)
                   RETURN s {.id, .title, .title_en, .publisher, .url, .reliability, .published_precision,
                             published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                             relays: [(s)-[:RELAYS]->(o:Source) | o.id],
                             relayed: {{relayed(s)}}}
                   ORDER BY s.published, s.id
                   LIMIT 50
                 }}
         ORDER BY c.made_on, c.id
         LIMIT 200
       } AS claims,
       COLLECT {
         MATCH (e:Event)-[:CONCERNS]->(n)
         RETURN {id: e.id, name: e.name, date: left(toString(e.date), CASE e.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                 date_precision: e.date_precision,
                 kind: e.kind, description: e.description,
                 sources: COLLECT {
                   MATCH (e)-[:CITES]->(s:Source)
                   RETURN s {.id, .title, .title_en, .publisher, .url, .reliability, .published_precision,
                             published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                             relays: [(s)-[:RELAYS]->(o:Source) | o.id],
                             relayed: {{relayed(s)}}}
                   ORDER BY s.published, s.id
                   LIMIT 50
                 }}
         ORDER BY e.date, e.id
         LIMIT 200
       } AS events,
       COLLECT {
         MATCH (n)-[:CITES]->(s:Source)
         RETURN {id: s.id, title: s.title, publisher: s.publisher, url: s.url,
                 published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY s.published, s.id
         LIMIT 200
       } AS sources
LIMIT 1
