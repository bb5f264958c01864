"""`runner.prepare_plans`: every catalogue query is planned once with parameters of the types
a real run sends (what `attrib ui` / `attrib up` do while Streamlit starts)."""

from __future__ import annotations

import pytest

from attrib import runner
from attrib.catalogue import catalogue

pytestmark = pytest.mark.neo4j


def test_every_catalogue_query_is_planned_without_a_failure(seeded_graph):
    runner._CHECKED_NAMED.clear()
    planned, failed = runner.prepare_plans()
    assert (planned, failed) == (len(catalogue()), 0)
    # each planned query passed this process's read-only check: a run skips its EXPLAIN
    assert len(runner._CHECKED_NAMED) == len(catalogue())


def test_a_server_that_cannot_plan_is_counted_not_raised(monkeypatch):
    def down(*_args, **_kwargs):
        raise ConnectionError("Neo4j is down")

    monkeypatch.setattr(runner, "check_read_only", down)
    runner._CHECKED_NAMED.clear()
    assert runner.prepare_plans() == (0, len(catalogue()))
