// title: Provenance: the sources behind a claim or an entity
// description: Give a claim id to list the sources it cites. Give an entity (or event) id to
//   list the sources behind the record itself, behind every claim about it (as subject or
//   object) and behind each of its direct edges (USES, TARGETS, ...; an edge's `sources`
//   property holds source ids). Each row is one source reached one way: via says how
//   ('record', 'claim' or 'edge'), via_id and via_text which claim or edge. published is as
//   precise as known ("2021-03").
// param: id (string, required): a claim, entity or event id, e.g. claim-microsoft-attribution-exchange-hafnium
// param: limit (integer, default: 500): rows at most
CALL () {
  MATCH (n:Claim {id: $id}) RETURN n
  UNION
  MATCH (n:Entity {id: $id}) RETURN n
  UNION
  MATCH (n:Event {id: $id}) RETURN n
}
CALL (n) {
  MATCH (n)-[:CITES]->(s:Source)
  RETURN s, CASE WHEN n:Claim THEN 'claim' ELSE 'record' END AS via, n.id AS via_id,
         coalesce(n.statement, n.name) AS via_text
  UNION
  MATCH (c:Claim)-[:SUBJECT|OBJECT]->(n), (c)-[:CITES]->(s:Source)
  WHERE NOT n:Claim
  RETURN s, 'claim' AS via, c.id AS via_id, c.kind + ': ' + c.statement AS via_text
  UNION
  MATCH (n)-[r:USES|TARGETS|AFFECTED|EXPLOITS|OPERATES_FROM|LOCATED_IN|PART_OF|WORKS_FOR|IN_SECTOR|RELATED_TO]-(m)
  UNWIND coalesce(r.sources, []) AS source_id
  MATCH (s:Source {id: source_id})
  RETURN s, 'edge' AS via,
         startNode(r).id + ' ' + type(r) + ' ' + endNode(r).id AS via_id,
         startNode(r).name + ' ' + type(r) + ' ' + endNode(r).name AS via_text
}
RETURN s.id AS source,
       s.title AS title,
       s.title_en AS title_en,
       s.publisher AS publisher,
       s.author AS author,
       s.url AS url,
       left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS published,
       s.language AS language,
       s.reliability AS reliability,
       s.ref AS ref,
       via,
       via_id,
       via_text
ORDER BY via = 'claim' DESC, via_id, s.published, source
LIMIT $limit
