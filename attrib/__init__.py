"""Attribution Explorer core: the `attrib` CLI, connection settings and the one door to Neo4j."""
