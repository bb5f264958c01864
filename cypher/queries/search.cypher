// title: Search entities by name or alias
// description: Finds entities (actors, organisations, people, countries, campaigns, tools,
//   vulnerabilities, infrastructure, sectors) by name, alias or original-language name. Each
//   word is looked up in the full-text index entity_names, whole and as a prefix; Lucene's
//   special characters in the input are escaped inside the query, so any text is safe to
//   pass. Entities whose folded names (name_keys: case, spaces and punctuation removed)
//   contain the folded input are added, so "silk typhoon", "Silk-Typhoon" or 中国政府 are
//   found too. Exact alias matches come first, then by full-text score.
// param: q (string, required): the name or alias to look for, e.g. silk typhoon
// param: limit (integer, default: 25): rows at most (1-100)
WITH $q AS q,
     ['\\', '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '/']
       AS special
WITH q, special,
     [t IN split(toLower(trim(replace(replace(replace(q, '\t', ' '), '\n', ' '), '\r', ' '))), ' ')
       WHERE t <> ''] AS words
WITH q,
     [w IN words |
       reduce(s = '', ch IN split(w, '') | s + CASE WHEN ch IN special THEN '\\' + ch ELSE ch END)]
       AS escaped,
     reduce(s = '', ch IN split(toLower(q), '') |
       s + CASE WHEN ch =~ '[\\p{L}\\p{N}]' THEN ch ELSE '' END) AS key
WITH key,
     CASE WHEN size(escaped) = 0 THEN ''
     ELSE '(' + reduce(s = head(escaped), w IN tail(escaped) | s + ' AND ' + w) + ') OR (' +
          reduce(s = head(escaped) + '*', w IN tail(escaped) | s + ' AND ' + w + '*') + ')'
     END AS lucene
CALL (key, lucene) {
  CALL db.index.fulltext.queryNodes('entity_names', CASE WHEN lucene = '' THEN '""' ELSE lucene END,
                                    {limit: 100})
  YIELD node, score
  RETURN node, score, 'full-text' AS how
  UNION ALL
  MATCH (node:Entity)
  WHERE key <> '' AND node.name_search CONTAINS key  // TEXT index entity_name_search
  RETURN node, 0.0 AS score, 'name contains' AS how
}
WITH key, node, max(score) AS score, collect(DISTINCT how) AS matched
RETURN node.id AS id,
       node.name AS name,
       [l IN labels(node) WHERE l <> 'Entity'][0] AS label,
       node.kind AS kind,
       node.aliases AS aliases,
       left(node.description, 160) AS summary,
       matched,
       round(score, 3) AS score
ORDER BY any(k IN node.name_keys WHERE k = key) DESC, score DESC, name
LIMIT CASE WHEN $limit < 1 THEN 1 WHEN $limit > 100 THEN 100 ELSE $limit END
