// title: Search names and what was said
// description: Finds entities (actors, organisations, people, countries, campaigns, tools,
//   vulnerabilities, infrastructure, sectors) by name, alias or original-language name, and
//   claims, events and sources by what they say: statements, quotes, notes, descriptions and
//   titles (label says which; said = found in the text). Each word is looked up in the
//   full-text indexes entity_name_text and said_text, whole and (if longer than one letter) as
//   a prefix; Chinese, Japanese and Korean words as a phrase; Lucene's
//   special characters in the input are escaped inside the query, so any text is safe to
//   pass. Entities whose folded names (name_keys: case, spaces and punctuation removed)
//   contain the folded input are added, so "silk typhoon", "Silk-Typhoon" or 中国政府 are
//   found too: 200 of them at most, in index order, when the input is inside more names than
//   that. Exact name or alias matches come first (always, however many names contain the
//   input), then by full-text score, then by name; matched says how each was found (exact,
//   full-text, name contains). An actor record (one source's record of a group) also shows the
//   resolved actor it belongs to, its dataset, and who gave the name found. A claim, event
//   or source carries its date as precise as known (made on, happened, published: "2021-03")
//   and a claim or event its sources (title, publisher, published, url, relays), oldest
//   first, so a result card shows its provenance.
// param: q (string, required): the name or alias to look for, e.g. silk typhoon
// param: limit (integer, default: 25): rows at most (1-100)
// derive: key (name_key of q): the input folded as stored names are (attrib.names.name_key)
WITH $q AS q, $key AS key,
     ['\\', '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '/']
       AS special
WITH q, key, special,
     [t IN split(toLower(trim(replace(replace(replace(q, '\t', ' '), '\n', ' '), '\r', ' '))), ' ')
       WHERE t <> ''] AS words
WITH q, key,
     [w IN words | {
       escaped: reduce(s = '', ch IN split(w, '') |
                  s + CASE WHEN ch IN special THEN '\\' + ch ELSE ch END),
       // Chinese, Japanese, Korean: the cjk analyzer indexes character pairs, so a word is
       // looked up as a phrase (its pairs in order), never as single characters or a prefix
       cjk: w =~ '.*[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}].*'}] AS parts
WITH key,
     [p IN parts | CASE WHEN p.cjk THEN '"' + p.escaped + '"' ELSE p.escaped END] AS whole,
     // a one-letter prefix ("a*") matches most names and only costs time: kept whole
     [p IN parts | CASE WHEN p.cjk THEN '"' + p.escaped + '"'
                        WHEN size(p.escaped) > 1 THEN p.escaped + '*' ELSE p.escaped END] AS prefixed
WITH key,
     CASE WHEN size(whole) = 0 THEN ''
     ELSE '(' + reduce(s = head(whole), w IN tail(whole) | s + ' AND ' + w) + ') OR (' +
          reduce(s = head(prefixed), w IN tail(prefixed) | s + ' AND ' + w) + ')'
     END AS lucene
CALL (key, lucene) {
  // Names and aliases that fold to exactly the input: always found, however many others
  // merely contain it (name_search is the folded names joined by single spaces; = and
  // STARTS WITH seek the RANGE index entity_name_search_exact, ENDS WITH and CONTAINS the
  // TEXT index entity_name_search).
  MATCH (node:Entity) WHERE key <> '' AND node.name_search = key
  RETURN node, 0.0 AS score, 'exact' AS how
  UNION ALL
  MATCH (node:Entity) WHERE key <> '' AND node.name_search STARTS WITH key + ' '
  RETURN node, 0.0 AS score, 'exact' AS how
  UNION ALL
  MATCH (node:Entity) WHERE key <> '' AND node.name_search ENDS WITH ' ' + key
  RETURN node, 0.0 AS score, 'exact' AS how
  UNION ALL
  MATCH (node:Entity) WHERE key <> '' AND node.name_search CONTAINS ' ' + key + ' '
  RETURN node, 0.0 AS score, 'exact' AS how
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_name_text', CASE WHEN lucene = '' THEN '""' ELSE lucene END,
                                    {limit: 100})
  YIELD node, score
  RETURN node, score, 'full-text' AS how
  UNION ALL
  // What was said: claims' statements, quotes and notes, events, sources' titles, descriptions.
  CALL db.index.fulltext.queryNodes('said_text', CASE WHEN lucene = '' THEN '""' ELSE lucene END,
                                    {limit: 100})
  YIELD node, score
  RETURN node, score, 'said' AS how
  UNION ALL
  // Names that contain the input somewhere: a short input ("apt1") is inside thousands of
  // names at scale, and only the first `limit` rows are shown, after the exact and full-text
  // matches: 200 of them (whichever the index gives first) are enough to fill a page.
  MATCH (node:Entity)
  WHERE key <> '' AND node.name_search CONTAINS key
  RETURN node, 0.0 AS score, 'name contains' AS how
  LIMIT 200
}
WITH node, key, round(max(score), 3) AS score, collect(DISTINCT how) AS matched
ORDER BY 'exact' IN matched DESC, any(h IN matched WHERE h <> 'said') DESC, score DESC, node.name
LIMIT CASE WHEN $limit < 1 THEN 1 WHEN $limit > 100 THEN 100 ELSE $limit END
// The shown columns only for the rows kept. An actor record leads to the resolved actor it is a
// member of (docs/identity.md); named_by: who gave the name that was found, when known (a
// name a source reports another party gave says "<giver>, according to <source>").
OPTIONAL MATCH (node)-[:MEMBER_OF]->(resolved:ResolvedActor)
RETURN node.id AS id,
       coalesce(node.name, node.statement, node.title) AS name,
       [l IN labels(node) WHERE l <> 'Entity'][0] AS label,
       node.kind AS kind,
       node.aliases AS aliases,
       left(coalesce(node.description, node.quote, node.title_en, node.note, node.publisher), 160)
         AS summary,
       [(node)-[:CLAIMED_BY]->(claimant) | claimant.name][0] AS claimant,
       matched,
       score,
       resolved.name AS actor,
       resolved.id AS actor_id,
       node.dataset AS dataset,
       left(toString(coalesce(node.made_on, node.date, node.published)),
            CASE coalesce(node.made_on_precision, node.date_precision, node.published_precision)
              WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS date,
       COLLECT {
         MATCH (node)-[:CITES]->(s:Source)
         RETURN {id: s.id, title: s.title, title_en: s.title_en, publisher: s.publisher,
                 url: s.url, relays: [(s)-[:RELAYS]->(original:Source) | original.id],
                 published: left(toString(s.published), CASE s.published_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)}
         ORDER BY s.published, s.id
       } AS sources,
       // who gave the name found: a name a source reports another party gave is said so
       // ("MITRE, according to MISP galaxy …"): the giver's own data may say otherwise
       [(c:Claim {kind: 'alias'})-[:SUBJECT]->(node)
          WHERE key IN c.name_keys AND coalesce(c.naming, 'given') <> 'used' |
          [(c)-[:CLAIMED_BY]->(giver) | giver.name][0] +
          CASE WHEN c.naming = 'reported'
               THEN coalesce(', according to ' +
                             [(c)-[:CITES]->(s:Source) | coalesce(s.title, s.id)][0], '')
               ELSE '' END] AS named_by
ORDER BY 'exact' IN matched DESC, any(h IN matched WHERE h <> 'said') DESC, score DESC, name  // as above: only ORDER BY fixes the order
