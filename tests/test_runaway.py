"""No user-typed query keeps Neo4j busy past its time limit (issue 12 §1, docs/security.md).

Against the session's real server (the launcher: runaway check procedure and watchdog), every
runaway query of tests/runaway_queries.py is either refused before it runs, or gone from
`SHOW TRANSACTIONS` (seen from an admin connection) within a generous bound after its timeout,
and the server still answers. The watchdog is tested on its own by skipping the check. Bounds
are generous on purpose (a loaded 2-core machine); the figures are benchmarks/attack.py's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import neo4j.exceptions
import pytest
import yaml

from attrib import cypher_text, guard, runner
from attrib.errors import DatabaseUnavailable, QueryError, QueryRefused, QueryTimedOut, translate
from attrib.guard import ALLOWED_PROCEDURES, RUNAWAY_CHECK_PROCEDURE, check_runaway
from attrib.local_server.config import SERVER_PROCEDURES, TX_TIMEOUT_SECONDS, WATCHDOG_HALT_LINE
from tests.runaway_queries import RUNAWAY, Runaway

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 2.0  # the queries' time limit here
# Seconds after the time limit by which no transaction of it may be left: well under the
# server's own db.transaction.timeout (TX_TIMEOUT_SECONDS, 30 s), which would end any query by
# itself, so a query the runner's limit did not stop cannot pass unseen.
GONE_WITHIN = 10.0
REFUSED = [q for q in RUNAWAY if q.expected == "refused"]
STOPPED = [q for q in RUNAWAY if q.expected == "stopped"]
# CPU shapes the watchdog must stop when the check is skipped (few: each costs ~5 s of a core)
WATCHDOG_SHAPES = ["reduce-sum-over-range", "regex-backreference-backtracking"]
ANALYST_QUERIES = sorted(
    path
    for folder in ("queries", "console")
    for path in REPO.joinpath("cypher", folder).glob("*.cypher")
)


def test_the_bound_is_tighter_than_the_server_wide_timeout() -> None:
    assert TIMEOUT + GONE_WITHIN < TX_TIMEOUT_SECONDS


def test_the_corpus_has_25_shapes_beyond_rows() -> None:
    assert len({q.name for q in RUNAWAY}) == len(RUNAWAY)
    assert len([q for q in RUNAWAY if q.shape != "rows"]) >= 25
    assert len(REFUSED) >= 25


# --- the server's view ------------------------------------------------------------------------


def _gone_and_answering(
    admin: neo4j.Driver, running: Callable[[str], list[str]], query: Runaway, deadline: float
) -> None:
    """No transaction of `query` within GONE_WITHIN s of its deadline; RETURN 1 answers."""
    while running(query.text):
        assert time.monotonic() < deadline + GONE_WITHIN, (
            f"{query.name} still runs {GONE_WITHIN:g} s after its time limit"
        )
        time.sleep(0.5)
    with admin.session() as s:
        assert s.run("RETURN 1 AS one").single(strict=True)["one"] == 1


# --- every corpus query: refused, or stopped and gone -------------------------------------------


@pytest.mark.neo4j
@pytest.mark.parametrize("query", RUNAWAY, ids=lambda q: q.name)
def test_a_runaway_query_is_refused_or_gone_soon_after_its_time_limit(
    admin: neo4j.Driver, transactions_running: Callable[[str], list[str]], query: Runaway
) -> None:
    deadline = time.monotonic() + TIMEOUT
    try:
        runner.run_cypher(query.text, dict(query.params), timeout=TIMEOUT)
        ending = "answered"
    except QueryRefused as exc:
        ending = "refused"
        assert exc.query == query.text
    except QueryError as exc:
        assert not isinstance(exc, DatabaseUnavailable), exc.message
        ending = "stopped"
    if query.expected == "refused":
        assert ending == "refused"
    else:
        assert ending in ("stopped", "answered")
    _gone_and_answering(admin, transactions_running, query, deadline)


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "query", [q for q in REFUSED if q.shape == "expression"], ids=lambda q: q.name
)
def test_the_runaway_check_names_its_rule(seeded_graph: Any, query: Runaway) -> None:
    """The server's check alone (no text bounds) refuses each expression shape with a rule."""
    with pytest.raises(QueryRefused, match=r"R[1-5]: ") as info:
        check_runaway(query.text, dict(query.params), timeout=30)
    assert "could keep Neo4j busy after its time limit" in info.value.message


