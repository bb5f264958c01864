// The graph as the load left it: its counts (the ledger and the file records included), the
// identity policy it was resolved under. Run after record_files.cypher, in its transaction.
CALL () {
  MATCH (n)
  RETURN count(n) AS nodes
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
MATCH (ledger:LoadLedger {id: 'graph'})
SET ledger.nodes = nodes, ledger.relationships = relationships, ledger.policy = $policy,
    ledger.recorded_at = datetime()
