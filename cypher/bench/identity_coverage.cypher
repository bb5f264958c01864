// Benchmark: how many actor records the graph holds, how many are members of a resolved actor
// (after a complete resolution: all of them), and the largest resolved actor.
CALL () {
  MATCH (a:Actor)
  RETURN count(a) AS records,
         count(CASE WHEN EXISTS { (a)-[:MEMBER_OF]->(:ResolvedActor) } THEN 1 END) AS members
}
CALL () {
  MATCH (r:ResolvedActor)
  RETURN coalesce(max(r.member_count), 0) AS largest
}
RETURN records, members, largest
