// STIX export: every node to export with what its STIX id depends on (label, kind, stix_id
// and, for claims, the object they point at), and a source's publication date (what dates
// the objects citing it). $ids: a neighbourhood's node ids, or null.
MATCH (n)
WHERE $ids IS NULL OR n.id IN $ids
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.kind AS kind,
       n.stix_id AS stix_id, [(n:Claim)-[:OBJECT]->(o) | o.id][0] AS object,
       CASE WHEN n:Source THEN n.published END AS published,
       CASE WHEN n:Source THEN n.published_precision END AS published_precision
