"""The explorer warms itself at start (issue 20, item 5; ui/warmup.py): the modules of the
pages, the queries Attributions and Explore open with on the graph's first campaign and the
party it is attributed to, then every plan of the catalogue; once per process. (How much the
first open gains is measured, not asserted: see the issue's report.)"""

from __future__ import annotations

import threading

import pytest

from attrib.fingerprint import Fingerprint
from ui import warmup

pytestmark = pytest.mark.neo4j


def test_the_warm_up_runs_the_first_pages_queries_on_the_seed(seeded_graph: Fingerprint) -> None:
    warmed = warmup.warm()
    assert warmed.failed == []
    assert warmed.done.is_set()
    steps = set(warmed.seconds)
    assert {"import altair", "attribution_matrix", "competing_attributions",
            "denials exchange-2021", "attribution_lag exchange-2021",
            "entity_profile hafnium", "neighbourhood hafnium", "provenance hafnium",
            "entity_profile exchange-2021", "plan the catalogue"} <= steps  # fmt: skip


def test_the_warm_up_starts_once_per_process(seeded_graph: Fingerprint) -> None:
    first = warmup.start()
    assert warmup.start() is first
    running = [t for t in threading.enumerate() if t.name == "warm-up"]
    assert len(running) <= 1  # one warm-up, however many sessions start
    assert first.done.wait(timeout=600)  # a bound on a hang, not a speed figure
    assert first.failed == []
