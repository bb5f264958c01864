"""The one way queries run, for the CLI and the UI: checked, read-only, timed and capped.

Named queries (`run_named`) and user-typed Cypher (`run_cypher`) take the same path:

1. one statement only (a `;` followed by more code is refused); typed Cypher must also be
   within the text bounds of `attrib.query_bounds` (size, nesting), checked before sending;
2. `EXPLAIN` first (`db.explain`, nothing runs): refused unless the plan is read-only
   (`summary.query_type == "r"`), has no `LOAD CSV`, no `SHOW`/administration command and no
   procedure call off `ALLOWED_PROCEDURES` — read from the plan's operators, so comments,
   case, backticks or unicode in the text cannot hide them;
3. typed Cypher only: the runaway check (`guard.check_runaway`, Neo4j's own parser in the
   server) refuses loops inside one expression, which Neo4j cannot stop at the time limit;
4. run in a READ transaction (`db.read`) with the timeout and row cap of `attrib.limits`,
   fetching `max_rows + 1` rows to know whether the result was truncated.

Steps 2-4 share one client deadline (timeout + DEADLINE_GRACE_SECONDS): whatever the server
does (a parser stack overflow that never answers, an expression loop), the caller gets an
answer by then. Driver errors become `QueryError`s with one readable `.message` and the query
kept in `.query`. The server adds its own guards (procedure allow-list, transaction memory cap,
`db.transaction.timeout`, the watchdog that stops an expression past its deadline, no file
URLs): this module does not rely on them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar, Unpack, cast

import neo4j

from attrib import cypher_text, db, limits
from attrib.catalogue import CatalogueQuery, catalogue, coerce_params
from attrib.cypher_text import named_parameters, single_statement
from attrib.errors import (
    DatabaseUnavailable,
    ParamError,
    QueryFailed,
    QueryRefused,
    QueryTimedOut,
    translated,
)
from attrib.guard import check_read_only, check_runaway
from attrib.query_bounds import check_text_bounds
from attrib.values import to_plain

T = TypeVar("T")


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
    name: str | None = None  # the catalogue query that ran; None for typed Cypher


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
    return _run(query.text, typed, requested, name=name)


def run_file(
    relative: str, params: dict[str, Any] | None = None, **requested: Unpack[Requested]
) -> QueryOutcome:
    """Run a fixed read query of the repository, cypher/<relative>, on the named queries' path.

    For the core's own reads outside the catalogue (cypher/identity/): the text is reviewed,
    so, like a catalogue query, it is checked read-only once per process, then run with the
    deadline, timeout, row cap and error translation every query gets.

    Raises:
        QueryRefused, QueryTimedOut, QueryFailed, DatabaseUnavailable.

    Example:
        run_file("identity/actor_of_record.cypher", {"id": "hafnium"}).rows
    """
    return _run(cypher_text.read(relative), dict(params or {}), requested, name=relative)


def run_cypher(
    text: str, params: dict[str, Any] | None = None, **requested: Unpack[Requested]
) -> QueryOutcome:
    """Run user-typed Cypher if, and only if, it is a single read-only statement.

    Raises:
        QueryRefused: not one statement, too large or deeply nested, not read-only, LOAD CSV,
            a SHOW/administration command, a procedure off ALLOWED_PROCEDURES, or a loop
            inside one expression that Neo4j could not stop at the time limit.
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
    text: str, params: dict[str, Any], requested: Requested, *, name: str | None = None
) -> QueryOutcome:
    with _says_why_the_local_server_stopped():
        return _checked_run(text, params, requested, name=name)


def _checked_run(
    text: str, params: dict[str, Any], requested: Requested, *, name: str | None
) -> QueryOutcome:
    named = name is not None
    statement = single_statement(text)
    if not named:
        try:
            check_text_bounds(statement)  # nothing is sent that Neo4j cannot parse safely
        except QueryRefused as exc:
            exc.query = text
            raise
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
    started = time.monotonic()
    give_up = started + seconds + DEADLINE_GRACE_SECONDS  # one deadline for every step
    if not (named and statement in _CHECKED_NAMED):
        with translated(text, seconds, shift=len(db.EXPLAIN_PREFIX), started=started):
            _before(give_up, text, seconds, lambda: check_read_only(statement, params, seconds))
        if named:
            _CHECKED_NAMED.add(statement)
    if not named:  # the catalogue's texts are fixed and reviewed; typed Cypher is not
        with translated(text, seconds, started=started):
            _before(give_up, text, seconds, lambda: check_runaway(statement, params, seconds))
    with translated(text, seconds, started=started):
        result = _before(
            give_up,
            text,
            seconds,
            lambda: db.read(statement, params, timeout=seconds, max_rows=cap),
        )
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
        name=name,
    )


