// title: Overview: what the graph holds
// description: Counts for the overview page: nodes by label (the shared Entity label left
//   out), claims by kind, and relationships by type. what says which group a row is in.
CALL () {
  MATCH (n)
  UNWIND labels(n) AS name
  WITH name
  WHERE name <> 'Entity'
  RETURN 'nodes' AS what, name, count(*) AS count
  UNION ALL
  MATCH (c:Claim)
  RETURN 'claims' AS what, c.kind AS name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationships' AS what, type(r) AS name, count(*) AS count
}
RETURN what, name, count
ORDER BY what = 'nodes' DESC, what = 'claims' DESC, count DESC, name
LIMIT 200
