// After a load (its write and the identity resolution) committed: each input file's hash, and
// the ledger node that the graph's counts are set on next (record_ledger.cypher).
MERGE (ledger:LoadLedger {id: 'graph'})
WITH ledger
UNWIND $files AS file
MERGE (f:LoadedFile {id: file.id})
SET f = file, f.loaded_at = datetime()
