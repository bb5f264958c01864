// Identity: naming claims ("Microsoft calls this record HAFNIUM"): who gave (or uses) which name
// for which actor record, how (`naming`: given first-hand, reported by the cited source, or only
// used; older graphs: given), and who reports it: the sources the claim cites.
// A naming claim is an alias claim with an `alias` name and no OBJECT.
MATCH (c:Claim {kind: 'alias'})-[:SUBJECT]->(a:Actor)
WHERE c.alias IS NOT NULL
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN c.id AS claim, a.id AS record, c.alias AS name, who.id AS given_by,
       who.name AS given_by_name, c.dataset AS dataset,
       coalesce(c.naming, 'given') AS naming,
       [(c)-[:CITES]->(s:Source) | {id: s.id, publisher: s.publisher, title: s.title}]
         AS reporters
ORDER BY claim
