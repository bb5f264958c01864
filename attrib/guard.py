"""The read-only check for Cypher: EXPLAIN it (nothing runs) and read the plan.

Refused unless Neo4j says the plan only reads (`summary.query_type == "r"`), has no `LOAD CSV`,
no `SHOW`/administration command and no procedure call off `ALLOWED_PROCEDURES`. The plan's
operators are read, not the text, so comments, case, backticks or unicode cannot hide them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from attrib import db
from attrib.errors import QueryRefused

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


def check_read_only(statement: str, params: dict[str, Any] | None = None) -> set[str]:
    """EXPLAIN the statement (nothing runs) and refuse it unless its plan only reads.

    Returns:
        The procedures the plan calls (all of them on ALLOWED_PROCEDURES).

    Raises:
        QueryRefused: writes or schema changes, LOAD CSV, SHOW/administration commands or a
            procedure off ALLOWED_PROCEDURES.
    """
    summary = db.explain(statement, params)
    plan = summary.plan
    if not plan:
        raise QueryRefused(
            "This statement cannot be checked (Neo4j gave no query plan), so it is not run.",
            statement,
        )
    called: set[str] = set()
    for op in _operators(plan):
        kind = op["operatorType"].split("@", 1)[0]
        if kind == "LoadCSV":
            raise QueryRefused(
                "LOAD CSV is not allowed here: the explorer only reads the graph.", statement
            )
        if kind.startswith(("Show", "Terminate")) or kind in _ADMIN_OPERATORS:
            raise QueryRefused(
                f"Administration and SHOW commands are not allowed here ({kind}); "
                "for the schema use CALL db.labels(), db.relationshipTypes() or "
                "db.schema.visualization().",
                statement,
            )
        if "ProcedureCall" in kind:
            name = _procedure_name(op)
            if name not in ALLOWED_PROCEDURES:
                allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
                raise QueryRefused(
                    f"Procedure {name or '(unknown)'} is not allowed here; allowed: {allowed}.",
                    statement,
                )
            called.add(name)
    if summary.query_type != "r":
        what = {"w": "write to the graph", "rw": "write to the graph", "s": "change the schema"}
        raise QueryRefused(
            "Only read queries can run here: this one would "
            f"{what.get(summary.query_type or '', 'do more than read')} "
            f"(query type {summary.query_type!r}).",
            statement,
        )
    return called


_ADMIN_OPERATORS = frozenset(
    {"AdministrationCommand", "SystemProcedureCall", "AssertAllowedDbmsActions"}
)


def _operators(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every operator of a plan tree (the driver's dict: operatorType, args, children)."""
    yield plan
    for child in plan.get("children") or []:
        yield from _operators(child)


def _procedure_name(op: dict[str, Any]) -> str | None:
    """The qualified name of the procedure a ProcedureCall operator calls."""
    args = op.get("args") or {}
    for key in ("Signature", "Details", "signature", "details"):
        value = args.get(key)
        if isinstance(value, str):
            match = re.match(r"\s*([\w.`]+)\s*\(", value)
            if match:
                return match.group(1).replace("`", "")
    return None
