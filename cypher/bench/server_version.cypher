// Benchmarks: the Neo4j version the figures were measured on.
CALL dbms.components() YIELD name, versions
RETURN versions[0] AS v
