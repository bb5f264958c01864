"""The procedure names the guard and the local server's configuration share (a leaf module:
it imports nothing, so attrib.local_server.config need not import the guard, and through it
the driver and the settings that import the local server back)."""

# Read-only procedures an analyst may call from raw Cypher (schema browsing, full-text search).
# Each EXPLAINs as query type "r"; DBMS-mode ones such as dbms.components() report "s" and
# would be refused by the query-type check anyway, so they are not listed.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
    }
)


# The server-side runaway check: on the server's allow-list (attrib.local_server.config and
# docker-compose.yml), never on ALLOWED_PROCEDURES, so typed Cypher cannot call it.
RUNAWAY_CHECK_PROCEDURE = "attrib.checkRunaway"
