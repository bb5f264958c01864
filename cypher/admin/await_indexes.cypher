// Wait until every index is online (after the schema is applied or changed).
CALL db.awaitIndexes($seconds)
