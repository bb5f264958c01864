"""The one way queries run, for the CLI and the UI: checked, read-only, timed and capped.

Named queries (`run_named`) and user-typed Cypher (`run_cypher`) take the same path:

1. one statement only (a `;` followed by more code is refused);
2. `EXPLAIN` first (`db.explain`, nothing runs): refused unless the plan is read-only
   (`summary.query_type == "r"`), has no `LOAD CSV`, no `SHOW`/administration command and no
   procedure call off `ALLOWED_PROCEDURES` — read from the plan's operators, so comments,
   case, backticks or unicode in the text cannot hide them;
3. run in a READ transaction (`db.read`) with the timeout and row cap of `attrib.limits`,
   fetching `max_rows + 1` rows to know whether the result was truncated.

Driver errors become `QueryError`s with one readable `.message` and the query kept in
`.query`. The server adds its own guards (procedure allow-list, transaction memory cap,
`db.transaction.timeout`, no file URLs): this module does not rely on them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j
import neo4j.exceptions
from neo4j.graph import Node, Path, Relationship

from attrib import db, limits
from attrib.catalogue import (
    CatalogueQuery,
    ParamError,
    QueryError,
    catalogue,
    code_only,
    coerce_params,
    named_parameters,
)
from attrib.settings import NotConfigured

__all__ = [
    "ALLOWED_PROCEDURES",
    "DatabaseUnavailable",
    "ParamError",
    "QueryError",
    "QueryFailed",
    "QueryOutcome",
    "QueryRefused",
    "QueryTimedOut",
    "run_cypher",
    "run_named",
    "to_plain",
]

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


class QueryRefused(QueryError):
    """The query was not run: it could write, is more than one statement, or is not allowed."""


class QueryTimedOut(QueryError):
    """The query ran longer than its timeout and was stopped by Neo4j."""


class QueryFailed(QueryError):
    """Neo4j could not run the query (syntax error, unknown name, memory cap, …)."""


class DatabaseUnavailable(QueryError):
    """Neo4j cannot be reached (not started, wrong address or credentials, connection lost)."""


@dataclass
class QueryOutcome:
    """A query's answer: `rows` as plain Python, `records` as the driver returned them."""

    query: str
    params: dict[str, Any]
    keys: list[str]
    rows: list[dict[str, Any]]
    records: list[neo4j.Record]
    truncated: bool
    elapsed_ms: float
    server_ms: float | None = None  # Neo4j's own time for the query (see db.ReadResult)


# --- Public entry points ---------------------------------------------------------------------


