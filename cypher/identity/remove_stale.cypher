// Identity: before the resolved actors are written, remove those the new resolution no longer
// has ($ids), and memberships that now point elsewhere ($actor_of: record id -> actor id).
CALL () {
  MATCH (r:ResolvedActor)
  WHERE NOT r.id IN $ids
  DETACH DELETE r
}
MATCH (a:Actor)-[m:MEMBER_OF]->(r:ResolvedActor)
WHERE $actor_of[a.id] IS NULL OR $actor_of[a.id] <> r.id
DELETE m
