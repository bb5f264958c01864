"""Load: browser sessions clicking through every page while API clients run canned queries.

    python -m benchmarks.load_test [--sessions 10] [--api-clients 20] [--seconds 60]
                                   [--navigation click|goto]

Starts its own Neo4j (ATTRIB_DATA_DIR, default .data/load-neo4j; the seed is loaded), serves
`streamlit run ui/app.py` on a free port, then for `--seconds`: `--sessions` Chromium contexts
(one browser, Playwright) each step through the pages one after another, while
`--api-clients` threads in a separate process run named queries through
`attrib.runner.run_named`. A "page step" ends when the page's last element is drawn and
Streamlit is idle; it starts:
- `--navigation click` (the default, an analyst): each session loads the app once (timed
  apart, `app_load_s`; the clock and the API clients start once every session has), then a
  step starts at the click on the page's sidebar link and includes what the page needs to
  show the content of its STEPS address: Explore types "hafnium", presses Enter and clicks
  "Open" on the HAFNIUM card; Attributions and Queries pick the Exchange campaign and the
  "search" query if they are not already chosen;
- `--navigation goto`: at `page.goto` of the step's address (a full page load: a new
  Streamlit session whose frontend boots again).
Before the clock starts, one browser session steps through every page once (the same way)
and the API process runs each of its queries once (a served explorer's first compiles and
imports; on a freshly started Neo4j, whose JVM is cold, planning a query first takes seconds).
Samples the RSS of the UI process, Neo4j and the API process every second, and the CPU
seconds each used (the Chromium processes too). Prints one JSON object: load average before
and after, page-step p50/p95/max (overall and per page), errors, API latency and throughput,
peak RSS, CPU seconds. Figures live here, never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Each step: the address, and a text written at the end of that page's run.
STEPS = [
    ("overview", "/", "Show Cypher — newest_claims"),
    ("explore", "/explore?id=hafnium", "Show Cypher — neighbourhood"),
    ("attributions", "/attributions?campaign=exchange-2021", "Show Cypher — non_attributions"),
    ("timeline", "/timeline", "Show Cypher — timeline"),
    ("queries", "/queries?query=search", "Show Cypher — search"),
    ("console", "/console", "Max rows"),
]
API_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("search", {"q": "silk typhoon", "limit": 25}),
    ("entity_profile", {"id": "hafnium"}),
    ("competing_attributions", {"campaign": "exchange-2021"}),
    ("neighbourhood", {"id": "hafnium", "hops": 1, "limit": 100, "sources": False}),
    ("timeline", {"limit": 500}),
    ("overview_counts", {}),
]


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": pct(values, 0.50),
        "p95": pct(values, 0.95),
        "max": round(max(values), 3) if values else None,
        "mean": round(statistics.fmean(values), 3) if values else None,
    }


# --- API clients (a child process: `python -m benchmarks.load_test --api-child N SECONDS`) ----


def api_child(clients: int, seconds: float) -> None:
    """`clients` threads running canned queries until the time is up; prints JSON."""
    from attrib import runner

    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    # Each query once, one at a time, before the clock starts (as the pages' warm-up pass): on
    # a freshly started Neo4j the first plans take seconds each (`benchmarks/NOTES.md`, "Load").
    warm_up_errors = []
    for name, params in API_QUERIES:
        try:
            runner.run_named(name, params)
        except Exception as exc:
            warm_up_errors.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
    sys.stdin.readline()  # the parent's go: every browser session is open
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            name, params = API_QUERIES[n % len(API_QUERIES)]
            n += 1
            t0 = time.perf_counter()
            try:
                runner.run_named(name, params)
                with lock:
                    lat.append(time.perf_counter() - t0)
            except Exception as exc:
                with lock:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = {
        "latency_s": summary(lat),
        "queries": len(lat),
        "qps": round(len(lat) / seconds, 1),
        "error_count": len(errors),
        "errors": errors[:20],
        "warm_up_errors": warm_up_errors,
    }
    print(json.dumps(report))


# --- Browser sessions --------------------------------------------------------------------------


# Clicking mode: the sidebar link of each step, and what the page then needs to show the same
# content as the address of STEPS (query parameters are dropped when the sidebar switches page).
NAV_LINKS = {
    "overview": "Overview",
    "explore": "Explore",
    "attributions": "Attributions",
    "timeline": "Timeline",
    "queries": "Queries",
    "console": "Cypher console",
}
EXCHANGE = "2021 Microsoft Exchange Server data breach"  # campaign exchange-2021, in the seed
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]')"


async def finish_step(page: Any, name: str, last: str, t0: float, out: dict[str, Any]) -> None:
    """Wait for the step's end marker and Streamlit idle; record the time since `t0` or the
    error shown on the page."""
    await page.get_by_text(last).first.wait_for()
    await page.wait_for_function(IDLE)
    elapsed = time.perf_counter() - t0
    problems = await page.locator(
        "[data-testid=stException], [data-testid=stAlertContentError]"
    ).count()
    if problems:
        text = await page.locator("[data-testid=stAlertContentError]").all_inner_texts()
        out["errors"].append(f"{name}: error on the page: {' | '.join(text)[:200]}")
    else:
        out["steps"].setdefault(name, []).append(elapsed)


async def click_through(page: Any, name: str) -> None:
    """From any page: the sidebar link to `name`, then the clicks and typing that bring it to
    the content its STEPS address shows (returns once the last action is sent)."""
    nav = page.locator("[data-testid=stSidebarNav] a").filter(
        has_text=re.compile(rf"{re.escape(NAV_LINKS[name])}$")
    )
    await nav.click()
    if name == "explore":
        box = page.locator(".st-key-explore_q input")
        await box.fill("hafnium")
        await box.press("Enter")
        await page.locator(".st-key-open-hafnium button").click()
    elif name == "attributions":
        await choose(page, "attr_campaign", re.compile(re.escape(EXCHANGE)))
    elif name == "queries":
        await choose(page, "queries_name", re.compile(r"·\s+search$"))


async def choose(page: Any, key: str, option: re.Pattern[str]) -> None:
    """Pick `option` in the selectbox with this key, unless it is already chosen."""
    box = page.locator(f".st-key-{key} input[role=combobox]")
    if not option.search(await box.input_value()):
        await page.locator(f".st-key-{key} button[aria-label=Open]").click()
        await page.get_by_role("option", name=option).click()


async def open_session(
    browser: Any, url: str, index: int, out: dict[str, Any], navigation: str
) -> Any:
    """A browser context and its page, for a session starting at STEPS[index]. "click": the
    app is loaded here (the page before the first step, timed as "app_load")."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(60_000)
    if navigation == "click":
        _, path, last = STEPS[(index - 1) % len(STEPS)]
        t0 = time.perf_counter()
        try:
            await page.goto(url + path)
            await finish_step(page, "app_load", last, t0, out)
        except Exception as exc:
            out["errors"].append(f"app_load: {type(exc).__name__}: {str(exc)[:200]}")
    return page


