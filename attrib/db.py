"""The one door to Neo4j: the driver (one per process), sessions, reads and writes.

Everything that talks to the database (loader, query runner, UI, tests) goes through here, so
connection settings, routing, timeouts and row caps are decided in one place.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction

from attrib import limits, values
from attrib.errors import QueryFailed
from attrib.settings import Settings, current

T = TypeVar("T")

# The driver logs what it also raises (e.g. "Unable to retrieve routing information"); with no
# handler configured Python would print those lines on stderr beside our own one-line error.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

_lock = threading.Lock()
_driver: neo4j.Driver | None = None
_driver_settings: Settings | None = None
DRIVERS_BUILT = 0  # counted so tests and benchmarks can check "one driver per process"


def get_driver(settings: Settings | None = None) -> neo4j.Driver:
    """The process-wide driver, built on first use (or rebuilt if the settings changed)."""
    global _driver, _driver_settings, DRIVERS_BUILT
    settings = settings or current()
    with _lock:
        if _driver is None or _driver_settings != settings:
            if _driver is not None:
                _driver.close()
            _driver = GraphDatabase.driver(
                settings.uri,
                auth=(settings.username, settings.password),
                connection_timeout=5.0,
                max_transaction_retry_time=10.0,
                user_agent="attribution-explorer",
                # Server notifications (e.g. "this relationship type does not exist yet") are
                # not errors for a partly filled graph, and the driver logs each one with its
                # whole query: ask the server not to send them.
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            )
            _driver_settings = settings
            DRIVERS_BUILT += 1
        return _driver


def database() -> str | None:
    """The database name to use (None: the server's default)."""
    return (_driver_settings or current()).database


def close() -> None:
    """Close the process-wide driver (tests, CLI exit)."""
    global _driver, _driver_settings
    with _lock:
        if _driver is not None:
            _driver.close()
        _driver, _driver_settings = None, None


@contextmanager
def session(read_only: bool = False) -> Iterator[neo4j.Session]:
    drv = get_driver()
    mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
    with drv.session(database=database(), default_access_mode=mode) as s:
        yield s


@dataclass
class ReadResult:
    """Rows of a read with how long it took and whether the row cap cut it short."""

    keys: list[str]
    records: list[neo4j.Record]
    truncated: bool
    elapsed_ms: float
    query_type: str | None = None
    # Neo4j's own time for the query: until the first row was available, plus until the last
    # was consumed. The database's part of elapsed_ms, without the transaction's round trips;
    # a result larger than one fetch also counts the time the server waited for the client.
    server_ms: float | None = None


def read(
    text: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> ReadResult:
    """Run one read in a READ transaction, with a timeout and fetching at most max_rows + 1.

    A capped read (max_rows given) is capped in weight too: rows are counted as they arrive
    (`attrib.values.weight`), and a result heavier than `limits.max_result_bytes()` is refused
    before it is copied into tables, caches and downloads.
    Not retried: a read that timed out must fail fast, not run three times.

    Raises:
        QueryFailed: the result is heavier than the cap.
    """
    started = time.perf_counter()
    with session(read_only=True) as s, s.begin_transaction(timeout=timeout) as tx:
        result = tx.run(text, params or {})
        keys = list(result.keys())
        records = _capped(result, max_rows) if max_rows is not None else list(result)
        summary = result.consume()
        tx.commit()
    truncated = max_rows is not None and len(records) > max_rows
    if truncated:
        records = records[:max_rows]
    elapsed = (time.perf_counter() - started) * 1000
    server = (
        summary.result_available_after + summary.result_consumed_after
        if summary.result_available_after is not None and summary.result_consumed_after is not None
        else None
    )
    return ReadResult(keys, records, truncated, elapsed, summary.query_type, server)


EXPLAIN_PREFIX = "EXPLAIN "  # what explain() puts before a statement (error positions shift)
PROFILE_PREFIX = "PROFILE "  # run and measure each operator (benchmarks)


def _capped(result: neo4j.Result, max_rows: int) -> list[neo4j.Record]:
    """At most max_rows + 1 records, refused once they weigh more than the result cap."""
    budget = limits.max_result_bytes()
    records: list[neo4j.Record] = []
    for record in result:
        records.append(record)
        if len(records) > max_rows:
            break
        budget -= values.weight(record.values(), budget)
        if budget < 0:
            mb = limits.LIMITS["max_result_mb"].default
            raise QueryFailed(
                f"The result is too large: it holds more than {mb:g} MB (row {len(records)} "
                "passed the cap). Return fewer or smaller values: a LIMIT, fewer columns, "
                "size(list) or a slice such as list[..100] instead of a whole list."
            )
    return records


def explain(
    text: str, params: dict[str, Any] | None = None, timeout: float | None = None
) -> neo4j.ResultSummary:
    """EXPLAIN a statement in a READ transaction: the plan and query type, no execution.

    `timeout` bounds planning on the server (None: 10 s); the runner passes the query's own.
    """
    with session(read_only=True) as s, s.begin_transaction(timeout=timeout or 10) as tx:
        summary = tx.run(EXPLAIN_PREFIX + text, params or {}).consume()
        tx.rollback()
    return summary


def write(work: Callable[[ManagedTransaction], T]) -> T:
    """Run a unit of work in a managed write transaction (retried on transient errors)."""
    with session() as s:
        return s.execute_write(work)


def run_write(text: str, params: dict[str, Any] | None = None) -> neo4j.SummaryCounters:
    """One write statement in a managed transaction; returns its counters."""

    def work(tx: ManagedTransaction) -> neo4j.SummaryCounters:
        return tx.run(text, params or {}).consume().counters

    return write(work)


def run_autocommit(text: str, params: dict[str, Any] | None = None) -> neo4j.SummaryCounters:
    """An auto-commit statement: needed for schema commands and CALL … IN TRANSACTIONS."""
    with session() as s:
        return s.run(text, params or {}).consume().counters
