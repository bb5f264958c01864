"""Streamlit UI timings with AppTest, in their own process (so the driver count is this run's).

    python -m benchmarks.ui_child '{"explore": {"id": "actor-000001"}, ...}' [--reruns 20]

For every page: the first render (query caches cleared, a fresh session) and the warm rerun
(the same session run again, as when a widget changes), then `--reruns` reruns of every page
with `attrib.db.DRIVERS_BUILT` read before and after. Each is timed twice: AppTest's wall
time (which adds the harness's own thread start and polling) and the app script's own run
time (Streamlit's script execution, timed around `exec_func_with_error_handling`). Page
scripts are compiled once, as the Streamlit server does (AppTest alone recompiles them on
every run). Prints one JSON object.
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

APP = Path(__file__).resolve().parent.parent / "ui" / "explorer.py"  # the pages
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
    import streamlit.runtime.scriptrunner.script_runner as script_runner
    from streamlit.testing.v1 import AppTest

    from attrib import db, runner

    script_ms: list[float] = []  # the app script's own run times, in order
    original_exec = script_runner.exec_func_with_error_handling

    def timed_exec(*a: Any, **k: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original_exec(*a, **k)
        finally:
            script_ms.append((time.perf_counter() - t0) * 1000)

    script_runner.exec_func_with_error_handling = timed_exec

    # AppTest compiles every page script again on every run (a new ScriptCache per run); the
    # Streamlit server keeps one ScriptCache for the app's lifetime. One shared cache here, so
    # a rerun costs what it costs in the server, not a recompilation of the page.
    import streamlit.testing.v1.app_test as app_test_module
    import streamlit.testing.v1.local_script_runner as local_runner_module
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared_cache = ScriptCache()
    for module in (app_test_module, local_runner_module):
        module.ScriptCache = lambda: shared_cache  # type: ignore[attr-defined,misc,assignment]

    def script_time_of(run: Any) -> float:
        """The script time of one AppTest run (summed if it ran the script more than once)."""
        before = len(script_ms)
        run()
        return sum(script_ms[before:])

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
        st.cache_resource.clear()
        at = AppTest.from_file(str(APP), default_timeout=300)
        for key, value in page_params.get(page, {}).items():
            at.query_params[key] = value
        if page == "overview":  # the app's default page
            calls["n"] = 0
            t0 = time.perf_counter()
            first_script = script_time_of(at.run)
            first = time.perf_counter() - t0
        else:
            at.run()  # the default page first (untimed), then the page itself, caches cleared
            st.cache_data.clear()
            st.cache_resource.clear()
            calls["n"] = 0
            at.switch_page(f"views/{page}.py")
            t0 = time.perf_counter()
            first_script = script_time_of(at.run)
            first = time.perf_counter() - t0
        first_queries = calls["n"]
        errors = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
        calls["n"] = 0
        warm, warm_script = [], []
        for _ in range(args.warm_runs):
            t0 = time.perf_counter()
            warm_script.append(script_time_of(at.run))
            warm.append(time.perf_counter() - t0)
        warm_median = statistics.median(warm)
        warm_script_median = statistics.median(warm_script)
        pages[page] = {
            "params": page_params.get(page, {}),
            "first_render_ms": round(first * 1000, 1),
            "warm_rerun_ms": round(warm_median * 1000, 1),
            "warm_over_first": round(warm_median / first, 3) if first else None,
            "first_render_script_ms": round(first_script, 1),
            "warm_rerun_script_ms": round(warm_script_median, 1),
            "warm_over_first_script": (
                round(warm_script_median / first_script, 3) if first_script else None
            ),
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
