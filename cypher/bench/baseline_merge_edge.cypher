// Benchmarks: the per-row baseline for edges (one edge per transaction). {type},
// {from_label} and {to_label} come from the loader's fixed lists.
MATCH (a:{from_label} {id: $from})
MATCH (b:{to_label} {id: $to})
MERGE (a)-[r:{type}]->(b)
SET r = $props
