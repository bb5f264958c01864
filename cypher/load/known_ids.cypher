// Loader: labels of ids that an input file references but does not define (already loaded).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Entity {id: id}) RETURN n
  UNION
  MATCH (n:Source {id: id}) RETURN n
  UNION
  MATCH (n:Claim {id: id}) RETURN n
  UNION
  MATCH (n:Event {id: id}) RETURN n
}
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label