def run_named(
    name: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryOutcome:
    """Run the catalogue query `name` with raw parameter values (converted by their types).

    Args:
        name: a query of `attrib.catalogue.catalogue()`, e.g. "competing_attributions".
        params: raw values (strings from the CLI or a form are fine); defaults fill the rest.
        timeout: seconds, clamped to `limits.LIMITS["timeout_seconds"]` (None: the default).
        max_rows: row cap, clamped to `limits.LIMITS["max_rows"]` (None: the default).

    Raises:
        ParamError, QueryRefused, QueryTimedOut, QueryFailed, DatabaseUnavailable.

    Example:
        run_named("competing_attributions", {"campaign": "exchange-2021"}).rows
    """
    query = _named(name)
    typed = coerce_params(query, params)
    return _run(query.text, typed, timeout=timeout, max_rows=max_rows, named=True)


def run_cypher(
    text: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryOutcome:
    """Run user-typed Cypher if, and only if, it is a single read-only statement.

    Raises:
        QueryRefused: not one statement, not read-only, LOAD CSV, a SHOW/administration
            command or a procedure off ALLOWED_PROCEDURES.
        ParamError: the text uses a `$param` that was not given.
        QueryTimedOut, QueryFailed, DatabaseUnavailable.

    Example:
        run_cypher("MATCH (a:Actor) RETURN a.name AS name", max_rows=5)
    """
    return _run(text, dict(params or {}), timeout=timeout, max_rows=max_rows)


# --- The one execution path ------------------------------------------------------------------


def _named(name: str) -> CatalogueQuery:
    queries = catalogue()
    if name not in queries:
        raise QueryFailed(
            f"There is no query named {name!r}; `attrib queries` lists them "
            f"({', '.join(queries)}).",
            name,
        )
    return queries[name]


# Catalogue statements that passed the read-only check in this process. A catalogue query's
# text is fixed (cypher/queries/), so its EXPLAIN is needed once, not on every run: that saved
# a round trip (about a third of a lookup's latency) per query. Typed Cypher is always checked.
_CHECKED_NAMED: set[str] = set()


def _run(
    text: str,
    params: dict[str, Any],
    *,
    timeout: float | None,
    max_rows: int | None,
    named: bool = False,
) -> QueryOutcome:
    statement = single_statement(text)
    missing = sorted(named_parameters(statement) - set(params))
    if missing:
        raise ParamError(
            f"The query uses ${missing[0]} but no value was given for it "
            f"(pass it as a parameter: {missing[0]}=…).",
            text,
            missing[0],
        )
    seconds = limits.timeout_seconds(timeout)
    cap = limits.max_rows(max_rows)
    if not (named and statement in _CHECKED_NAMED):
        with _translated_errors(text, seconds, column_shift=len(_EXPLAIN)):
            check_read_only(statement, params)
        if named:
            _CHECKED_NAMED.add(statement)
    with _translated_errors(text, seconds):
        result = _read_with_deadline(text, statement, params, seconds, cap)
    rows = [
        {k: to_plain(v) for k, v in zip(result.keys, r.values(), strict=True)}
        for r in result.records
    ]
    return QueryOutcome(
        query=text,
        params=params,
        keys=result.keys,
        rows=rows,
        records=result.records,
        truncated=result.truncated,
        elapsed_ms=result.elapsed_ms,
        server_ms=result.server_ms,
    )


# How long past its timeout the runner waits for Neo4j: the server checks timeouts every
# couple of seconds (db.transaction.monitor.check.interval), so an answer may come late.
DEADLINE_GRACE_SECONDS = 5.0


def _read_with_deadline(
    text: str, statement: str, params: dict[str, Any], seconds: float, cap: int
) -> db.ReadResult:
    """`db.read`, but give up waiting shortly after the timeout.

    Neo4j checks a transaction's timeout between rows, not inside one expression: a
    `reduce()` or list comprehension over a huge range keeps computing after its transaction
    was terminated, and the answer would never come. The read runs in a worker thread; when it
    has not answered by timeout + grace, the caller gets QueryTimedOut (the thread and its
    connection are released once Neo4j finishes).
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = db.read(statement, params, timeout=seconds, max_rows=cap)
        except BaseException as exc:  # handed over to the caller's thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="attrib-query", daemon=True).start()
    if not done.wait(seconds + DEADLINE_GRACE_SECONDS):
        raise QueryTimedOut(
            f"The query was stopped after the {seconds:g} s time limit; Neo4j had not answered "
            "(a single expression such as reduce() over a huge list cannot be interrupted, so "
            "the server may go on computing it for a while). Narrow the query.",
            text,
        )
    if "error" in box:
        raise box["error"]
    result: db.ReadResult = box["result"]
    return result


def single_statement(text: str) -> str:
    """The statement of `text` without a trailing `;`.

    Raises:
        QueryRefused: the text is empty, or a `;` outside strings and comments is followed
            by more code (a second statement).
    """
    code = code_only(text)
    if not code.replace(";", " ").strip():
        raise QueryRefused("The query is empty: type a Cypher statement.", text)
    first = code.find(";")
    # Leading text is kept as typed, so positions in Neo4j's error messages still match it.
    if first == -1:
        return text.rstrip()
    if code[first + 1 :].replace(";", " ").strip():
        line = code.count("\n", 0, first) + 1
        raise QueryRefused(
            f"Only one statement can run at a time: there is more after the ';' on line {line}.",
            text,
        )
    return text[:first].rstrip()


def check_read_only(statement: str, params: dict[str, Any] | None = None) -> None:
    """EXPLAIN the statement (nothing runs) and refuse it unless its plan only reads.

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
    if summary.query_type != "r":
        what = {"w": "write to the graph", "rw": "write to the graph", "s": "change the schema"}
        raise QueryRefused(
            "Only read queries can run here: this one would "
            f"{what.get(summary.query_type or '', 'do more than read')} "
            f"(query type {summary.query_type!r}).",
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


# --- Errors ----------------------------------------------------------------------------------

_TIMEOUT_MARKERS = ("TransactionTimedOut", "Transaction.Terminated", "TransactionTerminated")
_MEMORY_MARKERS = ("OutOfMemory", "MemoryPool", "TransactionOutOfMemory")
_REFUSAL_MARKERS = (
    "Statement.AccessMode",
    "Security.Forbidden",
    "Procedure.ProcedureNotFound",
    "Statement.NotSystemDatabaseError",
    "Statement.UnsupportedAdministrationCommand",
)


_EXPLAIN = "EXPLAIN "  # what db.explain puts in front of the statement
_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


@contextmanager
def _translated_errors(query: str, timeout: float, column_shift: int = 0) -> Iterator[None]:
    """Turn driver errors raised inside the block into QueryErrors that keep the query.

    column_shift: characters the server saw before the user's text (the EXPLAIN prefix), taken
    off the positions in syntax errors so they point into the user's text.
    """
    try:
        yield
    except QueryError:
        raise
    except Exception as exc:
        translated = _translate(exc, query, timeout, column_shift)
        if translated is exc:
            raise
        raise translated from exc


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)


def _unshift(message: str, shift: int) -> str:
    def fix(match: re.Match[str]) -> str:
        line, column, offset = (int(g) for g in match.groups())
        if line == 1:
            column = max(1, column - shift)
        return f"(line {line}, column {column} (offset: {max(0, offset - shift)}))"

    return _POSITION.sub(fix, message) if shift else message


def _translate(exc: BaseException, query: str, timeout: float, shift: int = 0) -> BaseException:
    if isinstance(exc, NotConfigured):
        return DatabaseUnavailable(str(exc), query)
    if isinstance(exc, neo4j.exceptions.AuthError):
        return DatabaseUnavailable(
            "Neo4j refused the credentials: check NEO4J_USERNAME / NEO4J_PASSWORD.", query
        )
    if isinstance(
        exc,
        neo4j.exceptions.ServiceUnavailable
        | neo4j.exceptions.SessionExpired
        | neo4j.exceptions.DatabaseUnavailable
        | neo4j.exceptions.ConnectionAcquisitionTimeoutError,
    ):
        return DatabaseUnavailable(
            f"Cannot reach Neo4j ({_first_line(str(exc))}). Is it running? "
            "Try `attrib neo4j status`.",
            query,
        )
    if isinstance(exc, neo4j.exceptions.Neo4jError):
        code = exc.code or ""
        message = _unshift(_first_line(exc.message or str(exc)), shift)
        if any(marker in code for marker in _TIMEOUT_MARKERS):
            return QueryTimedOut(
                f"The query was stopped after the {timeout:g} s time limit; narrow it "
                "(a LIMIT, fewer hops, an id) or raise --timeout (at most "
                f"{limits.LIMITS['timeout_seconds'].maximum:g} s).",
                query,
            )
        if any(marker in code for marker in _MEMORY_MARKERS):
            return QueryFailed(
                "The query was stopped: it needed more memory than a query may use. "
                f"Return fewer or smaller rows. ({message})",
                query,
            )
        if any(marker in code for marker in _REFUSAL_MARKERS):
            return QueryRefused(f"Not allowed here: {message}", query)
        return QueryFailed(f"Neo4j could not run the query: {message} [{code}]", query)
    if isinstance(exc, neo4j.exceptions.DriverError):
        return QueryFailed(f"The query failed: {_first_line(str(exc))}", query)
    return exc


# --- Driver values -> plain Python -------------------------------------------------------------


def _labels(node: Node) -> list[str]:
    return sorted(node.labels, key=lambda label: (label == "Entity", label))


def to_plain(value: Any) -> Any:
    """A driver value as plain, JSON-ready Python.

    Nodes become `{"_id", "_labels", **props}`, relationships `{"_id", "_type", "_start",
    "_end", **props}` (ids are element ids), paths `{"nodes": [...], "relationships": [...]}`,
    temporal values ISO strings.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Node):
        props = {k: to_plain(v) for k, v in value.items()}
        return {"_id": value.element_id, "_labels": _labels(value), **props}
    if isinstance(value, Relationship):
        props = {k: to_plain(v) for k, v in value.items()}
        start, end = value.start_node, value.end_node
        return {
            "_id": value.element_id,
            "_type": value.type,
            "_start": start.element_id if start is not None else None,
            "_end": end.element_id if end is not None else None,
            **props,
        }
    if isinstance(value, Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Time, Duration
        return str(value.iso_format())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    return str(value)
