// title: Overview: what the graph holds
// description: Counts for the overview page: nodes by label (the shared Entity label and the
//   loader's record of the files it loaded left out), claims by kind, and relationships by type. what says which group a row is in; a
//   label, kind or type with nothing in the graph is left out.

// Each label and relationship type is named and counted without a grouping key, so Neo4j
// answers from its count store (constant time); claims are counted through the claim_kind
// index. The graph is never read in full.
// tests/test_queries.py checks that every label, claim kind and edge type of the loader is here.
CALL () {
  MATCH (n:Actor) WITH count(n) AS count RETURN 'nodes' AS what, 'Actor' AS name, count
  UNION ALL
  MATCH (n:Organisation) WITH count(n) AS count RETURN 'nodes' AS what, 'Organisation' AS name, count
  UNION ALL
  MATCH (n:Person) WITH count(n) AS count RETURN 'nodes' AS what, 'Person' AS name, count
  UNION ALL
  MATCH (n:Country) WITH count(n) AS count RETURN 'nodes' AS what, 'Country' AS name, count
  UNION ALL
  MATCH (n:Campaign) WITH count(n) AS count RETURN 'nodes' AS what, 'Campaign' AS name, count
  UNION ALL
  MATCH (n:Vulnerability) WITH count(n) AS count RETURN 'nodes' AS what, 'Vulnerability' AS name, count
  UNION ALL
  MATCH (n:Tool) WITH count(n) AS count RETURN 'nodes' AS what, 'Tool' AS name, count
  UNION ALL
  MATCH (n:Infrastructure) WITH count(n) AS count RETURN 'nodes' AS what, 'Infrastructure' AS name, count
  UNION ALL
  MATCH (n:Sector) WITH count(n) AS count RETURN 'nodes' AS what, 'Sector' AS name, count
  UNION ALL
  MATCH (n:Source) WITH count(n) AS count RETURN 'nodes' AS what, 'Source' AS name, count
  UNION ALL
  MATCH (n:Event) WITH count(n) AS count RETURN 'nodes' AS what, 'Event' AS name, count
  UNION ALL
  MATCH (n:Claim) WITH count(n) AS count RETURN 'nodes' AS what, 'Claim' AS name, count
  UNION ALL
  MATCH (n:ResolvedActor) WITH count(n) AS count RETURN 'nodes' AS what, 'ResolvedActor' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'attribution' WITH count(c) AS count RETURN 'claims' AS what, 'attribution' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'sponsorship' WITH count(c) AS count RETURN 'claims' AS what, 'sponsorship' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'denial' WITH count(c) AS count RETURN 'claims' AS what, 'denial' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'corroboration' WITH count(c) AS count RETURN 'claims' AS what, 'corroboration' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'non-attribution' WITH count(c) AS count RETURN 'claims' AS what, 'non-attribution' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'alias' WITH count(c) AS count RETURN 'claims' AS what, 'alias' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'fact' WITH count(c) AS count RETURN 'claims' AS what, 'fact' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'same-as' WITH count(c) AS count RETURN 'claims' AS what, 'same-as' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'overlaps' WITH count(c) AS count RETURN 'claims' AS what, 'overlaps' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'associated' WITH count(c) AS count RETURN 'claims' AS what, 'associated' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'distinct' WITH count(c) AS count RETURN 'claims' AS what, 'distinct' AS name, count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'split-from' WITH count(c) AS count RETURN 'claims' AS what, 'split-from' AS name, count
  UNION ALL
  MATCH ()-[r:USES]->() WITH count(r) AS count RETURN 'relationships' AS what, 'USES' AS name, count
  UNION ALL
  MATCH ()-[r:TARGETS]->() WITH count(r) AS count RETURN 'relationships' AS what, 'TARGETS' AS name, count
  UNION ALL
  MATCH ()-[r:AFFECTED]->() WITH count(r) AS count RETURN 'relationships' AS what, 'AFFECTED' AS name, count
  UNION ALL
  MATCH ()-[r:EXPLOITS]->() WITH count(r) AS count RETURN 'relationships' AS what, 'EXPLOITS' AS name, count
  UNION ALL
  MATCH ()-[r:OPERATES_FROM]->() WITH count(r) AS count RETURN 'relationships' AS what, 'OPERATES_FROM' AS name, count
  UNION ALL
  MATCH ()-[r:LOCATED_IN]->() WITH count(r) AS count RETURN 'relationships' AS what, 'LOCATED_IN' AS name, count
  UNION ALL
  MATCH ()-[r:PART_OF]->() WITH count(r) AS count RETURN 'relationships' AS what, 'PART_OF' AS name, count
  UNION ALL
  MATCH ()-[r:WORKS_FOR]->() WITH count(r) AS count RETURN 'relationships' AS what, 'WORKS_FOR' AS name, count
  UNION ALL
  MATCH ()-[r:IN_SECTOR]->() WITH count(r) AS count RETURN 'relationships' AS what, 'IN_SECTOR' AS name, count
  UNION ALL
  MATCH ()-[r:RELATED_TO]->() WITH count(r) AS count RETURN 'relationships' AS what, 'RELATED_TO' AS name, count
  UNION ALL
  MATCH ()-[r:CLAIMED_BY]->() WITH count(r) AS count RETURN 'relationships' AS what, 'CLAIMED_BY' AS name, count
  UNION ALL
  MATCH ()-[r:SUBJECT]->() WITH count(r) AS count RETURN 'relationships' AS what, 'SUBJECT' AS name, count
  UNION ALL
  MATCH ()-[r:OBJECT]->() WITH count(r) AS count RETURN 'relationships' AS what, 'OBJECT' AS name, count
  UNION ALL
  MATCH ()-[r:CITES]->() WITH count(r) AS count RETURN 'relationships' AS what, 'CITES' AS name, count
  UNION ALL
  MATCH ()-[r:DISPUTES]->() WITH count(r) AS count RETURN 'relationships' AS what, 'DISPUTES' AS name, count
  UNION ALL
  MATCH ()-[r:SUPPORTS]->() WITH count(r) AS count RETURN 'relationships' AS what, 'SUPPORTS' AS name, count
  UNION ALL
  MATCH ()-[r:CONCERNS]->() WITH count(r) AS count RETURN 'relationships' AS what, 'CONCERNS' AS name, count
  UNION ALL
  MATCH ()-[r:MEMBER_OF]->() WITH count(r) AS count RETURN 'relationships' AS what, 'MEMBER_OF' AS name, count
  UNION ALL
  MATCH ()-[r:RELAYS]->() WITH count(r) AS count RETURN 'relationships' AS what, 'RELAYS' AS name, count
}
WITH what, name, count
WHERE count > 0
RETURN what, name, count
ORDER BY what = 'nodes' DESC, what = 'claims' DESC, count DESC, name
LIMIT 200
