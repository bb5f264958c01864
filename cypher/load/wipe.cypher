// Loader --wipe: one batch of the deletion; loader/writer.py runs it until it deletes nothing.
// Relationships go first, $batch at a time, then the nodes: a batch of nodes deleted with all
// their relationships can exceed the transaction memory limit (db.memory.transaction.max) when
// a hub is among them - a country of a million-node graph has tens of thousands.
CALL () {
  MATCH ()-[r]->()
  WITH r
  LIMIT $batch
  DELETE r
  RETURN count(*) AS relationships
}
CALL (relationships) {
  WITH relationships
  WHERE relationships = 0
  MATCH (n)
  WITH n
  LIMIT $batch
  DELETE n
  RETURN count(*) AS nodes
}
RETURN relationships + nodes AS deleted
