// title: Attribution matrix: campaigns by attributed party
// description: One row per campaign and party it is blamed on (an actor, or for sponsorship
//   claims an organisation or country): how many attribution and sponsorship claims link
//   them, by whom, the highest normalised confidence (with its original wording), the first
//   date it was claimed, and whether any of those claims is disputed by a denial (contested,
//   with who denied it in denied_by; competing_attributions tells denied from contested).
//   Only attribution and sponsorship claims whose subject is the campaign count:
//   non-attributions and denials never do. With as_of, only claims and denials made on or
//   before that day count; one dated only by month or year from the last day of that period
//   ("2021-03" from 2021-03-31), or with period_start from its first day. first_claimed is as
//   precise as known ("2021-03").
// param: as_of (date, optional): only what was claimed on or before this day (YYYY-MM-DD)
// param: period_start (boolean, default: false): with as_of, count what is dated only by month or year from the first day of its period, not the last
// param: limit (integer, default: 500): rows at most
// Rows are ordered by campaign name first and every campaign with a claim gives at least one
// row, so only the first $limit such campaigns by name (and any other campaign sharing the
// last name) can appear: the matrix is built for those alone instead of aggregating every
// claim of the graph (which at a million nodes exceeded the transaction memory limit).
// The as-of rule (known_by, claim_known, source_known): cypher/fragments/as_of.cypher.
WITH {{known_by}} AS known_by
CALL (known_by) {
  MATCH (camp:Campaign)
  WHERE EXISTS {
    MATCH (c:Claim)-[:SUBJECT]->(camp)
    WHERE c.kind IN ['attribution', 'sponsorship']
      AND {{claim_known(c)}}
      AND EXISTS { (c)-[:OBJECT]->() }
  }
  WITH camp
  ORDER BY camp.name
  LIMIT $limit
  RETURN collect(camp) AS firsts, max(camp.name) AS last_name
}
UNWIND firsts + COLLECT {
  MATCH (x:Entity {name: last_name})
  WHERE x:Campaign AND NOT x IN firsts
  RETURN x
} AS camp
MATCH (c:Claim)-[:SUBJECT]->(camp), (c)-[:OBJECT]->(party)
WHERE c.kind IN ['attribution', 'sponsorship'] AND {{claim_known(c)}}
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
WITH camp, party, c, who,
     COLLECT {
       MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(c)
       WHERE {{claim_known(d)}}
       OPTIONAL MATCH (d)-[:CLAIMED_BY]->(dw)
       RETURN coalesce(dw.name, d.id)
     } AS denied_by
ORDER BY c.confidence DESC
WITH camp, party,
     count(c) AS claims,
     collect(DISTINCT c.kind) AS kinds,
     collect(DISTINCT who.name) AS claimants,
     max(c.confidence) AS highest_confidence,
     collect(c.confidence_label)[0] AS highest_confidence_label,
     // the earliest claim's date, as precise as it is known
     reduce(first = null, x IN collect([c.made_on, c.made_on_precision]) |
       CASE WHEN first IS NULL OR x[0] < first[0] THEN x ELSE first END) AS first_claimed,
     reduce(acc = [], names IN collect(denied_by) |
       acc + [n IN names WHERE NOT n IN acc]) AS denied_by
RETURN camp.id AS campaign_id,
       camp.name AS campaign,
       party.id AS attributed_id,
       party.name AS attributed,
       [l IN labels(party) WHERE l <> 'Entity'][0] AS attributed_label,
       kinds,
       claims,
       claimants,
       highest_confidence,
       highest_confidence_label,
       left(toString(first_claimed[0]),
            CASE first_claimed[1] WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS first_claimed,
       size(denied_by) > 0 AS contested,
       denied_by
ORDER BY campaign, claims DESC, attributed
LIMIT $limit
