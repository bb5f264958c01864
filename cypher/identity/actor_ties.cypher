// Identity (actor page): the persons who belong to an actor's member records, the groups a
// record is part of and the groups that are part of it ($records: actor record ids), as the
// datasets say them (EuRepoC's `person --> group` and `group < parent`): one row per tie, with
// the dataset, the text it was read from and its sources. $limit: rows at most.
UNWIND $records AS rid
MATCH (rec:Actor {id: rid})-[r:PART_OF]-(other)
RETURN CASE
         WHEN startNode(r) = rec THEN 'part of'
         WHEN other:Person THEN 'member'
         ELSE 'holds'
       END AS tie,
       other.name AS name,
       [l IN labels(other) WHERE l <> 'Entity'][0] AS label,
       other.id AS id,
       rec.name AS record,
       coalesce(r.dataset, rec.dataset) AS dataset,
       r.statement AS as_written,
       COLLECT {
         MATCH (s:Source) WHERE s.id IN coalesce(r.sources, [])
         RETURN coalesce(s.title_en, s.title, s.id)
       } AS sources
ORDER BY tie, name, id
LIMIT $limit
