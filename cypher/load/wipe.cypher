// Loader --wipe: delete every node and edge, in batches so a large graph fits in memory.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
