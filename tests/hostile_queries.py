"""A corpus of hostile raw-Cypher inputs: each must be refused, or stopped by a limit.

`expect` says how it may end:
- "refused": QueryRefused, nothing ran (one statement only, EXPLAIN says it writes, the plan
  has LOAD CSV, a SHOW/administration command or a procedure off the allow-list);
- "stopped": QueryTimedOut, QueryFailed (a syntax error, Neo4j's memory cap), or a result cut
  short by the row cap - the query may start, but can neither write nor run away.

Used by tests/test_cypher_safety.py, which also checks the graph's fingerprint afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    expect: str  # "refused" or "stopped"


def refused(name: str, text: str) -> Hostile:
    return Hostile(name, text, "refused")


def stopped(name: str, text: str) -> Hostile:
    return Hostile(name, text, "stopped")


HOSTILE: list[Hostile] = [
    # --- plain writes -------------------------------------------------------------------
    refused("create-node", "CREATE (n:Pwned {at: datetime()}) RETURN n"),
    refused("merge-node", "MERGE (a:Actor {id: 'hafnium'}) ON MATCH SET a.name = 'x' RETURN a"),
    refused("merge-relationship", "MATCH (a:Actor), (b:Actor) MERGE (a)-[:ALIAS_OF]->(b)"),
    refused("set-property", "MATCH (a:Actor) SET a.name = 'pwned' RETURN a"),
    refused("set-map-wipes-props", "MATCH (n) SET n = {}"),
    refused("set-label", "MATCH (a:Actor) SET a:Pwned"),
    refused("remove-property", "MATCH (n:Actor) REMOVE n.aliases"),
    refused("remove-label", "MATCH (n:Actor) REMOVE n:Entity"),
    refused("delete-relationships", "MATCH ()-[r]->() DELETE r"),
    refused("detach-delete-all", "MATCH (n) DETACH DELETE n"),
    refused("delete-after-return-with", "MATCH (n:Claim) WITH n LIMIT 1 DELETE n RETURN 1"),
    # --- comment, case and unicode tricks --------------------------------------------------
    refused("mixed-case-detach-delete", "mAtCh (n) dEtAcH dElEtE n"),
    refused("block-comment-inside", "MATCH (n) /* harmless read */ DETACH /**/ DELETE n"),
    refused("line-comment-hides-nothing", "MATCH (n) // just looking\nDETACH DELETE n"),
    refused("comment-first", "/* RETURN 1 */ MATCH (n) DELETE n"),
    refused(
        "read-looking-prefix",
        "MATCH (a:Actor) WITH a RETURN a.name AS name\nUNION\n"
        "MATCH (b:Actor) SET b.x = 1 RETURN b.name AS name",
    ),
    stopped("zero-width-space-in-keyword", "MATCH (n) DETACH DE\u200bLETE n"),
    stopped("cyrillic-homoglyph-keyword", "MATCH (n) DETACH D\u0415LETE n"),
    stopped("fullwidth-semicolon", "RETURN 1 \uff1b MATCH (n) DETACH DELETE n"),
    refused("backticked-procedure", "CALL `db`.`createLabel`('Pwned')"),
    # --- more than one statement -------------------------------------------------------------
    refused("two-statements", "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n"),
    refused("semicolon-after-string", "RETURN ';' AS x; CREATE (n:Pwned)"),
    refused("semicolon-after-slashes-in-string", "RETURN '//' AS x; CREATE (n:Pwned)"),
    refused("semicolon-after-comment", "RETURN 1 /* ; */ ; MATCH (n) DELETE n"),
    refused("statement-on-next-line", "MATCH (n) RETURN n LIMIT 1;\nCREATE (x:Pwned)"),
    refused("read-then-read", "RETURN 1; RETURN 2"),
    # --- subqueries and FOREACH that write ---------------------------------------------------
    refused("call-subquery-create", "CALL { CREATE (n:Pwned) } RETURN 1 AS x"),
    refused("call-subquery-delete", "MATCH (n) CALL (n) { DETACH DELETE n } RETURN count(*)"),
    refused(
        "call-in-transactions",
        "UNWIND range(1, 3) AS x CALL (x) { CREATE (:Pwned {x: x}) } IN TRANSACTIONS RETURN x",
    ),
    refused("foreach-create", "FOREACH (x IN range(1, 3) | CREATE (:Pwned {x: x}))"),
    refused("foreach-set", "MATCH (n:Actor) FOREACH (x IN [1] | SET n.pwned = true)"),
    refused("exists-then-write", "MATCH (n) WHERE EXISTS { MATCH (n)--() } SET n.seen = true"),
    # --- schema and administration -------------------------------------------------------------
    refused("create-index", "CREATE INDEX pwned FOR (n:Actor) ON (n.kind)"),
    refused("drop-index", "DROP INDEX entity_name"),
    refused("create-constraint", "CREATE CONSTRAINT pwned FOR (n:Pwned) REQUIRE n.id IS UNIQUE"),
    refused("drop-constraint", "DROP CONSTRAINT actor_id"),
    refused("create-fulltext-index", "CREATE FULLTEXT INDEX pwned FOR (n:Actor) ON EACH [n.id]"),
    refused("create-user", "CREATE USER eve SET PASSWORD 'correct-horse-battery'"),
    refused("alter-user", "ALTER USER neo4j SET PASSWORD 'pwned-password-1' CHANGE NOT REQUIRED"),
    refused("create-database", "CREATE DATABASE evil"),
    refused("drop-database", "DROP DATABASE neo4j"),
    refused("stop-database", "STOP DATABASE neo4j"),
    refused("show-users", "SHOW USERS"),
    refused("show-privileges", "SHOW PRIVILEGES"),
    refused("show-settings", "SHOW SETTINGS YIELD name, value RETURN name, value"),
    refused("show-transactions", "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery"),
    refused("terminate-transactions", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'"),
    refused("grant-role", "GRANT ROLE admin TO eve"),
    # --- LOAD CSV ------------------------------------------------------------------------------
    refused("load-csv-file", "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line"),
    refused("load-csv-http", "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:1/x.csv' AS r RETURN r"),
    refused("load-csv-lower-case", "lOaD cSv FrOm 'https://example.com/a.csv' AS l RETURN l"),
    refused(
        "load-csv-in-subquery",
        "CALL () { LOAD CSV FROM 'file:///etc/hostname' AS l RETURN l } RETURN l",
    ),
    # --- procedures off the allow-list ---------------------------------------------------------
    refused("dbms-list-config", "CALL dbms.listConfig()"),
    refused("dbms-kill-connections", "CALL dbms.killConnections([])"),
    refused("db-clear-query-caches", "CALL db.clearQueryCaches()"),
    refused("db-create-label", "CALL db.createLabel('Pwned')"),
    refused(
        "db-create-vector-property",
        "MATCH (n:Actor) CALL db.create.setNodeVectorProperty(n, 'v', [1.0]) RETURN n",
    ),
    refused("tx-set-metadata", "CALL tx.setMetaData({who: 'eve'})"),
    refused("db-info-server-allowed-not-ours", "CALL db.info()"),
    refused("dbms-show-current-user", "CALL dbms.showCurrentUser()"),
    refused("db-await-indexes", "CALL db.awaitIndexes(1)"),
    refused("apoc-run-write", "CALL apoc.cypher.runWrite('CREATE (n:Pwned)', {})"),
    refused(
        "procedure-after-allowed-one",
        "CALL db.labels() YIELD label CALL db.createLabel(label + 'X') RETURN label",
    ),
    stopped("apoc-function", "RETURN apoc.cypher.runFirstColumnSingle('MATCH (n) RETURN n', {})"),
    # --- runaway and memory-hungry reads ---------------------------------------------------------
    stopped("unwind-billion", "UNWIND range(1, 1000000000) AS x RETURN count(x)"),
    stopped("unwind-billion-power", "UNWIND range(1, toInteger(10^9)) AS x RETURN sum(x)"),
    stopped(
        "cartesian-product",
        "MATCH (a), (b), (c), (d), (e), (f) WHERE a.id <> f.id RETURN count(*)",
    ),
    stopped(
        "cartesian-of-ranges",
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN a, b",
    ),
    stopped(
        "sort-huge-range",
        "UNWIND range(1, 100000000) AS x WITH x ORDER BY x DESC RETURN x",
    ),
    stopped("distinct-huge-range", "UNWIND range(1, 100000000) AS x RETURN count(DISTINCT x)"),
    stopped("collect-huge-range", "UNWIND range(1, 50000000) AS x RETURN size(collect(x))"),
    stopped(
        "quadratic-string",
        "RETURN size(reduce(s = '', x IN range(1, 150000) | s + 'xxxxxxxxxx')) AS n",
    ),
    stopped("path-explosion", "MATCH p = (a)-[*]-(b) RETURN count(p)"),
]
