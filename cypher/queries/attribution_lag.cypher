// title: Attribution lag: each campaign's start and its dated attributions and denials
// description: One row per campaign: its start (first_seen, as precise as known) and the
//   dated items the attribution lag is measured to. items holds every attribution claim
//   whose subject is the campaign (with its basis, the claimant's kind and, for a person, the
//   kinds of the organisations they work for), every denial whose subject is the campaign
//   or which disputes an attribution of it, and every legal-response event (sanctions,
//   indictments) concerning it; each with its date as precise as known ("2021-03") and that
//   precision. states holds the countries the campaign is linked to, one entry per route
//   (via): 'named' (an attribution names the country, or a government, agency or
//   legislature of it), 'sponsorship' (a sponsorship claim about the campaign or an
//   attributed actor points at the country or one of its bodies), 'operates from' (an
//   attributed actor's OPERATES_FROM edge). The phases, days, ranges and medians are worked
//   out by `attrib lag` (attrib/lag.py), not here. With as_of, only the claims and events
//   dated by that day count (the campaign's start is kept): something dated only by month or
//   year counts from the last day of that period ("2021-03" from 2021-03-31), or with
//   period_start from its first day.
// param: campaign (string, optional): one campaign id, e.g. exchange-2021 (empty: every campaign)
// param: as_of (date, optional): only what was claimed or happened on or before this day (YYYY-MM-DD)
// param: period_start (boolean, default: false): with as_of, count what is dated only by month or year from the first day of its period, not the last
// param: limit (integer, default: 10000): campaigns at most
// Every date is written as known (docs/graph-model.md, "Dates"); attrib.values.period_bounds
// turns it back into the days it covers.
// The as-of rule (known_by, claim_known, event_known): cypher/fragments/as_of.cypher.
WITH {{known_by}} AS known_by
MATCH (camp:Campaign)
WHERE $campaign IS NULL OR camp.id = $campaign
WITH camp, known_by
ORDER BY camp.first_seen, camp.id
LIMIT $limit
RETURN camp.id AS campaign_id,
       camp.name AS campaign,
       left(toString(camp.first_seen), CASE camp.first_seen_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS first_seen,
       camp.first_seen_precision AS first_seen_precision,
       COLLECT {
         MATCH (c:Claim {kind: 'attribution'})-[:SUBJECT]->(camp)
         WHERE {{claim_known(c)}}
         OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
         RETURN {item: c.id, type: 'claim', kind: c.kind, basis: c.basis,
                 claimant: who.name, claimant_id: who.id,
                 claimant_kind: CASE WHEN who:Person THEN 'person' ELSE who.kind END,
                 employer_kinds: COLLECT { MATCH (who)-[:WORKS_FOR]->(o:Organisation) RETURN DISTINCT o.kind },
                 date: left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                 date_precision: coalesce(c.made_on_precision, 'day'),
                 statement: c.statement}
         ORDER BY c.made_on, c.id
       } +
       COLLECT {
         CALL (camp) {
           MATCH (d:Claim {kind: 'denial'})-[:SUBJECT]->(camp)
           RETURN d
           UNION
           MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(:Claim {kind: 'attribution'})-[:SUBJECT]->(camp)
           RETURN d
         }
         WITH d WHERE {{claim_known(d)}}
         OPTIONAL MATCH (d)-[:CLAIMED_BY]->(who)
         RETURN {item: d.id, type: 'claim', kind: d.kind, basis: d.basis,
                 claimant: who.name, claimant_id: who.id,
                 claimant_kind: CASE WHEN who:Person THEN 'person' ELSE who.kind END,
                 employer_kinds: [],
                 date: left(toString(d.made_on), CASE d.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                 date_precision: coalesce(d.made_on_precision, 'day'),
                 statement: d.statement}
         ORDER BY d.made_on, d.id
       } +
       COLLECT {
         MATCH (e:Event {kind: 'legal-response'})-[:CONCERNS]->(camp)
         WHERE {{event_known(e)}}
         RETURN {item: e.id, type: 'event', kind: e.kind, basis: null,
                 claimant: null, claimant_id: null, claimant_kind: null, employer_kinds: [],
                 date: left(toString(e.date), CASE e.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
                 date_precision: coalesce(e.date_precision, 'day'),
                 statement: e.name}
         ORDER BY e.date, e.id
       } AS items,
       COLLECT {
         CALL (camp, known_by) {
           MATCH (c:Claim {kind: 'attribution'})-[:SUBJECT]->(camp), (c)-[:OBJECT]->(party)
           WHERE {{claim_known(c)}}
             AND (party:Country OR (party:Organisation AND party.kind IN ['government', 'agency', 'legislature']))
           MATCH (party)-[:PART_OF|LOCATED_IN*0..3]->(k:Country)
           RETURN k, 'named' AS via
           UNION
           MATCH (s:Claim {kind: 'sponsorship'})-[:SUBJECT]->(camp), (s)-[:OBJECT]->(body)
           WHERE {{claim_known(s)}}
           MATCH (body)-[:PART_OF|LOCATED_IN*0..3]->(k:Country)
           RETURN k, 'sponsorship' AS via
           UNION
           MATCH (c:Claim {kind: 'attribution'})-[:SUBJECT]->(camp), (c)-[:OBJECT]->(actor:Actor)
           WHERE {{claim_known(c)}}
           MATCH (s:Claim {kind: 'sponsorship'})-[:SUBJECT]->(actor), (s)-[:OBJECT]->(body)
           WHERE {{claim_known(s)}}
           MATCH (body)-[:PART_OF|LOCATED_IN*0..3]->(k:Country)
           RETURN k, 'sponsorship' AS via
           UNION
           MATCH (c:Claim {kind: 'attribution'})-[:SUBJECT]->(camp), (c)-[:OBJECT]->(actor:Actor)
           WHERE {{claim_known(c)}}
           MATCH (actor)-[:OPERATES_FROM]->(k:Country)
           RETURN k, 'operates from' AS via
         }
         RETURN {state_id: k.id, state: k.name, via: via}
         ORDER BY k.name, via
       } AS states
ORDER BY camp.first_seen, campaign_id
