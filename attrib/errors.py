"""The one error vocabulary, and the one translator from driver errors to words for people.

Every part (runner, loader, CLI, UI) raises or catches these, and turns a driver, server or
settings exception into one of them with `translate`, so a failure reads the same everywhere.
Each error's `.message` is one plain sentence; `.query` keeps the query text when there is one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import neo4j.exceptions

from attrib import limits
from attrib.settings import NotConfigured


class AttribError(Exception):
    """Something went wrong that a person can act on: `.message` says what and what to do."""

    def __init__(self, message: str, query: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.query = query

    def __str__(self) -> str:
        return self.message


class QueryError(AttribError):
    """A query could not give an answer: `.message` is for people, `.query` is the text."""


class ParamError(QueryError):
    """A parameter is missing, unknown or of the wrong type; `.param` names it."""

    def __init__(self, message: str, query: str = "", param: str | None = None) -> None:
        super().__init__(message, query)
        self.param = param


class QueryRefused(QueryError):
    """The query was not run: it could write, is more than one statement, or is not allowed."""


class QueryTimedOut(QueryError):
    """The query ran longer than its timeout and was stopped (by Neo4j, or the caller stopped
    waiting: `answered` False). `.message` gives the CLI's advice (--timeout); other readers
    word it with `timeout_message(exc.limit, answered=exc.answered, raise_with=...)`."""

    def __init__(self, limit: float | None, query: str = "", *, answered: bool = True) -> None:
        super().__init__(timeout_message(limit, answered=answered), query)
        self.limit = limit
        self.answered = answered


class QueryFailed(QueryError):
    """Neo4j could not run the query (syntax error, unknown name, memory cap, …)."""


class DatabaseUnavailable(QueryError):
    """Neo4j cannot be reached (not started, wrong address or credentials, connection lost)."""


# The exceptions that mean "there is no database to talk to" (a dry run goes on without one).
UNREACHABLE: tuple[type[BaseException], ...] = (
    NotConfigured,
    neo4j.exceptions.ServiceUnavailable,
    neo4j.exceptions.SessionExpired,
    neo4j.exceptions.AuthError,
    neo4j.exceptions.DatabaseUnavailable,
    neo4j.exceptions.ConnectionAcquisitionTimeoutError,
)

# A connection lost under a running query: after the query's time limit this is the server's
# watchdog closing it (an expression Neo4j could not interrupt), not a database gone away.
_CONNECTION_LOST: tuple[type[BaseException], ...] = (
    neo4j.exceptions.ServiceUnavailable,
    neo4j.exceptions.SessionExpired,
)

CREDENTIALS_REFUSED = "Neo4j refused the credentials: check NEO4J_USERNAME / NEO4J_PASSWORD."

_TIMEOUT_MARKERS = ("TransactionTimedOut", "Transaction.Terminated", "TransactionTerminated")
_MEMORY_MARKERS = ("OutOfMemory", "MemoryPool", "TransactionOutOfMemory")
_REFUSAL_MARKERS = (
    "Statement.AccessMode",
    "Security.Forbidden",
    "Procedure.ProcedureNotFound",
    "Statement.NotSystemDatabaseError",
    "Statement.UnsupportedAdministrationCommand",
)
_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@'\"]*@", re.IGNORECASE)


def first_line(text: str) -> str:
    """The first non-blank line of a (driver) message, any URI's user:password@ masked."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), text)
    return _USERINFO.sub(r"\1***@", line)


def _unshift(message: str, shift: int) -> str:
    """Positions in a syntax error moved back by `shift` characters of a prefix we added."""

    def fix(match: re.Match[str]) -> str:
        line, column, offset = (int(g) for g in match.groups())
        if line == 1:
            column = max(1, column - shift)
        return f"(line {line}, column {column} (offset: {max(0, offset - shift)}))"

    return _POSITION.sub(fix, message) if shift else message


# How a reader raises the time limit: the CLI's flag (the default), the UI's Console field.
CLI_TIMEOUT_ADVICE = "raise --timeout"
UI_TIMEOUT_ADVICE = "raise the Console's time limit"


