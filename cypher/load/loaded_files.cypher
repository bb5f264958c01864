// Re-loads skip what did not change (loader/file_hashes.py): what the graph records of the
// input's files, and of the last load that completed (the ledger), with the graph's counts now
// (from the count store: no scan). No row when nothing was recorded.
OPTIONAL MATCH (ledger:LoadLedger {id: 'graph'})
CALL () {
  MATCH (n)
  RETURN count(n) AS nodes
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
CALL () {
  UNWIND $ids AS id
  MATCH (f:LoadedFile {id: id})
  RETURN collect(f {.id, .sha256, .input, .version, .problems_file}) AS files
}
RETURN files, nodes, relationships,
       ledger {.nodes, .relationships, .policy} AS ledger
