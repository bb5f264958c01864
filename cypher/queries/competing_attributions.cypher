// title: Competing attributions for a campaign
// description: Who says who is behind a campaign, side by side. Rows are every attribution
//   and sponsorship claim whose subject is the campaign (scope 'campaign'), then every
//   attribution and sponsorship claim whose subject is an actor the campaign is attributed
//   to (scope 'attributed actor'). Columns: the claimant and its kind; attributed, the
//   claim's object (name, label, id); state_link, the sponsorship claims about the
//   attributed party, preceded by the party itself when it is a country or a government,
//   agency or legislature; basis; made_on; the claimant's own confidence wording and scale
//   with the normalised 0-100 number; the quote in the claimant's words and the editor's note;
//   the sources (with reliability and the source each relays); the denials disputing it.
//   status is 'denied' when a denial disputing the claim was made by the attributed party
//   itself, by one of its state links, or by a state body (a country; a government, agency
//   or legislature; or a person working for one) of the same country as one of its state
//   links; 'contested' when only others deny it; otherwise 'uncontested'. Non-attribution,
//   alias, fact and denial claims are never listed as attributions. With as_of, only claims,
//   state links and denials made on or before that day count, and only the sources published
//   by then (undated ones too): the table as known then. Something dated only by month or
//   year counts from the last day of that period ("2021-03" from 2021-03-31), or with
//   period_start from its first day. Dates are as precise as known ("2021-03", "2022").
// param: campaign (string, required): the campaign id, e.g. exchange-2021
// param: as_of (date, optional): only what was claimed on or before this day (YYYY-MM-DD)
// param: period_start (boolean, default: false): with as_of, count what is dated only by month or year from the first day of its period, not the last
// param: limit (integer, default: 200): rows at most
MATCH (camp:Campaign {id: $campaign})
// The as-of rule (known_by, claim_known, source_known): cypher/fragments/as_of.cypher.
WITH camp, {{known_by}} AS known_by
CALL (camp, known_by) {
  MATCH (c:Claim)-[:SUBJECT]->(camp)
  WHERE c.kind IN ['attribution', 'sponsorship'] AND {{claim_known(c)}}
  RETURN c, 'campaign' AS scope
  UNION
  MATCH (a:Claim {kind: 'attribution'})-[:SUBJECT]->(camp),
        (a)-[:OBJECT]->(actor:Actor)<-[:SUBJECT]-(c:Claim)
  WHERE c.kind IN ['attribution', 'sponsorship']
    AND {{claim_known(a)}} AND {{claim_known(c)}}
  RETURN c, 'attributed actor' AS scope
}
MATCH (c)-[:SUBJECT]->(subj), (c)-[:OBJECT]->(obj)
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
WITH c, scope, subj, obj, who, known_by,
     obj:Country OR (obj:Organisation AND obj.kind IN ['government', 'agency', 'legislature'])
       AS obj_is_state
WITH c, scope, subj, obj, who, known_by,
     CASE WHEN obj_is_state
       THEN [{claim: c.id, claimant: null, state_id: obj.id, state: obj.name,
              state_kind: coalesce(obj.kind, 'country'),
              made_on: left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
              confidence_label: null, confidence: null}]
       ELSE [] END +
     COLLECT {
       MATCH (s:Claim {kind: 'sponsorship'})-[:SUBJECT]->(obj), (s)-[:OBJECT]->(st)
       WHERE {{claim_known(s)}}
       OPTIONAL MATCH (s)-[:CLAIMED_BY]->(sw)
       RETURN {claim: s.id, claimant: sw.name, state_id: st.id, state: st.name,
               state_kind: coalesce(st.kind, 'country'),
               made_on: left(toString(s.made_on), CASE s.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
               confidence_label: s.confidence_label, confidence: s.confidence}
       ORDER BY s.made_on, s.id
     } AS state_link,
     CASE WHEN obj_is_state THEN [obj] ELSE [] END +
     COLLECT {
       MATCH (s:Claim {kind: 'sponsorship'})-[:SUBJECT]->(obj), (s)-[:OBJECT]->(st)
       WHERE {{claim_known(s)}}
         AND (st:Country OR (st:Organisation AND st.kind IN ['government', 'agency', 'legislature']))
       RETURN DISTINCT st
     } AS state_bodies
WITH c, scope, subj, obj, who, known_by, state_link, state_bodies,
     COLLECT {
       UNWIND state_bodies AS b
       MATCH (b)-[:PART_OF|LOCATED_IN*0..3]->(k:Country)
       RETURN DISTINCT k
     } AS state_countries
WITH c, scope, subj, obj, who, known_by, state_link,
     COLLECT {
       MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(c)
       WHERE {{claim_known(d)}}
       OPTIONAL MATCH (d)-[:CLAIMED_BY]->(dw)
       RETURN {claim: d.id, claimant: dw.name, claimant_id: dw.id,
               made_on: left(toString(d.made_on), CASE d.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
               made_on_precision: d.made_on_precision, statement: d.statement,
               by_attributed_party: coalesce(dw = obj OR dw IN state_bodies OR EXISTS {
                 MATCH (dw)-[:WORKS_FOR*0..1]->(body)-[:PART_OF|LOCATED_IN*0..3]->(k:Country)
                 WHERE k IN state_countries
                   AND (body:Country OR
                        (body:Organisation AND body.kind IN ['government', 'agency', 'legislature']))
               }, false)}
       ORDER BY d.made_on, d.id
     } AS denials
RETURN c.id AS claim,
       c.kind AS kind,
       scope,
       subj.name AS subject,
       who.name AS claimant,
       CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
       COLLECT { MATCH (who)-[:WORKS_FOR]->(o:Organisation) RETURN o.name }[0] AS claimant_org,
       obj.name AS attributed,
       [l IN labels(obj) WHERE l <> 'Entity'][0] AS attributed_label,
       obj.id AS attributed_id,
       state_link,
       c.basis AS basis,
       left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       c.made_on_precision AS made_on_precision,
       c.confidence_label AS confidence_label,
       c.confidence_scale AS confidence_scale,
       c.confidence AS confidence,
       c.quote AS quote,
       c.note AS note,
       COLLECT {
         MATCH (c)-[:CITES]->(s:Source)
         WHERE {{source_known(s)}}
         RETURN {id: s.id, title: s.title, title_en: s.title_en, publisher: s.publisher,
                 url: s.url, reliability: s.reliability,
                 relays: [(s)-[:RELAYS]->(original:Source) | original.id],
                 relayed: {{relayed(s)}},
                 published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY s.published, s.id
       } AS sources,
       denials,
       CASE
         WHEN any(d IN denials WHERE d.by_attributed_party) THEN 'denied'
         WHEN size(denials) > 0 THEN 'contested'
         ELSE 'uncontested'
       END AS status
ORDER BY scope = 'campaign' DESC, c.made_on, claim
LIMIT $limit