def timeout_message(
    limit: float | None, *, answered: bool = True, raise_with: str | None = CLI_TIMEOUT_ADVICE
) -> str:
    """The one sentence for a query stopped at its time limit.

    Args:
        limit: the limit in seconds (None: not known).
        answered: False when Neo4j had not answered by the deadline (the caller stopped
            waiting); True when Neo4j stopped the query itself.
        raise_with: how this reader can allow more time (None: it cannot).

    Example:
        timeout_message(10, raise_with=UI_TIMEOUT_ADVICE)
    """
    what = f"the {limit:g} s time limit" if limit is not None else "its time limit"
    silent = "" if answered else "; Neo4j had not answered"
    most = limits.LIMITS["timeout_seconds"].maximum
    more = f" or {raise_with} (at most {most:g} s)" if raise_with else ""
    return (
        f"The query was stopped after {what}{silent}. Narrow it (a LIMIT, fewer hops, an id){more}."
    )


def timed_out(timeout: float | None, query: str = "") -> QueryTimedOut:
    """The error for a query Neo4j stopped at its time limit."""
    return QueryTimedOut(timeout, query)


def translate(
    exc: BaseException,
    query: str = "",
    timeout: float | None = None,
    shift: int = 0,
    elapsed: float | None = None,
) -> BaseException:
    """The AttribError that says what `exc` means for a person; `exc` itself if unknown.

    Args:
        exc: a driver, server or settings exception (an AttribError is returned as it is).
        query: the query text to keep on the error.
        timeout: the query's time limit in seconds, for the timeout message.
        shift: characters the server saw before the query text (an EXPLAIN prefix), taken off
            the positions in syntax errors so they point into the text the person typed.
        elapsed: seconds the query had run when `exc` came; a connection lost at or after its
            `timeout` was closed by the server's watchdog, so the query was stopped.
    """
    if isinstance(exc, AttribError):
        return exc
    if (
        isinstance(exc, _CONNECTION_LOST)
        and timeout is not None
        and elapsed is not None
        and elapsed >= timeout
    ):
        return timed_out(timeout, query)
    if isinstance(exc, NotConfigured):
        return DatabaseUnavailable(str(exc), query)
    if isinstance(exc, neo4j.exceptions.AuthError):
        return DatabaseUnavailable(CREDENTIALS_REFUSED, query)
    if isinstance(exc, UNREACHABLE):
        return DatabaseUnavailable(
            f"Cannot reach Neo4j ({first_line(str(exc))}). Is it running? "
            "Try `attrib neo4j status`.",
            query,
        )
    if isinstance(exc, neo4j.exceptions.Neo4jError):
        code = exc.code or ""
        message = _unshift(first_line(exc.message or str(exc)), shift)
        if any(marker in code for marker in _TIMEOUT_MARKERS):
            return timed_out(timeout, query)
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
        return QueryFailed(f"The query failed: {first_line(str(exc))}", query)
    return exc


def describe(exc: BaseException, *, cli: bool = True) -> str:
    """One plain sentence for any exception: the translated message, else its type and text.
    With `cli` False (the UI) the advice names what the UI offers, not a CLI flag."""
    translated = translate(exc)
    if isinstance(translated, QueryTimedOut) and not cli:
        return timeout_message(
            translated.limit, answered=translated.answered, raise_with=UI_TIMEOUT_ADVICE
        )
    if isinstance(translated, AttribError):
        return translated.message
    if isinstance(exc, OSError):
        return f"Cannot reach Neo4j ({exc}). Is it running? Try `attrib neo4j status`."
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def translated(
    query: str = "", timeout: float | None = None, shift: int = 0, started: float | None = None
) -> Iterator[None]:
    """Re-raise driver errors inside the block as the AttribError `translate` gives.

    `started` (time.monotonic() when the query began) tells a connection lost after the time
    limit (the query was stopped) from one lost before it (Neo4j unreachable).
    """
    try:
        yield
    except AttribError as exc:
        exc.query = exc.query or query  # raised below the runner, where the text is not known
        raise
    except Exception as exc:
        elapsed = None if started is None else time.monotonic() - started
        better = translate(exc, query, timeout, shift, elapsed)
        if better is exc:
            raise
        raise better from exc
