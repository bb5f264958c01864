// title: Overview: what the graph holds
// description: Counts for the overview page: nodes by label (the shared Entity label left
//   out), claims by kind, and relationships by type. what says which group a row is in; a
//   label, kind or type with nothing in the graph is left out.

// Each label and relationship type is named, so Neo4j answers from its count store (constant
// time) and claims are counted through the claim_kind index: the graph is never read in full.
// tests/test_queries.py checks that every label, claim kind and edge type of the loader is here.
CALL () {
  MATCH (n:Actor) RETURN 'nodes' AS what, 'Actor' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Organisation) RETURN 'nodes' AS what, 'Organisation' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Person) RETURN 'nodes' AS what, 'Person' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Country) RETURN 'nodes' AS what, 'Country' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Campaign) RETURN 'nodes' AS what, 'Campaign' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Vulnerability) RETURN 'nodes' AS what, 'Vulnerability' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Tool) RETURN 'nodes' AS what, 'Tool' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Infrastructure) RETURN 'nodes' AS what, 'Infrastructure' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Sector) RETURN 'nodes' AS what, 'Sector' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Source) RETURN 'nodes' AS what, 'Source' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Event) RETURN 'nodes' AS what, 'Event' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Claim) RETURN 'nodes' AS what, 'Claim' AS name, count(n) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'attribution' RETURN 'claims' AS what, 'attribution' AS name, count(c) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'sponsorship' RETURN 'claims' AS what, 'sponsorship' AS name, count(c) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'denial' RETURN 'claims' AS what, 'denial' AS name, count(c) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'corroboration' RETURN 'claims' AS what, 'corroboration' AS name, count(c) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'non-attribution' RETURN 'claims' AS what, 'non-attribution' AS name, count(c) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'alias' RETURN 'claims' AS what, 'alias' AS name, count(c) AS count
  UNION ALL
  MATCH (c:Claim) WHERE c.kind = 'fact' RETURN 'claims' AS what, 'fact' AS name, count(c) AS count
  UNION ALL
  MATCH ()-[r:USES]->() RETURN 'relationships' AS what, 'USES' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:TARGETS]->() RETURN 'relationships' AS what, 'TARGETS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:AFFECTED]->() RETURN 'relationships' AS what, 'AFFECTED' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:EXPLOITS]->() RETURN 'relationships' AS what, 'EXPLOITS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:OPERATES_FROM]->() RETURN 'relationships' AS what, 'OPERATES_FROM' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:LOCATED_IN]->() RETURN 'relationships' AS what, 'LOCATED_IN' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:PART_OF]->() RETURN 'relationships' AS what, 'PART_OF' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:WORKS_FOR]->() RETURN 'relationships' AS what, 'WORKS_FOR' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:IN_SECTOR]->() RETURN 'relationships' AS what, 'IN_SECTOR' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:RELATED_TO]->() RETURN 'relationships' AS what, 'RELATED_TO' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:CLAIMED_BY]->() RETURN 'relationships' AS what, 'CLAIMED_BY' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:SUBJECT]->() RETURN 'relationships' AS what, 'SUBJECT' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:OBJECT]->() RETURN 'relationships' AS what, 'OBJECT' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:CITES]->() RETURN 'relationships' AS what, 'CITES' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:DISPUTES]->() RETURN 'relationships' AS what, 'DISPUTES' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:SUPPORTS]->() RETURN 'relationships' AS what, 'SUPPORTS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:CONCERNS]->() RETURN 'relationships' AS what, 'CONCERNS' AS name, count(r) AS count
}
WITH what, name, count
WHERE count > 0
RETURN what, name, count
ORDER BY what = 'nodes' DESC, what = 'claims' DESC, count DESC, name
LIMIT 200
