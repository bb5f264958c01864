// Before a load's first write (loader/file_hashes.py): the ledger and the input's file records
// go, so a load that dies half-way is never mistaken for one that completed.
CALL () {
  MATCH (ledger:LoadLedger)
  DELETE ledger
}
UNWIND $ids AS id
MATCH (f:LoadedFile {id: id})
DELETE f
