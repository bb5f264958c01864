// Every constraint and index with what defines it (not its generated id), for comparing the
// schema two loads made (tests/graph_dump.py: the bulk load against the online one).
SHOW INDEXES
YIELD name, type, entityType, labelsOrTypes, properties, options, owningConstraint, state
RETURN name, type, entityType, labelsOrTypes, properties, options, owningConstraint, state
ORDER BY name
