"""Pages and load on the real record: protocol-level sessions, API clients, one real browser.

    python -m benchmarks.load_test [--sessions 10] [--api-clients 20] [--seconds 60]
                                   [--page-runs 10] [--reuse] [--results benchmarks/results.json]

Starts its own Neo4j (ATTRIB_DATA_DIR, default .data/load-neo4j), loads the real record (the
seed, MITRE ATT&CK v18.1, the MISP threat-actor and Microsoft activity-group galaxies, the
EuRepoC 1.1 excerpt: `tests/real_data.py`; `--reuse` keeps what the database holds), serves
`streamlit run ui/app.py` on a free port while Neo4j plans the catalogue (as `attrib ui` does),
then measures in three phases:

1. first runs: one session opens every page once on the fresh server (cold caches: every
   query, import and compilation the page needs) - `pages.<step>.first_s`;
2. pages alone: one session steps through every page `--page-runs` times, nothing else
   running - each page's server-side time (`pages.<step>`: p50/p95), the anchor of phase 3;
3. load, for `--seconds`: `--sessions` sessions step through the pages (each from another
   page), `--api-clients` threads in a child process run catalogue queries and console
   Cypher through `attrib.runner` (the CLI's path), and one Chromium session loads the same
   pages' addresses (`load.browser`: its own BackMsg -> script_finished time, read from its
   websocket frames, beside the time until the page is drawn and idle).

A session is `benchmarks.st_protocol.ProtocolSession`: Streamlit's own websocket protocol,
as a browser tab speaks it, without a browser. A step is one `rerun_script` for the page's
address, timed until its `script_finished` (the server's whole run of the page's script);
it is an error if the page shows an exception or an st.error, or lacks its expected text.
Samples the RSS and CPU seconds of the UI process, Neo4j, the API process and this process
(the clients) every second. Prints one JSON object; with `--results`, stores it in that
results.json (`pages` and `load`) for `benchmarks/report.py`. Figures live here, never in
tests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import anchor
from benchmarks.st_protocol import ProtocolSession, ScriptRun

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Each step: its name, the page's URL path ("" the default page), the query string, and a
# text the page shows once its script has run with that address (on the real record).
STEPS: list[tuple[str, str, str, str]] = [
    ("overview", "", "", "Newest claims"),
    ("search", "search", "q=lazarus", "Lazarus Group"),
    ("explore", "explore", "id=hafnium", "HAFNIUM"),
    ("attributions", "attributions", "campaign=exchange-2021", "Competing attributions"),
    ("identity", "identity", "", "Identity"),
    ("actor", "actor", "name=Lazarus Group", "Names ("),
    ("timeline", "timeline", "", "Timeline"),
    ("lag", "lag", "", "Attribution lag"),
    ("queries", "queries", "query=search", "Queries"),
    ("console", "console", "", "Cypher console"),
    ("claim", "claim", "claim=claim-microsoft-attribution-exchange-hafnium", "Sources ("),
]
API_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("search", {"q": "lazarus", "limit": 25}),
    ("entity_profile", {"id": "hafnium"}),
    ("competing_attributions", {"campaign": "exchange-2021"}),
    ("neighbourhood", {"id": "hafnium", "hops": 1, "limit": 100, "sources": False}),
    ("timeline", {"limit": 500}),
    ("overview_counts", {}),
]
# `attrib cypher`'s path: the console's examples, run as typed Cypher through run_cypher.
CONSOLE_EXAMPLES = ("console/actors_and_aliases.cypher", "console/who_denies_what.cypher")


def pct(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) by nearest rank, in seconds rounded to ms; None if empty."""
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
    """`clients` threads running catalogue queries and console Cypher until the time is up;
    each query runs once before the parent's go (a fresh server plans slowly). Prints JSON."""
    from attrib import cypher_text, runner

    typed = [cypher_text.read(f) for f in CONSOLE_EXAMPLES]
    work = [
        *[lambda n=n, p=p: runner.run_named(n, p) for n, p in API_QUERIES],
        *[lambda t=t: runner.run_cypher(t, max_rows=100) for t in typed],
    ]
    names = [n for n, _ in API_QUERIES] + [Path(f).stem for f in CONSOLE_EXAMPLES]
    warm_up_errors = []
    for name, job in zip(names, work, strict=True):
        try:
            job()
        except Exception as exc:
            warm_up_errors.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
    print("ready", flush=True)
    sys.stdin.readline()  # the parent's go
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            k = n % len(work)
            n += 1
            t0 = time.perf_counter()
            try:
                work[k]()
                with lock:
                    lat.append(time.perf_counter() - t0)
            except Exception as exc:
                with lock:
                    errors.append(f"{names[k]}: {type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(
        json.dumps(
            {
                "latency_s": summary(lat),
                "queries": len(lat),
                "qps": round(len(lat) / seconds, 1),
                "error_count": len(errors),
                "errors": errors[:20],
                "warm_up_errors": warm_up_errors,
            }
        )
    )