@pytest.mark.neo4j
@pytest.mark.parametrize("path", ANALYST_QUERIES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_catalogue_and_console_queries_pass_the_runaway_check(
    seeded_graph: Any, path: Path
) -> None:
    check_runaway(cypher_text.expand_fragments(path.read_text(encoding="utf-8")), {}, timeout=30)


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("MATCH (a:Actor) RETURN a.name, [x IN a.aliases | toLower(x)] AS aliases",
         lambda rows: {"a.name": "HAFNIUM", "aliases": ["hafnium", "ハフニウム", "silk typhoon"]}
         in rows),
        ("MATCH (a:Actor), (b:Actor) WHERE any(x IN a.aliases WHERE x IN b.aliases) RETURN a, b",
         lambda rows: {(r["a"]["name"], r["b"]["name"]) for r in rows}
         == {("HAFNIUM", "HAFNIUM"), ("APT10", "APT10")}),
        ("MATCH p = (a)-[*1..3]-(b) RETURN [n IN nodes(p) | n.name] AS names LIMIT 5",
         lambda rows: len(rows) == 5 and all(2 <= len(r["names"]) <= 4 for r in rows)),
        ("MATCH (n:Entity) WHERE n.name =~ '(?i).*apt.*' RETURN n.name",
         lambda rows: rows == [{"n.name": "APT10"}]),
        ("MATCH (a:Actor) RETURN [i IN range(0, size(a.aliases) - 1) | a.aliases[i]] AS al",
         lambda rows: ["Hafnium", "ハフニウム", "Silk Typhoon"] in [r["al"] for r in rows]),
        ("RETURN reduce(s = '', x IN ['a', 'b', 'c'] | s + x) AS abc",
         lambda rows: rows == [{"abc": "abc"}]),
        ("UNWIND range(1, 100) AS x RETURN sum(x) AS total",
         lambda rows: rows == [{"total": 5050}]),
    ],
    ids=lambda v: v[:50] if isinstance(v, str) else "",
)  # fmt: skip
def test_ordinary_analyst_queries_run(
    seeded_graph: Any, text: str, answer: Callable[[list[dict[str, Any]]], bool]
) -> None:
    """Not refused by the runaway check, and they answer what they ask (the seed's actors)."""
    rows = runner.run_cypher(text, timeout=30).rows
    assert answer(rows), rows


@pytest.mark.neo4j
def test_range_bounds_are_judged_by_the_parameters_values(seeded_graph: Any) -> None:
    text = "RETURN reduce(total = 0, x IN range(1, $n) | total + x) AS total"
    assert runner.run_cypher(text, {"n": 1000}, timeout=30).rows == [{"total": 500500}]
    with pytest.raises(QueryRefused, match="R1: 10000000000 iterations"):
        runner.run_cypher(text, {"n": 10**10}, timeout=30)


# --- the watchdog, with the check skipped ---------------------------------------------------------


