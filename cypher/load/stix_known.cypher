// Loader (STIX import): the nodes behind STIX ids that a bundle references but does not contain.
// A node matches by its id or its stix_id; the importer only checks that the reference exists
// (what it plans never depends on the database). It picks, per STIX id, the row whose label
// fits the STIX type.
UNWIND $ids AS sid
CALL (sid) {
  MATCH (n:Entity {id: sid}) RETURN n
  UNION
  MATCH (n:Entity {stix_id: sid}) RETURN n
  UNION
  MATCH (n:Source {id: sid}) RETURN n
  UNION
  MATCH (n:Source {stix_id: sid}) RETURN n
  UNION
  MATCH (n:Claim {id: sid}) RETURN n
  UNION
  MATCH (n:Claim {stix_id: sid}) RETURN n
  UNION
  MATCH (n:Event {id: sid}) RETURN n
}
OPTIONAL MATCH (n:Claim)-[:SUBJECT]->(subject)
RETURN sid,
       n.id AS id,
       [l IN labels(n) WHERE l <> 'Entity'][0] AS label,
       n.kind AS kind,
       coalesce(n.name, n.title, n.statement) AS name,
       subject.id AS subject
