// Identity: naming claims ("Microsoft calls this record HAFNIUM"): who gave which name to which
// actor record. A naming claim is an alias claim with an `alias` name and no OBJECT.
MATCH (c:Claim {kind: 'alias'})-[:SUBJECT]->(a:Actor)
WHERE c.alias IS NOT NULL
OPTIONAL MATCH (c)-[:CLAIMED_BY]->(who)
RETURN c.id AS claim, a.id AS record, c.alias AS name, who.id AS given_by,
       who.name AS given_by_name, c.dataset AS dataset
ORDER BY claim
