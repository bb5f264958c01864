// title: Shortest paths between two entities
// description: All shortest paths (up to 8 hops, either direction) between two entities,
//   through claims, events and direct edges but not through sources (two claims citing the
//   same report are not a link). steps lists the names along each path (claims shown by
//   kind and id), types the relationship types.
// param: from_id (string, required): the first entity id, e.g. mss
// param: to_id (string, required): the second entity id, e.g. hafnium
// param: limit (integer, default: 10): paths at most
MATCH (a:Entity {id: $from_id}), (b:Entity {id: $to_id})
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE none(n IN nodes(p) WHERE n:Source)
RETURN p AS path,
       length(p) AS hops,
       [n IN nodes(p) | coalesce(n.name, n.kind + ' claim ' + n.id, n.id)] AS steps,
       [r IN relationships(p) | type(r)] AS types
LIMIT $limit