async def session(
    page: Any,
    url: str,
    index: int,
    stop: float,
    out: dict[str, Any],
    max_steps: int | None,
    navigation: str,
) -> None:
    """Step through STEPS from `index` on. "goto": every step loads its page's address (a
    full page load, a new Streamlit session). "click": every step clicks (`click_through`)."""
    step = index  # sessions start on different pages
    while time.monotonic() < stop and (max_steps is None or step - index < max_steps):
        name, path, last = STEPS[step % len(STEPS)]
        step += 1
        t0 = time.perf_counter()
        try:
            if navigation == "click":
                await click_through(page, name)
            else:
                await page.goto(url + path)
            await finish_step(page, name, last, t0, out)
        except Exception as exc:
            out["errors"].append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
    await page.context.close()


async def browse(
    url: str,
    sessions: int,
    seconds: float,
    *,
    max_steps: int | None = None,
    navigation: str = "goto",
    on_ready: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """`sessions` browser contexts stepping through the pages for `seconds` (each stops
    after `max_steps` steps if given), by `navigation` ("click" or "goto", see `session`).
    The clock starts, and `on_ready` is called, once every session is open (in "click"
    mode: has loaded the app)."""
    from playwright.async_api import async_playwright

    out: dict[str, Any] = {"steps": {}, "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = await asyncio.gather(
            *(open_session(browser, url, i, out, navigation) for i in range(sessions))
        )
        on_ready()
        stop = time.monotonic() + seconds
        await asyncio.gather(
            *(
                session(page, url, i, stop, out, max_steps, navigation)
                for i, page in enumerate(pages)
            )
        )
        await browser.close()
    return out


# --- Memory ------------------------------------------------------------------------------------


class RssSampler(threading.Thread):
    """Peak and last RSS (MB) of each process, its children included, sampled every second,
    and the CPU seconds each used meanwhile (`cpu_s`, children included: "browser" is every
    Chromium process under this one, renderers that came and went too)."""

    def __init__(self, pids: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak: dict[str, float] = dict.fromkeys(pids, 0.0)
        self.last: dict[str, float] = dict.fromkeys(pids, 0.0)
        self.cpu: dict[str, dict[int, float]] = {name: {} for name in [*pids, "browser"]}
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        def cpu_of(proc: psutil.Process) -> float:
            times = proc.cpu_times()
            return float(times.user + times.system)

        start: dict[int, float] = {}  # CPU already used by a process when first seen
        while not self.done.wait(1.0):
            for name, pid in self.pids.items():
                try:
                    proc = psutil.Process(pid)
                    family = [proc, *proc.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in family)
                    for p in family:
                        used = cpu_of(p)
                        self.cpu[name][p.pid] = used - start.setdefault(p.pid, used)
                except psutil.Error:
                    continue
                self.last[name] = round(rss / 2**20, 1)
                self.peak[name] = max(self.peak[name], self.last[name])
            for p in psutil.Process().children(recursive=True):
                try:
                    if "chrom" in p.name():
                        used = cpu_of(p)
                        self.cpu["browser"][p.pid] = used - start.setdefault(p.pid, used)
                except psutil.Error:
                    continue

    def cpu_seconds(self) -> dict[str, float]:
        return {name: round(sum(by_pid.values()), 1) for name, by_pid in self.cpu.items()}


# --- The run -----------------------------------------------------------------------------------


def serve_ui(script: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run script` from its checkout's root (where its .streamlit/ is)."""
    sys.path.insert(0, str(REPO))
    from tests.ui_server import free_port

    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=script.parent.parent, env=env, stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: see {log}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--api-clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument(
        "--ui",
        type=Path,
        default=REPO / "ui" / "app.py",
        help="the UI script to serve (another checkout's ui/app.py: a before/after figure)",
    )
    ap.add_argument(
        "--navigation",
        choices=["click", "goto"],
        default="click",
        help="click: load the app once per session, then click the sidebar and the pages "
        "(an analyst); goto: a full page load of each step's address",
    )
    ap.add_argument("--api-child", nargs=2, metavar=("CLIENTS", "SECONDS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.api_child:
        api_child(int(args.api_child[0]), float(args.api_child[1]))
        return 0

    os.environ.setdefault("ATTRIB_DATA_DIR", str(REPO / ".data" / "load-neo4j"))
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        os.environ.pop(var, None)
    from attrib import local_server
    from loader.load import DEFAULT_SEED, load

    local_server.start()
    connection = local_server.local_connection()
    assert connection is not None
    uri, username, password = connection
    os.environ.update(NEO4J_URI=uri, NEO4J_USERNAME=username, NEO4J_PASSWORD=password)
    load([DEFAULT_SEED], wipe_first=True)
    neo4j_pid = local_server.status().pid
    log = REPO / ".data" / "load-streamlit.log"
    ui, url = serve_ui(args.ui.resolve(), dict(os.environ), log)
    try:
        # One warm-up pass outside the figures: one session opens every page once (first
        # compile of every page, first imports, first queries), as a served explorer has.
        warm = asyncio.run(browse(url, 1, 600, max_steps=len(STEPS), navigation=args.navigation))
        load_before = [round(x, 2) for x in os.getloadavg()]
        watched = {"ui": ui.pid, "neo4j": int(neo4j_pid or 0)}
        api = None
        if args.api_clients:
            api = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.load_test", "--api-child",
                 str(args.api_clients), str(args.seconds)],
                cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=dict(os.environ),
            )  # fmt: skip
            watched["api"] = api.pid
        sampler = RssSampler(watched)
        sampler.start()
        clock: dict[str, Any] = {}

        def go() -> None:  # every session open: the API clients and the clock start
            clock["load_average"] = [round(x, 2) for x in os.getloadavg()]
            clock["started"] = time.perf_counter()
            if api and api.stdin:
                api.stdin.write(b"go\n")
                api.stdin.flush()

        seen = asyncio.run(
            browse(url, args.sessions, args.seconds, navigation=args.navigation, on_ready=go)
        )
        wall = time.perf_counter() - clock["started"]
        api_out = json.loads(api.communicate()[0]) if api else None
        sampler.done.set()
        app_load = seen["steps"].pop("app_load", [])  # "click": each session's first load
        steps = [t for times in seen["steps"].values() for t in times]
        report = {
            "load_average_before": load_before,
            "load_average_at_clock_start": clock["load_average"],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "warm_up_errors": warm["errors"][:3],
            "ui": str(args.ui),
            "navigation": args.navigation,
            "sessions": args.sessions,
            "api_clients": args.api_clients,
            "seconds": args.seconds,
            "wall_s": round(wall, 1),
            "cpus": os.cpu_count(),
            "page_step_s": summary(steps),
            "app_load_s": summary(app_load) if app_load else None,
            "by_page": {name: summary(times) for name, times in seen["steps"].items()},
            "ui_errors": len(seen["errors"]),
            "ui_error_examples": seen["errors"][:10],
            "api": api_out,
            "rss_mb_peak": sampler.peak,
            "rss_mb_end": sampler.last,
            "cpu_s": sampler.cpu_seconds(),
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    finally:
        ui.terminate()
        ui.wait(timeout=20)
        local_server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
