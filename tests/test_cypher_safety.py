"""Raw Cypher is refused unless it is one read-only statement, and every read is limited.

The hostile corpus (tests/hostile_queries.py) runs against the real seeded graph; after each
query the graph's fingerprint (counts and a content hash) must be unchanged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import neo4j
import neo4j.exceptions
import pytest
from neo4j.graph import Node

from attrib import db, guard, limits, runner, values
from attrib.cypher_text import single_statement
from attrib.errors import (
    DatabaseUnavailable,
    ParamError,
    QueryFailed,
    QueryRefused,
    QueryTimedOut,
)
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.guard import ALLOWED_PROCEDURES
from attrib.runner import run_cypher
from tests.hostile_queries import HOSTILE, Hostile


def test_corpus_is_large_and_varied() -> None:
    assert len(HOSTILE) >= 40
    assert len({h.name for h in HOSTILE}) == len(HOSTILE)
    assert {h.expect for h in HOSTILE} == {"refused", "stopped"}


# --- Against the real graph ----------------------------------------------------------------


def _ending(case: Hostile) -> str:
    """How a hostile query ended: refused, stopped (timeout, error, row cap) or completed."""
    try:
        outcome = run_cypher(case.text, timeout=2, max_rows=50)
    except QueryRefused as exc:
        assert exc.query == case.text
        assert exc.message
        return "refused"
    except (QueryTimedOut, QueryFailed) as exc:
        assert exc.query == case.text
        return "stopped"
    return "stopped" if outcome.truncated else "completed"


@pytest.mark.neo4j
@pytest.mark.parametrize("case", HOSTILE, ids=lambda h: h.name)
def test_hostile_query_is_refused_or_stopped_and_changes_nothing(
    seeded_graph: Fingerprint, case: Hostile
) -> None:
    ending = _ending(case)
    if case.expect == "refused":
        assert ending == "refused"
    else:
        assert ending in ("refused", "stopped")
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_a_write_is_refused_with_a_message_that_says_why(seeded_graph: Fingerprint) -> None:
    text = "MATCH (n) DETACH DELETE n"
    with pytest.raises(QueryRefused) as info:
        run_cypher(text)
    assert info.value.message == (
        "Only read queries can run here: this one would write to the graph (query type 'w')."
    )
    assert info.value.query == text
    assert graph_fingerprint() == seeded_graph


# Every form of write, with the query type Neo4j's plan gives it: the guard (EXPLAIN, nothing
# runs) refuses each itself, with its sentence; the READ transaction is a second wall only.
WRITE_FORMS = [
    ("CREATE (n:Pwned)", "w", "write to the graph"),
    ("CREATE (n:Pwned) RETURN n", "rw", "write to the graph"),
    ("MATCH (n) DETACH DELETE n", "w", "write to the graph"),
    ("MATCH (a:Actor {id: 'hafnium'}) SET a.name = 'x' RETURN a.name", "rw", "write to the graph"),
    ("MERGE (n:Actor {id: 'hafnium'}) RETURN n.name", "rw", "write to the graph"),
    ("MATCH (a:Actor) REMOVE a.aliases RETURN count(a)", "rw", "write to the graph"),
    ("MATCH (a:Actor) CALL (a) { SET a.x = 1 } RETURN count(a)", "rw", "write to the graph"),
    ("CREATE INDEX pwned FOR (n:Actor) ON (n.kind)", "s", "change the schema"),
    ("DROP CONSTRAINT pwned IF EXISTS", "s", "change the schema"),
]


@pytest.mark.neo4j
@pytest.mark.parametrize(("text", "query_type", "would"), WRITE_FORMS, ids=lambda v: str(v)[:40])
def test_the_guard_itself_refuses_every_write_form(
    seeded_graph: Fingerprint, text: str, query_type: str, would: str
) -> None:
    assert db.explain(text).query_type == query_type  # the form is what its id says
    with pytest.raises(QueryRefused) as info:
        guard.check_read_only(text)
    assert info.value.message == (
        f"Only read queries can run here: this one would {would} (query type '{query_type}')."
    )
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_schema_changes_and_admin_commands_are_refused(seeded_graph: Fingerprint) -> None:
    with pytest.raises(QueryRefused, match=r"would change the schema \(query type 's'\)"):
        run_cypher("CREATE INDEX pwned FOR (n:Actor) ON (n.kind)")
    with pytest.raises(QueryRefused, match="Administration and SHOW commands are not allowed"):
        run_cypher("SHOW TRANSACTIONS")
    with pytest.raises(QueryRefused, match="LOAD CSV is not allowed here"):
        run_cypher("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_a_procedure_off_the_allow_list_is_refused_even_if_the_server_has_it(
    seeded_graph: Fingerprint,
) -> None:
    # db.info is read-only and callable on the server, but not on our allow-list.
    with pytest.raises(QueryRefused) as info:
        run_cypher("CALL db.info()")
    assert info.value.message.startswith("Procedure db.info is not allowed here; allowed: ")


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(ALLOWED_PROCEDURES))
def test_every_allowed_procedure_is_a_read(seeded_graph: Fingerprint, name: str) -> None:
    args = "('entity_name_text', 'hafnium')" if name.startswith("db.index.fulltext") else "()"
    assert db.explain(f"CALL {name}{args}").query_type == "r"


@pytest.mark.neo4j
def test_the_read_transaction_refuses_writes_even_without_the_check(
    seeded_graph: Fingerprint,
) -> None:
    # Defence in depth: were the EXPLAIN check bypassed, READ access would still refuse.
    with pytest.raises(neo4j.exceptions.ClientError):
        db.read("CREATE (n:Pwned) RETURN n", timeout=5)
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_a_tighter_timeout_fires_in_the_server(
    seeded_graph: Fingerprint, transactions_running: Callable[[str], list[str]]
) -> None:
    """The runner's limit is the server's transaction timeout, not only a client deadline.

    Were it not passed to Neo4j, the caller would still get an answer at the client deadline
    (limit + grace), but the query would go on running in the server until the server-wide
    timeout (30 s). So: the server stops it (its message, not "Neo4j had not answered"),
    within the limit plus the grace, and a second later holds no transaction of it.
    """
    text = "UNWIND range(1, 1000000000) AS x RETURN count(x)"
    started = time.monotonic()
    with pytest.raises(QueryTimedOut) as info:
        run_cypher(text, timeout=1)
    assert time.monotonic() - started < 1 + runner.DEADLINE_GRACE_SECONDS
    assert "Neo4j had not answered" not in info.value.message
    assert info.value.message.startswith("The query was stopped after the 1 s time limit")
    assert info.value.query == text
    time.sleep(1)
    assert transactions_running(text) == []


@pytest.mark.neo4j
def test_a_tighter_row_cap_truncates(seeded_graph: Fingerprint) -> None:
    outcome = run_cypher("UNWIND range(1, 20) AS x RETURN x", max_rows=5)
    assert outcome.truncated
    assert outcome.rows == [{"x": i} for i in range(1, 6)]
    assert len(outcome.records) == 5
    exact = run_cypher("UNWIND range(1, 5) AS x RETURN x", max_rows=5)
    assert not exact.truncated and len(exact.rows) == 5


@pytest.mark.neo4j
def test_a_row_cap_above_the_maximum_is_clamped(seeded_graph: Fingerprint) -> None:
    outcome = run_cypher("UNWIND range(1, 20000) AS x RETURN x", max_rows=10**6)
    assert outcome.truncated
    assert len(outcome.rows) == limits.LIMITS["max_rows"].maximum


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("text", "params", "check"),
    [
        (
            "MATCH (a:Actor) RETURN a.name AS name ORDER BY name",
            None,
            lambda rows: [r["name"] for r in rows] == ["APT10", "HAFNIUM"],
        ),
        ("CALL db.labels()", None, lambda rows: {"label": "Actor"} in rows),
        (
            "CALL db.index.fulltext.queryNodes('entity_name_text', 'hafnium') YIELD node "
            "RETURN node.id AS id LIMIT 1",
            None,
            lambda rows: rows == [{"id": "hafnium"}],
        ),
        (
            "CALL db.schema.visualization() YIELD nodes RETURN size(nodes) > 0 AS any",
            None,
            lambda rows: rows == [{"any": True}],
        ),
        ("RETURN 1 AS x;", None, lambda rows: rows == [{"x": 1}]),
        (
            "MATCH (c:Claim {kind: $kind}) RETURN count(c) AS n",
            {"kind": "denial"},
            lambda rows: rows == [{"n": 1}],
        ),
        (
            "MATCH (c:Claim {id: 'claim-china-denial-exchange'}) RETURN c.made_on AS d",
            None,
            lambda rows: rows == [{"d": "2021-03-01"}],
        ),
    ],
)
def test_valid_reads_work(
    seeded_graph: Fingerprint,
    text: str,
    params: dict[str, Any] | None,
    check: Any,
) -> None:
    outcome = run_cypher(text, params)
    assert check(outcome.rows), outcome.rows
    assert not outcome.truncated
    assert outcome.elapsed_ms > 0


@pytest.mark.neo4j
def test_nodes_come_back_plain_and_as_driver_records(seeded_graph: Fingerprint) -> None:
    outcome = run_cypher("MATCH (a:Actor {id: $id}) RETURN a", {"id": "hafnium"})
    (row,) = outcome.rows
    assert row["a"]["_labels"] == ["Actor", "Entity"]
    assert row["a"]["name"] == "HAFNIUM"
    assert isinstance(outcome.records[0]["a"], Node)
    assert outcome.keys == ["a"]


@pytest.mark.neo4j
def test_a_missing_parameter_is_named(seeded_graph: Fingerprint) -> None:
    with pytest.raises(ParamError) as info:
        run_cypher("MATCH (a:Actor {id: $id}) RETURN a")
    assert info.value.param == "id"
    assert "$id" in info.value.message


@pytest.mark.neo4j
def test_a_syntax_error_points_into_the_users_text(seeded_graph: Fingerprint) -> None:
    with pytest.raises(QueryFailed) as info:
        run_cypher("MATC (n) RETURN n")
    assert "Invalid input 'MATC'" in info.value.message
    assert "(line 1, column 1 (offset: 0))" in info.value.message
    assert "\n" not in info.value.message


# --- Pure: statement splitting, plan checks, errors, the client-side deadline ----------------


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("RETURN 1", "RETURN 1"),
        ("RETURN 1;", "RETURN 1"),
        ("RETURN 1 ;; ", "RETURN 1"),
        ("RETURN ';' AS x", "RETURN ';' AS x"),
        ("RETURN 1; // trailing comment", "RETURN 1"),
        ("RETURN 1 /* ; */", "RETURN 1 /* ; */"),
        ('RETURN "a\\";" AS x', 'RETURN "a\\";" AS x'),
    ],
)
def test_single_statement_accepts_one_statement(text: str, statement: str) -> None:
    assert single_statement(text) == statement


@pytest.mark.parametrize(
    "text",
    ["RETURN 1; RETURN 2", "RETURN ';'; CREATE (n)", "RETURN 1 /* ; */ ; MATCH (n) DELETE n"],
)
def test_single_statement_refuses_more(text: str) -> None:
    with pytest.raises(QueryRefused, match="Only one statement can run at a time"):
        single_statement(text)


@pytest.mark.parametrize("text", ["", "   ", "// only a comment", "/* nothing */ ;"])
def test_an_empty_query_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="The query is empty"):
        single_statement(text)


def _plan(op: str, *children: dict[str, Any], details: str = "") -> dict[str, Any]:
    return {"operatorType": op, "args": {"Details": details}, "children": list(children)}


def _fake_explain(monkeypatch: pytest.MonkeyPatch, plan: dict[str, Any], qtype: str) -> None:
    summary = SimpleNamespace(plan=plan, query_type=qtype)
    monkeypatch.setattr(runner.db, "explain", lambda text, params=None, timeout=None: summary)


def test_a_disallowed_procedure_deep_in_the_plan_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan(
        "ProduceResults@neo4j",
        _plan(
            "Apply@neo4j",
            _plan("ProcedureCall@neo4j", details="db.labels() :: (label :: STRING)"),
            _plan("ProcedureCall@neo4j", details="db.createLabel(label) :: ()"),
        ),
    )
    _fake_explain(monkeypatch, plan, "r")
    with pytest.raises(QueryRefused, match=r"Procedure db\.createLabel is not allowed"):
        guard.check_read_only("CALL db.labels() YIELD label CALL db.createLabel(label)")


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(ALLOWED_PROCEDURES))
def test_allowed_procedures_pass_the_plan_check(seeded_graph: Fingerprint, name: str) -> None:
    """Against the real plan: the check finds the call, knows it, and lets it run."""
    args = "('entity_name_text', 'hafnium')" if name.startswith("db.index.fulltext") else "()"
    assert guard.check_read_only(f"CALL {name}{args}") == {name}
    if name != "db.index.fulltext.queryRelationships":  # the graph has no relationship index
        assert run_cypher(f"CALL {name}{args}", max_rows=5).keys


def test_connection_failures_become_database_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(text: str, params: Any = None, timeout: float | None = None) -> Any:
        raise neo4j.exceptions.ServiceUnavailable("Couldn't connect to 127.0.0.1:1")

    monkeypatch.setattr(runner.db, "explain", unreachable)
    with pytest.raises(DatabaseUnavailable) as info:
        run_cypher("RETURN 1")
    assert info.value.message.startswith("Cannot reach Neo4j (Couldn't connect to 127.0.0.1:1)")
    assert info.value.query == "RETURN 1"


def test_the_runner_stops_waiting_when_neo4j_does_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _fake_explain(monkeypatch, _plan("ProduceResults@neo4j"), "r")

    released = threading.Event()

    def stuck(*args: Any, **kwargs: Any) -> Any:
        released.wait(120)  # never answers while the caller waits
        raise AssertionError("the caller should have stopped waiting")

    monkeypatch.setattr(runner.db, "read", stuck)
    monkeypatch.setattr(runner, "DEADLINE_GRACE_SECONDS", 0.2)
    try:
        with pytest.raises(QueryTimedOut, match="Neo4j had not answered"):
            run_cypher("RETURN reduce(s = '', x IN range(1, 10^9) | s + 'x')", timeout=0.5)
    finally:
        released.set()


# --- what a result may weigh -------------------------------------------------------------------


def test_weight_counts_strings_numbers_and_items_and_stops_at_the_budget() -> None:
    assert values.weight(["abcd", 7, None], budget=10**6) == 8 + (4 + 8) + 8 + 8
    assert values.weight({"k": [1.5, True]}, budget=10**6) == 8 + (1 + 8) + 8 + 8 + 8
    huge = list(range(2_000_000))
    assert 1000 < values.weight(huge, budget=1000) < 1100  # stops counting past the budget


@pytest.mark.neo4j
def test_a_result_heavier_than_the_cap_is_refused_with_a_message(seeded_graph: Fingerprint) -> None:
    # 300 rows of one 128 KB string: ~39 MB, under the row cap, over the 16 MB weight cap
    doubled = " ".join(["WITH 'xxxxxxxx' AS s", *["WITH s + s AS s"] * 14])
    text = f"{doubled} UNWIND range(1, 300) AS i RETURN i, s"
    with pytest.raises(QueryFailed, match="The result is too large") as info:
        run_cypher(text, timeout=60)
    assert info.value.query == text
    light = run_cypher(text.replace("300", "30"), timeout=60)  # ~3 MB passes
    assert len(light.rows) == 30 and not light.truncated