@pytest.mark.neo4j
@pytest.mark.parametrize("name", WATCHDOG_SHAPES)
def test_the_watchdog_stops_an_expression_the_check_would_refuse(
    admin: neo4j.Driver,
    transactions_running: Callable[[str], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    query = next(q for q in RUNAWAY if q.name == name)
    monkeypatch.setattr(runner, "check_runaway", lambda *args, **kwargs: None)
    deadline = time.monotonic() + TIMEOUT
    with pytest.raises(QueryTimedOut) as info:  # "stopped", not "Cannot reach Neo4j"
        runner.run_cypher(query.text, dict(query.params), timeout=TIMEOUT)
    assert info.value.message.startswith(f"The query was stopped after the {TIMEOUT:g} s")
    _gone_and_answering(admin, transactions_running, query, deadline)


# --- the check itself ------------------------------------------------------------------------


@pytest.mark.neo4j
def test_typed_cypher_cannot_call_the_check(seeded_graph: Any) -> None:
    with pytest.raises(QueryRefused, match=r"Procedure attrib\.checkRunaway is not allowed"):
        runner.run_cypher("CALL attrib.checkRunaway('RETURN 1', {}) YIELD refused RETURN refused")


@pytest.mark.neo4j
def test_the_check_fails_closed_when_the_server_lacks_it(
    seeded_graph: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cypher_text.read("guard/check_runaway.cypher")
    missing = real.replace(RUNAWAY_CHECK_PROCEDURE, "attrib.noSuchCheck")
    monkeypatch.setattr(guard.cypher_text, "read", lambda relative: missing)
    with pytest.raises(QueryRefused, match=r"This Neo4j has no runaway check"):
        runner.run_cypher("RETURN 1 AS one")


def test_the_check_is_on_the_servers_allow_list_only() -> None:
    assert RUNAWAY_CHECK_PROCEDURE in SERVER_PROCEDURES
    assert RUNAWAY_CHECK_PROCEDURE not in ALLOWED_PROCEDURES


def test_compose_allows_the_same_procedures_as_the_local_server() -> None:
    compose = yaml.safe_load(REPO.joinpath("docker-compose.yml").read_text(encoding="utf-8"))
    env = compose["services"]["neo4j"]["environment"]
    assert set(env["NEO4J_dbms_security_procedures_allowlist"].split(",")) == SERVER_PROCEDURES


def test_the_halt_line_is_the_watchdogs() -> None:
    java = REPO / "launcher/src/main/java/org/attributionexplorer/guard/TransactionWatchdog.java"
    found = re.search(r'HALT_LINE = "([^"]+)"', java.read_text(encoding="utf-8"))
    assert found and found.group(1) == WATCHDOG_HALT_LINE


# --- the client's side: deadline, lost connection, halted server ----------------------------------


def test_a_connection_lost_after_the_time_limit_means_stopped() -> None:
    lost = neo4j.exceptions.ServiceUnavailable("Failed to read from defunct connection")
    stopped = translate(lost, "RETURN 1", timeout=2, elapsed=3.2)
    assert isinstance(stopped, QueryTimedOut)
    assert stopped.message.startswith("The query was stopped after the 2 s time limit")
    early = translate(lost, "RETURN 1", timeout=2, elapsed=0.5)
    assert isinstance(early, DatabaseUnavailable)
    assert early.message.startswith("Cannot reach Neo4j")


def test_a_plan_the_driver_cannot_read_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(*args: Any, **kwargs: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(runner.db, "explain", too_deep)
    with pytest.raises(QueryRefused, match="too deeply nested to check") as info:
        runner.run_cypher("RETURN 1 AS one")
    assert info.value.query == "RETURN 1 AS one"


def test_after_a_watchdog_halt_the_next_query_says_what_happened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ATTRIB_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(runner.db, "_driver", None)
    monkeypatch.setattr(runner.db, "_driver_settings", None)
    tmp_path.joinpath("launcher.log").write_text(
        "ready bolt://127.0.0.1:7687\n"
        f"{WATCHDOG_HALT_LINE} (exit 75): a query on neo4j.BoltWorker-3 still runs\n",
        encoding="utf-8",
    )
    with pytest.raises(DatabaseUnavailable) as info:
        runner.run_cypher("RETURN 1 AS one")
    assert info.value.message.startswith("The local Neo4j stopped itself: a query kept computing")
    assert "`attrib neo4j start`" in info.value.message
