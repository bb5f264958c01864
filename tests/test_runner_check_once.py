"""A catalogue query's read-only check runs once per process, by one thread while the others
wait (no database: the check and the read are stand-ins that count their calls)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from attrib import db, runner
from attrib.errors import QueryRefused, QueryTimedOut


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each read-only check appends its statement (and takes a while, as a cold plan does);
    reads answer at once with no rows."""
    seen: list[str] = []
    lock = threading.Lock()

    def slow_check(statement: str, params: Any = None, timeout: Any = None) -> set[str]:
        with lock:
            seen.append(statement)
        time.sleep(0.3)
        return set()

    def read(statement: str, params: Any = None, **_: Any) -> db.ReadResult:
        return db.ReadResult(["n"], [], False, 1.0)

    monkeypatch.setattr(runner, "check_read_only", slow_check)
    monkeypatch.setattr(runner.db, "read", read)
    monkeypatch.setattr(runner, "_CHECKED_NAMED", set())
    monkeypatch.setattr(runner, "_CHECKING", {})
    return seen


def test_twenty_callers_of_a_cold_query_send_one_check(checks: list[str]) -> None:
    with ThreadPoolExecutor(20) as pool:
        outcomes = list(pool.map(lambda _: runner.run_named("overview_counts"), range(20)))
    assert len(outcomes) == 20 and all(o.name == "overview_counts" for o in outcomes)
    assert len(checks) == 1
    runner.run_named("overview_counts")
    assert len(checks) == 1


def test_each_catalogue_query_is_checked_on_its_own(checks: list[str]) -> None:
    runner.run_named("overview_counts")
    runner.run_named("timeline", {"limit": 5})
    assert len(checks) == 2 and checks[0] != checks[1]


def test_a_refused_check_is_not_remembered(
    checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(statement: str, params: Any = None, timeout: Any = None) -> set[str]:
        checks.append(statement)
        raise QueryRefused("not read-only", statement)

    monkeypatch.setattr(runner, "check_read_only", refuse)
    for _ in range(2):
        with pytest.raises(QueryRefused):
            runner.run_named("overview_counts")
    assert len(checks) == 2


def test_a_caller_waiting_for_the_check_keeps_its_own_deadline(
    checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check (0.3 s) outlasts the second caller's deadline (0.1 s limit, 0.05 s grace):
    it gets the time-limit error instead of waiting for the first caller's longer one."""
    monkeypatch.setattr(runner, "DEADLINE_GRACE_SECONDS", 0.05)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(runner.run_named, "overview_counts", timeout=5)
        while not checks:  # the first caller is checking
            time.sleep(0.01)
        second = pool.submit(runner.run_named, "overview_counts", timeout=0.1)
        assert isinstance(second.exception(), QueryTimedOut)
        assert first.result().name == "overview_counts"
    assert len(checks) == 1
