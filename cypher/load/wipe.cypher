// Loader --wipe: one batch of the deletion; loader/writer.py runs it until it deletes nothing.
// A batch is a tenth of $batch nodes with all their relationships: 10,000 nodes at once could
// carry more relationships than the transaction memory limit allows (db.memory.transaction.max,
// hit at 100k nodes / 400k relationships by the benchmarks).
MATCH (n)
WITH n
LIMIT toInteger(ceil($batch / 10.0))
DETACH DELETE n
RETURN count(*) AS deleted
