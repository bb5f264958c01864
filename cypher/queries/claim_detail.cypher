// title: One claim whole, with its evidence
// description: Everything about one claim: statement, quote in the claimant's words, note,
//   claimant, subject and object, date (made_on with its precision), confidence (the original
//   wording, its scale and the normalised 0-100 number), basis; the sources it cites (title,
//   publisher, date with precision, URL, Admiralty reliability, and which source each one
//   relays); the claims that dispute or support it, and the ones it disputes or supports, each
//   with claimant and date. A claimant a dataset's rule inferred (EuRepoC: from
//   attribution_basis) says so and why (claimant_inferred, claimant_rule); a date the dataset
//   gives in another form keeps it (made_on_raw); an attribution dated before its incident
//   began says so (before_incident_start). One row, or none when no claim has the id.
//   claimant_kind: what the claimant is (an organisation's kind - vendor, media, government, ... - or
//   person); a media claimant's claim (an encyclopedia, a news roundup) cites earlier reporting.
// param: claim (string, required): a claim id, e.g. claim-microsoft-attribution-exchange-hafnium
MATCH (c:Claim {id: $claim})
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
OPTIONAL MATCH (c)-[:SUBJECT]->(subject)
OPTIONAL MATCH (c)-[:OBJECT]->(object)
RETURN c.id AS id,
       c.kind AS kind,
       c.statement AS statement,
       c.quote AS quote,
       c.note AS note,
       left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       c.made_on_precision AS made_on_precision,
       c.made_on_raw AS made_on_raw,
       c.claimant_inferred AS claimant_inferred,
       c.claimant_rule AS claimant_rule,
       c.before_incident_start AS before_incident_start,
       c.confidence AS confidence,
       c.confidence_label AS confidence_label,
       c.confidence_scale AS confidence_scale,
       c.basis AS basis,
       c.alias AS alias,
       c.dataset AS dataset,
       who {.id, .name, label: [l IN labels(who) WHERE l <> 'Entity'][0]} AS claimant,
       CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
       subject {.id, .name, label: [l IN labels(subject) WHERE l <> 'Entity'][0]} AS subject,
       object {.id, .name, label: [l IN labels(object) WHERE l <> 'Entity'][0]} AS object,
       [(c)-[:CITES]->(s:Source) |
          s {.id, .title, .title_en, .publisher, .url, .published_precision,
             published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
             .reliability, relays: [(s)-[:RELAYS]->(original:Source) | original.id],
                           relayed: {{relayed(s)}}}] AS sources,
       [(d:Claim)-[:DISPUTES]->(c) |
          d {.id, .kind, .statement, .made_on_precision,
             made_on: left(toString(d.made_on), CASE d.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
             claimant: [(d)-[:CLAIMED_BY]->(w) | w.name][0]}] AS disputed_by,
       [(c)-[:DISPUTES]->(t:Claim) |
          t {.id, .kind, .statement, .made_on_precision,
             made_on: left(toString(t.made_on), CASE t.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
             claimant: [(t)-[:CLAIMED_BY]->(w) | w.name][0]}] AS disputes,
       [(s:Claim)-[:SUPPORTS]->(c) |
          s {.id, .kind, .statement, .made_on_precision,
             made_on: left(toString(s.made_on), CASE s.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
             claimant: [(s)-[:CLAIMED_BY]->(w) | w.name][0]}] AS supported_by,
       [(c)-[:SUPPORTS]->(t:Claim) |
          t {.id, .kind, .statement, .made_on_precision,
             made_on: left(toString(t.made_on), CASE t.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
             claimant: [(t)-[:CLAIMED_BY]->(w) | w.name][0]}] AS supports
LIMIT 1
