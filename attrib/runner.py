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

import threading
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import neo4j

from attrib import db, limits
from attrib.catalogue import CatalogueQuery, catalogue, coerce_params
from attrib.cypher_text import named_parameters, single_statement
from attrib.errors import ParamError, QueryFailed, QueryTimedOut, translated
from attrib.guard import check_read_only
from attrib.values import to_plain


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


class Requested(TypedDict, total=False):
    """The limits a caller asks for (None or missing: the default); clamped to attrib.limits."""

    timeout: float | None
    max_rows: int | None


def run_named(
    name: str, params: dict[str, Any] | None = None, **requested: Unpack[Requested]
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
    return _run(query.text, typed, requested, named=True)


def run_cypher(
    text: str, params: dict[str, Any] | None = None, **requested: Unpack[Requested]
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
    return _run(text, dict(params or {}), requested)


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
    text: str, params: dict[str, Any], requested: Requested, *, named: bool = False
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
    seconds = limits.timeout_seconds(requested.get("timeout"))
    cap = limits.max_rows(requested.get("max_rows"))
    if not (named and statement in _CHECKED_NAMED):
        with translated(text, seconds, shift=len(db.EXPLAIN_PREFIX)):
            check_read_only(statement, params)
        if named:
            _CHECKED_NAMED.add(statement)
    with translated(text, seconds):
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
