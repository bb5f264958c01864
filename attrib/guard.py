"""The checks on typed Cypher before it runs: read-only (the plan) and runaway (the parse tree).

`check_read_only`: refused unless Neo4j says the plan only reads (`summary.query_type == "r"`),
has no `LOAD CSV`, no `SHOW`/administration command and no procedure call off
`ALLOWED_PROCEDURES`. The plan's operators are read, not the text, so comments, case, backticks
or unicode cannot hide them.

`check_runaway`: asks the server's `attrib.checkRunaway` (Neo4j's own Cypher parser, in
launcher/'s guard package) whether the statement loops inside one expression, where Neo4j
cannot stop it at its time limit (benchmarks/runaway-findings.md, docs/security.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import neo4j.exceptions

from attrib import cypher_text, db
from attrib.errors import QueryRefused
from attrib.procedures import ALLOWED_PROCEDURES, RUNAWAY_CHECK_PROCEDURE

__all__ = ["ALLOWED_PROCEDURES", "RUNAWAY_CHECK_PROCEDURE", "check_read_only", "check_runaway"]

# The procedure names live in attrib.procedures (a leaf: the local server's config reads
# them too, without importing the guard and through it the driver).


def check_read_only(
    statement: str, params: dict[str, Any] | None = None, timeout: float | None = None
) -> set[str]:
    """EXPLAIN the statement (nothing runs) and refuse it unless its plan only reads.

    Args:
        statement: one Cypher statement.
        params: its parameters (EXPLAIN needs them to plan).
        timeout: seconds the server may spend planning (None: db.explain's default).

    Returns:
        The procedures the plan calls (all of them on ALLOWED_PROCEDURES).

    Raises:
        QueryRefused: writes or schema changes, LOAD CSV, SHOW/administration commands or a
            procedure off ALLOWED_PROCEDURES.
    """
    summary = db.explain(statement, params, timeout)
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


def check_runaway(
    statement: str, params: dict[str, Any] | None = None, timeout: float | None = None
) -> None:
    """Refuse a statement that can loop inside one expression, where Neo4j cannot stop it.

    Neo4j's own parser, in the server (procedure attrib.checkRunaway), applies the rules R1-R5
    of docs/security.md: iterations that multiply past 10^6, range() outside UNWIND of unknown
    or large size, a reduce() that doubles or grows over a large list, regular expressions that
    backtrack, nesting. Parameters are substituted, so `range(1, $n)` is judged by $n's value.

    Raises:
        QueryRefused: with the rule that refused it and what to change; also when the server
            has no such procedure (fail closed: typed Cypher is not run unchecked).

    Example:
        check_runaway("RETURN reduce(t = 0, x IN range(1, $n) | t + x)", {"n": 10**10})
    """
    try:
        result = db.read(
            cypher_text.read("guard/check_runaway.cypher"),
            {"query": statement, "params": params or {}},
            timeout=timeout,
            max_rows=1,
        )
    except neo4j.exceptions.ClientError as exc:
        if exc.code == "Neo.ClientError.Procedure.ProcedureNotFound":
            raise QueryRefused(
                f"This Neo4j has no runaway check ({RUNAWAY_CHECK_PROCEDURE}), so typed Cypher is "
                "not run. Start the local server with `attrib neo4j start`, or add the guard "
                "plugin to your Neo4j (docs/security.md).",
                statement,
            ) from exc
        raise
    refused = result.records[0]["refused"] if result.records else "The check gave no answer."
    if refused:
        raise QueryRefused(
            f"This query could keep Neo4j busy after its time limit, so it is not run. {refused}",
            statement,
        )


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
