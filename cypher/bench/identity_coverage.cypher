// Benchmark: how many actor records the graph holds, and how many are members of a resolved
// actor (after a complete resolution: all of them), and the largest resolved actor.
MATCH (a:Actor)
WITH count(a) AS records, count { MATCH (a)-[:MEMBER_OF]->(:ResolvedActor) } AS members
RETURN records, members,
       COALESCE(COLLECT { MATCH (r:ResolvedActor) RETURN max(r.member_count) }[0], 0) AS largest
