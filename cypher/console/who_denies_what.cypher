// title: Who denies what
MATCH (d:Claim {kind: 'denial'})-[:DISPUTES]->(c:Claim)
MATCH (d)-[:CLAIMED_BY]->(who), (c)-[:CLAIMED_BY]->(accuser)
RETURN who.name AS denier, accuser.name AS accuser, c.kind AS kind, c.statement AS claim