# --- Protocol sessions -------------------------------------------------------------------------


def check(step: tuple[str, str, str, str], run: ScriptRun) -> str | None:
    """What is wrong with a step's run, or None."""
    name, _page, _query, expected = step
    if run.errors:
        return f"{name}: error on the page: {' | '.join(run.errors)[:200]}"
    if run.status != "FINISHED_SUCCESSFULLY":
        return f"{name}: {run.status}"
    if not run.shows(expected):
        return f"{name}: {expected!r} not shown"
    return None


async def step_through(
    url: str,
    start: int,
    out: dict[str, Any],
    *,
    stop: float = 0.0,
    rounds: int = 0,
    cpu: Callable[[], float] | None = None,
    background: float = 0.0,
) -> None:
    """One protocol session stepping through STEPS from `start` on: until `stop` (a
    time.monotonic), or `rounds` times through every step. Times go to out["steps"][name],
    problems to out["errors"]; with `cpu` (CPU seconds used so far by the servers), the CPU
    each step cost them to out["cpu"][name], less what they use idle (`background` CPU s per
    second: a JVM is never quite idle); meaningful when this session runs alone."""
    async with ProtocolSession(url, timeout=300) as session:
        i = start
        while (time.monotonic() < stop) if stop else (i - start < rounds * len(STEPS)):
            step = STEPS[i % len(STEPS)]
            i += 1
            cpu_before = cpu() if cpu else 0.0
            try:
                run = await session.run(step[1], step[2])
            except Exception as exc:
                out["errors"].append(f"{step[0]}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            problem = check(step, run)
            if problem:
                out["errors"].append(problem)
            else:
                out["steps"].setdefault(step[0], []).append(run.seconds)
                if cpu:
                    used = cpu() - cpu_before - background * run.seconds
                    out.setdefault("cpu", {}).setdefault(step[0], []).append(max(0.0, used))


# --- The browser beside them -------------------------------------------------------------------


async def browser_session(url: str, stop: float, out: dict[str, Any]) -> None:
    """One Chromium tab loading the steps' addresses until `stop`. Per step: the time until
    the expected text is drawn and Streamlit is idle (`shown`), and the time from the
    rerun_script it sends to the script_finished it receives (`protocol`, from its own
    websocket frames: the same span a protocol session measures)."""
    from playwright.async_api import async_playwright
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    early = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
    mark: dict[str, Any] = {"sent": None, "runs": []}

    def on_websocket(ws: Any) -> None:
        def sent(payload: bytes | str) -> None:
            if isinstance(payload, bytes) and BackMsg.FromString(payload).HasField("rerun_script"):
                mark["sent"] = time.perf_counter()

        def received(payload: bytes | str) -> None:
            if not isinstance(payload, bytes) or mark["sent"] is None:
                return
            msg = ForwardMsg.FromString(payload)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished != early:
                mark["runs"].append(time.perf_counter() - mark["sent"])
                mark["sent"] = None

        ws.on("framesent", sent)
        ws.on("framereceived", received)

    idle = "() => !document.querySelector('[data-testid=stStatusWidget]')"
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(120_000)
        page.on("websocket", on_websocket)
        i = 0
        while time.monotonic() < stop:
            name, path, query, expected = STEPS[i % len(STEPS)]
            i += 1
            mark["runs"] = []
            t0 = time.perf_counter()
            try:
                await page.goto(f"{url}/{path}" + (f"?{query}" if query else ""))
                await page.get_by_text(expected).first.wait_for()
                await page.wait_for_function(idle)
                shown = time.perf_counter() - t0
                if await page.locator("[data-testid=stException]").count():
                    out["errors"].append(f"{name}: exception on the page")
                    continue
            except Exception as exc:
                out["errors"].append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            entry = out["steps"].setdefault(name, {"shown": [], "protocol": []})
            entry["shown"].append(shown)
            if mark["runs"]:
                entry["protocol"].append(mark["runs"][-1])
        await browser.close()


# --- Memory and CPU ----------------------------------------------------------------------------


def cpu_seconds_of(pids: list[int]) -> Callable[[], float]:
    """A function: the CPU seconds (user + system) these processes have used so far."""
    import psutil

    procs = [psutil.Process(pid) for pid in pids if pid]

    def used() -> float:
        return sum(float(t.user + t.system) for t in (p.cpu_times() for p in procs))

    return used


class Sampler(threading.Thread):
    """Peak and last RSS (MB) of each process, sampled every second, and the CPU seconds each
    used meanwhile. "clients" is this process alone (the protocol sessions); "browser" every
    Chromium process under it; the others with their children."""

    def __init__(self, pids: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.pids = {**pids, "browser": 0}
        self.peak: dict[str, float] = dict.fromkeys(self.pids, 0.0)
        self.last: dict[str, float] = dict.fromkeys(self.pids, 0.0)
        self.cpu: dict[str, dict[int, float]] = {name: {} for name in self.pids}
        self.done = threading.Event()

    def family(self, name: str, pid: int) -> list[Any]:
        import psutil

        me = psutil.Process()
        if name == "browser":
            return [p for p in me.children(recursive=True) if "chrom" in p.name()]
        proc = psutil.Process(pid)
        return [proc] if pid == me.pid else [proc, *proc.children(recursive=True)]

    def run(self) -> None:
        import psutil

        start: dict[int, float] = {}  # CPU already used by a process when first seen
        while not self.done.wait(1.0):
            for name, pid in self.pids.items():
                try:
                    family = self.family(name, pid)
                    rss = sum(p.memory_info().rss for p in family)
                    for p in family:
                        t = p.cpu_times()
                        used = float(t.user + t.system)
                        self.cpu[name][p.pid] = used - start.setdefault(p.pid, used)
                except psutil.Error:
                    continue
                self.last[name] = round(rss / 2**20, 1)
                self.peak[name] = max(self.peak[name], self.last[name])

    def cpu_seconds(self) -> dict[str, float]:
        return {name: round(sum(by_pid.values()), 1) for name, by_pid in self.cpu.items()}


# --- The run -----------------------------------------------------------------------------------


def load_real_record() -> dict[str, float]:
    """The seed (wiped first), ATT&CK, the MISP galaxies and the EuRepoC excerpt; seconds each."""
    sys.path.insert(0, str(REPO))
    from loader.load import DEFAULT_SEED, load
    from tests.real_data import ATTACK, EUREPOC, MISP

    sources = {
        "seed": [DEFAULT_SEED],
        "attack": [ATTACK],
        "misp-threat-actor": [MISP / "threat-actor.json", MISP / "producer.json"],
        "misp-microsoft": [MISP / "microsoft-activity-group.json", MISP / "producer.json"],
        "eurepoc": [EUREPOC],
    }
    seconds = {}
    for name, paths in sources.items():
        t0 = time.perf_counter()
        load(paths, wipe_first=name == "seed")
        seconds[name] = round(time.perf_counter() - t0, 1)
    return seconds


def serve_ui(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run ui/app.py` from the repository root (where its .streamlit/ is)."""
    sys.path.insert(0, str(REPO))
    from tests.ui_server import free_port

    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "ui" / "app.py"),
        "--server.headless", "true", "--server.address", "127.0.0.1",
        "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=sink, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: see {log}")


def measure(url: str, args: argparse.Namespace, pids: dict[str, int]) -> dict[str, Any]:
    """The three phases (see the module's docstring) against a served explorer."""
    first: dict[str, Any] = {"steps": {}, "errors": []}
    asyncio.run(step_through(url, 0, first, rounds=1))
    alone: dict[str, Any] = {"steps": {}, "errors": [], "cpu": {}}
    pages_anchor = anchor.measure()
    servers = cpu_seconds_of([pids["ui"], pids["neo4j"]])
    idle_from, t0 = servers(), time.perf_counter()
    time.sleep(5)  # what the servers use with nothing asked of them
    background = (servers() - idle_from) / (time.perf_counter() - t0)
    asyncio.run(
        step_through(url, 0, alone, rounds=args.page_runs, cpu=servers, background=background)
    )
    pages = {
        name: {
            "address": f"/{path}" + (f"?{query}" if query else ""),
            "first_s": round(first["steps"][name][0], 3) if name in first["steps"] else None,
            **summary(alone["steps"].get(name, [])),
            # the CPU the page cost the UI process and Neo4j (one session alone)
            "cpu_p50": pct(alone["cpu"].get(name, []), 0.5),
            "cpu_p95": pct(alone["cpu"].get(name, []), 0.95),
        }
        for name, path, query, _ in STEPS
    }
    api = None
    if args.api_clients:
        api = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.load_test", "--api-child",
             str(args.api_clients), str(args.seconds)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=dict(os.environ),
        )  # fmt: skip
        assert api.stdout is not None and api.stdin is not None
        api.stdout.readline()  # "ready": its warm-up is done
        pids["api"] = api.pid
    load_anchor = anchor.measure()
    sampler = Sampler(pids)
    sampler.start()
    load_before = [round(x, 2) for x in os.getloadavg()]
    if api and api.stdin:
        api.stdin.write(b"go\n")
        api.stdin.flush()
    seen: dict[str, Any] = {"steps": {}, "errors": []}
    browser: dict[str, Any] = {"steps": {}, "errors": []}

    async def everyone() -> None:
        stop = time.monotonic() + args.seconds
        jobs = [step_through(url, i, seen, stop=stop) for i in range(args.sessions)]
        if args.browser:
            jobs.append(browser_session(url, stop, browser))
        await asyncio.gather(*jobs)

    t0 = time.perf_counter()
    asyncio.run(everyone())
    wall = time.perf_counter() - t0
    api_out = json.loads(api.communicate()[0].decode().strip().splitlines()[-1]) if api else None
    sampler.done.set()
    steps = [t for times in seen["steps"].values() for t in times]
    load = {
        **load_anchor,
        "sessions": args.sessions,
        "api_clients": args.api_clients,
        "seconds": args.seconds,
        "wall_s": round(wall, 1),
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "step_s": summary(steps),
        "by_step": {name: summary(times) for name, times in seen["steps"].items()},
        "errors": len(seen["errors"]),
        "error_examples": seen["errors"][:10],
        "api": api_out,
        "browser": {
            "by_step": {
                name: {"shown": summary(e["shown"]), "protocol": summary(e["protocol"])}
                for name, e in browser["steps"].items()
            },
            "errors": len(browser["errors"]),
            "error_examples": browser["errors"][:5],
        }
        if args.browser
        else None,
        "rss_mb_peak": sampler.peak,
        "rss_mb_end": sampler.last,
        "cpu_s": sampler.cpu_seconds(),
    }
    return {
        "pages": {
            **pages_anchor,
            "runs_each": args.page_runs,
            "server_background_cpu_per_s": round(background, 3),
            "first_run_errors": first["errors"][:5],
            "errors": len(alone["errors"]),
            "error_examples": alone["errors"][:5],
            "by_step": pages,
        },
        "load": load,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--api-clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--page-runs", type=int, default=10, help="runs of each page alone")
    ap.add_argument("--no-browser", dest="browser", action="store_false")
    ap.add_argument("--reuse", action="store_true", help="the database holds the real record")
    ap.add_argument("--results", type=Path, help="store the figures in this results.json")
    ap.add_argument("--run", help="the run's start time to stamp the figures with (run.py)")
    ap.add_argument("--api-child", nargs=2, metavar=("CLIENTS", "SECONDS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.api_child:
        api_child(int(args.api_child[0]), float(args.api_child[1]))
        return 0

    os.environ.setdefault("ATTRIB_DATA_DIR", str(REPO / ".data" / "load-neo4j"))
    for var in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        os.environ.pop(var, None)
    from attrib import local_server

    started = args.run or dt.datetime.now().isoformat(timespec="seconds")
    was_running = local_server.status(check_bolt=False).running
    local_server.start(wait_seconds=300)
    connection = local_server.local_connection()
    assert connection is not None
    uri, username, password = connection
    os.environ.update(NEO4J_URI=uri, NEO4J_USERNAME=username, NEO4J_PASSWORD=password)
    ui = None
    try:
        loaded = None if args.reuse else load_real_record()
        from attrib import db, runner

        db.close()
        # as `attrib ui` serves the explorer: Neo4j plans every catalogue query while
        # Streamlit starts (here joined before the first runs, and timed)
        t0 = time.perf_counter()
        planner = threading.Thread(target=runner.prepare_plans, daemon=True)
        planner.start()
        ui, url = serve_ui(dict(os.environ), REPO / ".data" / "load-streamlit.log")
        planner.join()
        planned_s = round(time.perf_counter() - t0, 1)
        pids = {
            "ui": ui.pid,
            "neo4j": int(local_server.status().pid or 0),
            "clients": os.getpid(),
        }
        figures = measure(url, args, pids)
    finally:
        if ui is not None:
            ui.terminate()
            ui.wait(timeout=30)
        if not was_running:
            local_server.stop()
    record = "seed + ATT&CK v18.1 + MISP threat-actor and Microsoft galaxies + EuRepoC 1.1 excerpt"
    from benchmarks.run import machine

    for part in figures.values():
        part.update(run=started, machine=machine(), record=record)
    figures["load"]["record_load_s"] = loaded
    figures["pages"]["plans_prepared_s"] = planned_s
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.results:
        results = json.loads(args.results.read_text()) if args.results.exists() else {}
        results.update(figures)
        args.results.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
