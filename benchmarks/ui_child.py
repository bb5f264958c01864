"""Streamlit UI timings with AppTest, in their own process (so the driver count is this run's).

    python -m benchmarks.ui_child '{"explore": {"id": "actor-000001"}, ...}' [--reruns 20]

For every page: the first render (query caches cleared, a fresh session) and the warm rerun
(the same session run again, as when a widget changes), then `--reruns` reruns of every page
with `attrib.db.DRIVERS_BUILT` read before and after. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
PAGES = ("overview", "explore", "attributions", "timeline", "queries", "console")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("params", help="JSON: page -> query parameters")
    ap.add_argument("--reruns", type=int, default=20)
    ap.add_argument("--warm-runs", type=int, default=5)
    args = ap.parse_args(argv)
    page_params: dict[str, dict[str, str]] = json.loads(args.params)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from attrib import db, runner

    calls = {"n": 0}  # queries that reached the runner (a cached result does not)
    for fname in ("run_named", "run_cypher"):
        original = getattr(runner, fname)

        def counted(*a: Any, _f: Any = original, **k: Any) -> Any:
            calls["n"] += 1
            return _f(*a, **k)

        setattr(runner, fname, counted)

    built_before = db.DRIVERS_BUILT
    pages: dict[str, Any] = {}
    sessions: dict[str, AppTest] = {}
    for page in PAGES:
        st.cache_data.clear()
        at = AppTest.from_file(str(APP), default_timeout=300)
        for key, value in page_params.get(page, {}).items():
            at.query_params[key] = value
        if page == "overview":  # the app's default page
            calls["n"] = 0
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
        else:
            at.run()  # the default page first (untimed), then the page itself, caches cleared
            st.cache_data.clear()
            calls["n"] = 0
            t0 = time.perf_counter()
            at.switch_page(f"views/{page}.py").run()
            first = time.perf_counter() - t0
        first_queries = calls["n"]
        errors = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
        calls["n"] = 0
        warm = []
        for _ in range(args.warm_runs):
            t0 = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t0)
        warm_median = statistics.median(warm)
        pages[page] = {
            "params": page_params.get(page, {}),
            "first_render_ms": round(first * 1000, 1),
            "warm_rerun_ms": round(warm_median * 1000, 1),
            "warm_over_first": round(warm_median / first, 3) if first else None,
            "queries_first_render": first_queries,
            "queries_warm_reruns": calls["n"],
            "errors": errors[:3],
        }
        sessions[page] = at

    built_mid = db.DRIVERS_BUILT
    for at in sessions.values():
        for _ in range(args.reruns):
            at.run()
    built_after = db.DRIVERS_BUILT
    json.dump(
        {
            "pages": pages,
            "drivers_built_total": built_after - built_before,
            "drivers_built_during_reruns": built_after - built_mid,
            "reruns": args.reruns * len(sessions),
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
