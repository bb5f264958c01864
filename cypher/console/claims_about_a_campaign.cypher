// title: Claims about a campaign (graph)
// params: {"campaign": "exchange-2021"}
MATCH (c:Claim)-[r:SUBJECT]->(camp:Campaign {id: $campaign})
OPTIONAL MATCH (c)-[b:CLAIMED_BY]->(who)
RETURN c, r, camp, b, who
