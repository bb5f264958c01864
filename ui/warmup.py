"""Warm the explorer at start, so the first user does not wait (issue 20, item 5).

A fresh server's first open of Explore took 7.4 s and of Attributions 6.0 s on the seed: the
Python modules of the pages (pandas, altair, the graph renderer) were imported, Neo4j planned
each query (1.7-7 s a query on a cold server, `attrib.runner.prepare_plans`) and read its
pages from disk. When the server starts (the ASGI lifespan of ui/app.py), a thread does all of
this before anyone asks: it imports the modules, runs the queries of Explore and
Attributions once on the graph's own first campaign and the actor it is attributed to, then
has Neo4j plan every other catalogue query. The page is not held up: the thread runs beside
it, and a failure only means the first user waits as before.

Example:
    st.App("explorer.py", lifespan=warmup.lifespan)  # ui/app.py
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

# The modules the pages import on their first run (altair alone took 11 s on a busy machine).
MODULES = ("altair", "ui.evidence_rows", "ui.graph_explore", "ui.graph_paths", "ui.lag_view",
           "ui.result_view", "ui.timeline_chart", "ui.as_of")  # fmt: skip
WARM_TIMEOUT = 60.0  # s: attrib.limits' maximum


@dataclass
class Warmed:
    """What the warm-up did: seconds per step, and the steps that failed (named, not raised)."""

    seconds: dict[str, float] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


def _step(warmed: Warmed, name: str, work: Callable[[], Any]) -> Any:
    started = time.monotonic()
    try:
        return work()
    except Exception:  # a server that is down or busy: the user gets the real message later
        warmed.failed.append(name)
        return None
    finally:
        warmed.seconds[name] = round(time.monotonic() - started, 2)


def page_queries(warmed: Warmed, run: Callable[[str, dict[str, Any]], Any]) -> None:
    """Run the queries Attributions and Explore open with, each once, on the first campaign
    of the attribution matrix and the first party it is attributed to."""
    matrix = _step(warmed, "attribution_matrix", partial(run, "attribution_matrix", {}))
    rows = list(getattr(matrix, "rows", None) or [])
    if not rows:
        return
    campaign = rows[0].get("campaign_id")
    params = {"campaign": campaign}
    answer = _step(warmed, "competing_attributions", partial(run, "competing_attributions", params))
    entity = next((r.get("attributed_id") for r in getattr(answer, "rows", None) or []), None)
    calls: list[tuple[str, dict[str, Any]]] = [
        ("latest_claim_date", {}),
        ("denials", {"id": campaign}),
        ("non_attributions", {"id": campaign}),
        ("attribution_lag", {"campaign": campaign}),
        ("campaign_details", {"campaign": campaign}),
    ]
    for target in (e for e in (entity, campaign) if e):
        calls += [
            ("entity_profile", {"id": target}),
            ("neighbourhood", {"id": target}),
            ("provenance", {"id": target, "limit": 500}),
        ]
    for name, params in calls:
        _step(warmed, f"{name} {params.get('id') or params.get('campaign') or ''}".strip(),
              partial(run, name, params))  # fmt: skip


def _run_patiently(run: Callable[..., Any], name: str, params: dict[str, Any]) -> Any:
    """A query with the longest time limit: a cold server may need more than the default 10 s
    for its first plan, and nobody is waiting for this one."""
    return run(name, params, timeout=WARM_TIMEOUT)


def warm(warmed: Warmed | None = None) -> Warmed:
    """Import the pages' modules, run the first pages' queries, plan the rest (see the doc);
    what it did is written into `warmed` (a new record by default)."""
    from attrib import runner

    warmed = warmed or Warmed()
    for module in MODULES:
        _step(warmed, f"import {module}", partial(importlib.import_module, module))
    page_queries(warmed, partial(_run_patiently, runner.run_named))
    _step(warmed, "plan the catalogue", runner.prepare_plans)
    warmed.done.set()
    total = sum(warmed.seconds.values())
    # one line in the server's log: how long the first user was spared, and what failed
    print(f"attrib: warmed up in {total:.1f} s {warmed.seconds}; failed: {warmed.failed or 'none'}",
          file=sys.stderr, flush=True)  # fmt: skip
    return warmed


_lock = threading.Lock()
_started: list[Warmed] = []  # the one warm-up of this process


def start() -> Warmed:
    """Start the warm-up once per process (a daemon thread); returns its record."""
    with _lock:
        if not _started:
            warmed = Warmed()
            thread = threading.Thread(target=warm, args=(warmed,), name="warm-up", daemon=True)
            thread.start()
            _started.append(warmed)
        return _started[0]


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """The server's start (`st.App(lifespan=...)` in ui/app.py): the warm-up begins then."""
    start()
    yield
