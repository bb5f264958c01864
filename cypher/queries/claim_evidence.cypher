// title: Claim evidence: each source, what it relays, and which are independent
// description: Give a claim id for the sources it cites, or a campaign id for the sources of
//   every attribution and sponsorship claim about the campaign. One row per claim and source:
//   its title, publisher, date (with its precision), URL and Admiralty reliability; relays
//   names the source it reports (a wire story of a blog, a translation) and origin the
//   source at the end of that chain (itself when it relays nothing). independent is true
//   when the source relays nothing the same claim cites: eight reports of one blog post are
//   one original and seven relays, not eight sources.
// param: id (string, required): a claim id, e.g. claim-microsoft-attribution-exchange-hafnium, or a campaign id, e.g. exchange-2021
// param: limit (integer, default: 500): rows at most
// Relay chains are short (a translation of a report of a post); 10 hops bound the walk on any
//   graph, and a chain that loops (only possible across loads) falls back to the source itself.
//   independent is the rule of cypher/fragments/evidence.cypher, as every query's `relayed`.
CALL () {
  MATCH (c:Claim {id: $id})
  RETURN c
  UNION
  MATCH (c:Claim)-[:SUBJECT]->(:Campaign {id: $id})
  WHERE c.kind IN ['attribution', 'sponsorship']
  RETURN c
}
MATCH (c)-[:CITES]->(cited:Source)
WITH c, collect(cited) AS cited, collect(cited.id) AS cited_ids
UNWIND cited AS s
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
OPTIONAL MATCH (s)-[:RELAYS]->(original:Source)
WITH c, who, s, original,
     COLLECT {
       MATCH (s)-[:RELAYS*0..10]->(root:Source)
       WHERE NOT EXISTS { (root)-[:RELAYS]->(:Source) }
       RETURN root
       LIMIT 1
     } AS roots,
     // the one "independent source" rule: cypher/fragments/evidence.cypher
     any(r IN {{relayed(s)}} WHERE r IN cited_ids) AS relays_cited
WITH c, who, s, original, coalesce(roots[0], s) AS origin, relays_cited
RETURN c.id AS claim,
       c.kind AS kind,
       who.id AS claimant_id,
       who.name AS claimant,
       s.id AS source,
       s.title AS title,
       s.title_en AS title_en,
       s.publisher AS publisher,
       left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS published,
       s.published_precision AS published_precision,
       s.url AS url,
       s.reliability AS reliability,
       original.id AS relays,
       original.title AS relays_title,
       origin.id AS origin,
       origin.title AS origin_title,
       origin.publisher AS origin_publisher,
       NOT relays_cited AS independent
ORDER BY claim, origin, independent DESC, source
LIMIT $limit
