// Every constraint with what defines it, for comparing the schema two loads made
// (tests/graph_dump.py: the bulk load against the online one).
SHOW CONSTRAINTS
YIELD name, type, entityType, labelsOrTypes, properties, ownedIndex
RETURN name, type, entityType, labelsOrTypes, properties, ownedIndex
ORDER BY name
