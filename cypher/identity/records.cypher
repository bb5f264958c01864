// Identity: every actor record (one source's record of a group), for the resolution.
// Records written before datasets existed (no `dataset`) count as the seed's.
MATCH (a:Actor)
RETURN a.id AS id, a.dataset AS dataset, a.name AS name, a.aliases AS aliases,
       a.external_ids AS external_ids, a.source_id AS source_id, a.description AS description
ORDER BY id
