// Benchmarks: lookups without the id index, to measure what the index is worth.
DROP CONSTRAINT entity_id IF EXISTS
