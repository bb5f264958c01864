// title: Shortest paths between two entities
// description: All shortest paths (up to 8 hops, either direction) between two entities,
//   through claims, events and direct edges but not through sources (two claims citing the
//   same report are not a link). Trivial links are left out by default: being in the same
//   country (LOCATED_IN, OPERATES_FROM), the same sector (IN_SECTOR) or citing the same source
//   (CITES) says nothing about a tie between the two; pass avoid=[] to allow them. steps lists
//   the names along each path (claims shown by kind and id), types the relationship types.
// param: from_id (string, required): the first entity id, e.g. mss
// param: to_id (string, required): the second entity id, e.g. hafnium
// param: avoid (list, default: ["LOCATED_IN", "OPERATES_FROM", "IN_SECTOR", "CITES"]): relationship types no path may use
// param: limit (integer, default: 10): paths at most
MATCH (a:Entity {id: $from_id}), (b:Entity {id: $to_id})
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE none(n IN nodes(p) WHERE n:Source)
  AND none(r IN relationships(p) WHERE type(r) IN coalesce($avoid, []))
RETURN p AS path,
       length(p) AS hops,
       [n IN nodes(p) | coalesce(n.name, n.kind + ' claim ' + n.id, n.id)] AS steps,
       [r IN relationships(p) | type(r)] AS types
LIMIT $limit
