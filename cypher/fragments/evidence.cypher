// The one "independent source" rule (attrib/evidence.py, docs/graph-model.md): a cited source
// is not independent when it relays, directly or through a chain (a translation of a report of
// a post), a source the same claim cites. Written once here; every query that lists a claim's
// sources gives each the ids it relays this way (`relayed`), and claim_evidence tests it in the
// graph. Relay chains are short; 10 hops bound the walk on any graph, and a chain that loops
// (only possible across loads) stays bounded. {x} is the source's variable.
// fragment: relayed
[({x})-[:RELAYS*1..10]->(relayed_source:Source) | relayed_source.id]
