// Benchmarks: the per-row baseline the batched loader is compared with (one node per
// transaction). {label} and {labels} come from the fixed label list in loader/models.py.
MERGE (n:{label} {id: $id})
SET n = $props, n:{labels}
