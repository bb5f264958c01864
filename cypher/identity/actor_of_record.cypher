// Identity (Explore page): the stored resolved actor an actor record is a member of ($id: the
// record id), under the policy it was stored with (`attrib identity resolve`).
MATCH (:Actor {id: $id})-[:MEMBER_OF]->(r:ResolvedActor)
RETURN r.id AS actor_id, r.name AS actor, r.member_count AS members
LIMIT 1
