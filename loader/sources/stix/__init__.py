"""STIX 2.1 bundles in: read, check, index, resolve names, map to records, summarise."""
