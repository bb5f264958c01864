// title: Neighbourhood of a node, for drawing
// description: Everything within 1 to 3 hops of an entity, claim or event, in either
//   direction, as one row per node (the start node first, then closer nodes first; the node
//   limit cuts the farthest) with its outgoing relationships among the nodes found. Source
//   nodes are left out unless asked for (they connect almost everything). Nodes come back as
//   maps with their element id (_id), labels (_labels) and the properties a drawing shows (id,
//   name, kind, title, dates as precise as known, confidence, statement shortened to 200
//   characters; a claim also its claimant's name and its ends: subject, object and claimant as
//   light maps in _ends, so a drawing can show the claim as one labelled edge even when its
//   ends are farther away);
//   relationships as maps with _id, _type, _start, _end and all their properties. hops is
//   clamped to 1-3 and limit to 1-500 nodes.
// param: id (string, required): the id of the node to start from, e.g. hafnium
// param: hops (integer, default: 1): how far to go, 1 to 3
// param: limit (integer, default: 100): nodes at most, 1 to 500
// param: sources (boolean, default: false): include Source nodes
CALL () {
  MATCH (n:Entity {id: $id}) RETURN n
  UNION
  MATCH (n:Claim {id: $id}) RETURN n
  UNION
  MATCH (n:Event {id: $id}) RETURN n
}
WITH n AS start,
     CASE WHEN $hops < 1 THEN 1 WHEN $hops > 3 THEN 3 ELSE $hops END AS hops,
     CASE WHEN $limit < 1 THEN 1 WHEN $limit > 500 THEN 500 ELSE $limit END AS cap
WITH start, hops, cap,
     COLLECT {
       MATCH (start)--(m)
       WHERE ($sources OR NOT m:Source) AND NOT m:ResolvedActor  // derived: the Actor page shows it
       RETURN DISTINCT m
       // only the first cap nodes are ever drawn: a hub's thousands are not read
       LIMIT CASE WHEN $limit < 1 THEN 1 WHEN $limit > 500 THEN 500 ELSE $limit END
     } AS ring1
WITH start, hops, cap, ring1,
     CASE WHEN hops < 2 THEN [] ELSE COLLECT {
       UNWIND ring1 AS a
       MATCH (a)--(m)
       WHERE ($sources OR NOT m:Source) AND NOT m:ResolvedActor AND m <> start AND NOT m IN ring1
       RETURN DISTINCT m
       LIMIT CASE WHEN $limit < 1 THEN 1 WHEN $limit > 500 THEN 500 ELSE $limit END
     } END AS ring2
WITH start, hops, cap, ring1, ring2,
     CASE WHEN hops < 3 THEN [] ELSE COLLECT {
       UNWIND ring2 AS a
       MATCH (a)--(m)
       WHERE ($sources OR NOT m:Source) AND NOT m:ResolvedActor AND m <> start AND NOT m IN ring1 AND NOT m IN ring2
       RETURN DISTINCT m
       LIMIT CASE WHEN $limit < 1 THEN 1 WHEN $limit > 500 THEN 500 ELSE $limit END
     } END AS ring3
WITH start, cap, ([start] + ring1 + ring2 + ring3)[0..cap] AS nodes
UNWIND nodes AS a
// One row per node, each sent once as a light map (what a drawing shows: no descriptions or
// quotes), with its outgoing relationships among the nodes found.
RETURN a {
         _id: elementId(a),
         _labels: [l IN labels(a) WHERE l <> 'Entity'] + [l IN labels(a) WHERE l = 'Entity'],
         .id, .name, .kind, .title, .title_en, .made_on_precision, .date_precision,
         .first_seen_precision, .confidence, .confidence_label, .reliability, .url,
         made_on: left(toString(a.made_on), CASE a.made_on_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
         date: left(toString(a.date), CASE a.date_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
         first_seen: left(toString(a.first_seen), CASE a.first_seen_precision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END),
         statement: left(a.statement, 200),
         claimant: CASE WHEN a:Claim THEN
           COLLECT { MATCH (a)-[:CLAIMED_BY]->(w) RETURN w.name ORDER BY w.name LIMIT 1 }[0]
         END,
         _ends: CASE WHEN a:Claim THEN COLLECT {
           MATCH (a)-[r:SUBJECT|OBJECT|CLAIMED_BY]->(e)
           RETURN {role: type(r), _rid: elementId(r),
                   node: e {_id: elementId(e),
                            _labels: [l IN labels(e) WHERE l <> 'Entity'] +
                                     [l IN labels(e) WHERE l = 'Entity'],
                            .id, .name}}
           ORDER BY type(r), e.id
           LIMIT 8
         } END
       } AS node,
       COLLECT {
         MATCH (a)-[r]->(b)
         WHERE b IN nodes
         RETURN r {.*, _id: elementId(r), _type: type(r), _start: elementId(a), _end: elementId(b)}
         // the other ends are among `cap` nodes, so this is reached only by parallel edges
         LIMIT 4 * CASE WHEN $limit < 1 THEN 1 WHEN $limit > 500 THEN 500 ELSE $limit END
       } AS rels
