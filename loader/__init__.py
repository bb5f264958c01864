"""Loader: parse seed YAML (and STIX 2.1 bundles), validate everything, then write to Neo4j."""
