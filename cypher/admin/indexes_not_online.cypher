// The indexes still being populated (or failed), polled after a bulk load (loader/bulk.py):
// each poll returns at once, where db.awaitIndexes would outlive the server's transaction
// timeout while a whole imported graph is indexed.
SHOW INDEXES
YIELD name, state, populationPercent
WHERE state <> 'ONLINE'
RETURN name, state, populationPercent
ORDER BY name
