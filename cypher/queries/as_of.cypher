// title: Attributions known on a date
// description: Every attribution and sponsorship claim made on or before the day (what an
//   analyst could have known then), with its status on that day: 'denied' when a denial
//   made by then was by the attributed party or its state (see competing_attributions for
//   the exact rule), 'contested' when only others had denied it, else 'uncontested'.
//   Claims made later, and denials made later, are left out. A claim dated only by month or
//   year counts from the last day of that period (the default: "2021-03" from 2021-03-31,
//   "2021" from 2021-12-31) or, with period_start, from its first day. quote and note are the
//   claim's words and the editor's note; sources lists the claim's sources (title, publisher,
//   date, URL, reliability and the source each relays) published by then under the same rule
//   (undated ones too). Dates are as precise as known ("2021-03"). Non-attributions,
//   aliases, facts and denials are never listed as attributions. Give an id to keep the
//   claims whose subject or object it is.
//   claimant_kind: what the claimant is (an organisation's kind - vendor, media, government, ... - or
//   person); a media claimant's claim (an encyclopedia, a news roundup) cites earlier reporting.
// param: as_of (date, required): the day, YYYY-MM-DD, e.g. 2021-03-31
// param: period_start (boolean, default: false): count a claim or source dated only by month or year from the first day of its period, not the last
// param: id (string, optional): a campaign or actor id to filter on, e.g. exchange-2021
// param: limit (integer, default: 500): rows at most
// The as-of rule (known_by, claim_known, source_known): cypher/fragments/as_of.cypher.
WITH {{known_by}} AS known_by
// With an id, the candidates are found from the entity (index seek), not by reading every
// claim; the filter below still decides.
CALL (known_by) {
  MATCH (:Entity {id: $id})<-[:SUBJECT|OBJECT]-(c:Claim)
  RETURN c
  UNION
  WITH $id AS id
  WHERE id IS NULL
  MATCH (c:Claim)
  // made_on <= $as_of: not the rule (claim_known is), but what it implies, as a range the
  // claim_made_on index can seek
  WHERE c.kind IN ['attribution', 'sponsorship'] AND c.made_on <= $as_of
    AND {{claim_known(c)}}
    AND EXISTS { (c)-[:SUBJECT]->() } AND EXISTS { (c)-[:OBJECT]->() }
  // the same first rows as the final ORDER BY ... LIMIT (one row per claim), read in index
  // order (claim_made_on) instead of sorting every claim
  RETURN c
  ORDER BY c.made_on, c.id
  LIMIT $limit
}
MATCH (c)-[:SUBJECT]->(subj), (c)-[:OBJECT]->(obj)
WHERE c.kind IN ['attribution', 'sponsorship']
  AND {{claim_known(c)}}
  AND ($id IS NULL OR $id IN [subj.id, obj.id])
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
WITH c, subj, obj, who, known_by,
     CASE WHEN obj:Country OR
               (obj:Organisation AND obj.kind IN ['government', 'agency', 'legislature'])
       THEN [obj] ELSE [] END +
     COLLECT {
       MATCH (s:Claim {kind: 'sponsorship'})-[:SUBJECT]->(obj), (s)-[:OBJECT]->(st)
       WHERE {{claim_known(s)}}
         AND (st:Country OR (st:Organisation AND st.kind IN ['government', 'agency', 'legislature']))
       RETURN DISTINCT st
     } AS state_bodies
WITH c, subj, obj, who, known_by, state_bodies,
     COLLECT {
       UNWIND state_bodies AS b
       MATCH (b)-[:PART_OF|LOCATED_IN*0..3]->(k:Country)
       RETURN DISTINCT k
     } AS state_countries
WITH c, subj, obj, who, known_by,
     COLLECT {
       MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(c)
       WHERE {{claim_known(d)}}
       OPTIONAL MATCH (d)-[:CLAIMED_BY]->(dw)
       RETURN {claim: d.id, claimant: dw.name,
               made_on: left(toString(d.made_on), CASE d.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
               made_on_precision: d.made_on_precision,
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
       subj.name AS subject,
       [l IN labels(subj) WHERE l <> 'Entity'][0] AS subject_label,
       who.name AS claimant,
       CASE WHEN who:Person THEN 'person' ELSE who.kind END AS claimant_kind,
       obj.name AS attributed,
       [l IN labels(obj) WHERE l <> 'Entity'][0] AS attributed_label,
       left(toString(c.made_on), CASE c.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS made_on,
       c.made_on_precision AS made_on_precision,
       c.confidence_label AS confidence_label,
       c.confidence AS confidence,
       c.basis AS basis,
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
ORDER BY c.made_on, claim
LIMIT $limit
