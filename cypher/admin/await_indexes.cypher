// Wait until every index is online, at most $seconds (after the loader's schema, and the
// benchmarks' own indexes): queries planned before then would not use them.
CALL db.awaitIndexes($seconds)