# A value of each declared type, for planning only: Neo4j keys a cached plan by the query
# text and its parameters' types, so the warm-up must send the types a real run sends.
_PLANNING_SAMPLES: dict[str, str] = {
    "string": "x",
    "integer": "1",
    "float": "0.5",
    "boolean": "false",
    "date": "2021-01-01",
    "list": "[]",
}


def prepare_plans(*, timeout: float = 60.0) -> tuple[int, int]:
    """Have Neo4j plan every catalogue query once, so the first users after a start do not
    wait for cold plans (measured on a fresh server: 1.7-7 s per query, while twenty clients
    asking for one query all wait inside Neo4j for its one plan). Each query is EXPLAINed
    (nothing runs) with parameters of the types a real run sends, one at a time; this also
    does this process's read-only check. Returns (planned, failed); failures are only
    counted: the query will be planned, and any problem reported, when a user runs it.

    Example:
        threading.Thread(target=prepare_plans, daemon=True).start()
    """
    planned = failed = 0
    for query in catalogue().values():
        # required parameters get a sample; the others their defaults (None when they have
        # none), as a run that does not give them sends
        raw = {p.name: _PLANNING_SAMPLES[p.type] for p in query.params if p.required}
        try:
            typed = coerce_params(query, raw)
            statement = single_statement(query.text)
            if statement not in _CHECKED_NAMED:
                check_read_only(statement, typed, timeout)
                _CHECKED_NAMED.add(statement)
            planned += 1
        except Exception:  # a server that is down or busy: users get the real message later
            failed += 1
    return planned, failed


# How long past its timeout the runner waits for Neo4j: the server marks a timed-out
# transaction within db.transaction.monitor.check.interval (250 ms on the local server) and its
# watchdog closes the connection of a query still computing about 1 s after that.
DEADLINE_GRACE_SECONDS = 5.0


def _before(give_up: float, text: str, seconds: float, work: Callable[[], T]) -> T:
    """Run `work` in a worker thread; stop waiting at `give_up` (time.monotonic()).

    Neo4j does not stop a loop inside one expression when its transaction times out, and a
    statement that overflows its parser never gets an answer: the caller must wait for
    neither. The thread and its connection are released once Neo4j answers or the server's
    watchdog closes the connection.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["result"] = work()
        except RecursionError:  # the driver cannot read a plan nested that deep
            box["error"] = QueryRefused(
                "The query is too deeply nested to check (its plan cannot be read); "
                "split it into simpler queries.",
                text,
            )
        except BaseException as exc:  # handed over to the caller's thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="attrib-query", daemon=True).start()
    if not done.wait(max(0.0, give_up - time.monotonic())):
        raise QueryTimedOut(seconds, text, answered=False)
    if "error" in box:
        raise box["error"]
    return cast(T, box["result"])


@contextmanager
def _says_why_the_local_server_stopped() -> Iterator[None]:
    """A DatabaseUnavailable says so when the local server was halted by its watchdog."""
    try:
        yield
    except DatabaseUnavailable as exc:
        why = _watchdog_halt()
        if why is None:
            raise
        raise DatabaseUnavailable(why, exc.query) from exc


def _watchdog_halt() -> str | None:
    """What to tell the user when the local server's log ends with the watchdog's halt line."""
    if os.environ.get("NEO4J_URI"):
        return None  # not the local server
    from attrib.local_server import state  # local import: only the local server has this log
    from attrib.local_server.config import WATCHDOG_HALT_LINE

    if state.live_state():
        return None
    try:
        lines = state.log_file().read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    last = next((line for line in reversed(lines) if line.strip()), "")
    if not last.startswith(WATCHDOG_HALT_LINE):
        return None
    return (
        "The local Neo4j stopped itself: a query kept computing after its time limit and "
        f"could not be stopped otherwise ({state.log_file()}: {last}). Start it again with "
        "`attrib neo4j start` (or `attrib up`); the data is kept."
    )
