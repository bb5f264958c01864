"""Runaway queries against a running Neo4j: does each one outlive its time limit?

For every query of tests/runaway_queries.py (or those named with --only) this script

1. runs it through `attrib.runner.run_cypher(text, timeout=...)`, the product's own path
   (single-statement check, EXPLAIN read-only check, READ transaction, client deadline);
2. meanwhile sends `RETURN 1` from another driver every 0.25 s (what every other user feels);
3. after the runner returned, watches `SHOW TRANSACTIONS` from an admin connection until no
   transaction of the query is left, or --observe seconds past the deadline;
4. optionally (--terminate S) sends `TERMINATE TRANSACTIONS` S seconds past the deadline
   (S < 0: before it, to see what TERMINATE alone does);
5. optionally (--restart-stuck) restarts the local server when the query is still running at
   the end of the window, so the next query starts on an idle server; a local server halted by
   its watchdog is started again before the next query (the run says "halted");
6. optionally (--bypass-check) skips the runner's text bounds and runaway check, to measure
   what the server alone (timeout, memory caps, watchdog) does with the queries the check
   refuses.

It prints one line per query: how it ended for the user; "busy", seconds it stayed listed in
SHOW TRANSACTIONS after the deadline (">N": still listed when we stopped looking); "cpu" and
"hot", CPU seconds of the server's query (Bolt worker) threads after the deadline and the last
second they used more than 0.1 core (local server only; a transaction whose thread was stopped
can stay listed while idle, so "hot" is the figure for "still computing"); "term", TERMINATE to
gone; the server's heap (jstat) and full GCs; p50/p95/max of the concurrent `RETURN 1`.
Figures only, no assertions. Credentials: NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD (the user
must be allowed SHOW/TERMINATE TRANSACTIONS, as `neo4j` is on Community).

Usage:
    eval "$(attrib neo4j env)"
    python -m benchmarks.attack --timeout 10 --observe 60 --restart-stuck
    python -m benchmarks.attack --only reduce-sum-over-range,nested-parentheses --terminate 2
    python -m benchmarks.attack --json /tmp/attack.json --pid 12345   # heap of another JVM
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import neo4j

from attrib import runner
from attrib.errors import DatabaseUnavailable, ParamError, QueryRefused, QueryTimedOut
from tests.runaway_queries import RUNAWAY, Runaway

PROBE_EVERY = 0.25  # seconds between two concurrent RETURN 1
POLL_EVERY = 0.5  # seconds between two SHOW TRANSACTIONS
# Query threads using more than this share of one core count as busy (idle: ~0.01 with the
# probes; on a shared 2-core machine a runaway thread may get as little as ~0.15).
HOT_CORES = 0.1


@dataclass
class Outcome:
    name: str
    shape: str
    ended: str = ""  # refused / timed-out / failed / answered / unavailable / client-blocked
    message: str = ""
    client_seconds: float = 0.0  # how long run_cypher took to return (or we waited)
    busy_after_deadline: float | None = None  # None: still running at the end of the window
    cpu_after_deadline: float | None = None  # server CPU seconds from the deadline to the end
    cpu_busy_until: float | None = None  # last second after the deadline above HOT_CORES
    terminated_after: float | None = None  # seconds from TERMINATE to gone (None: not sent/gone)
    restarted: bool = False
    halted: bool = False  # the local server was gone after the query (its watchdog halted it)
    heap_max_mb: float | None = None
    full_gcs: int | None = None
    probe_ms: list[float] = field(default_factory=list)
    probe_failures: int = 0

    def probe_stats(self) -> tuple[float, float, float]:
        if not self.probe_ms:
            return (float("nan"),) * 3
        ordered = sorted(self.probe_ms)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        return statistics.median(ordered), p95, ordered[-1]


def _driver() -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(
        os.environ["NEO4J_URI"],
        auth=(os.environ["NEO4J_USERNAME"], os.environ["NEO4J_PASSWORD"]),
        connection_timeout=5.0,
        notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
    )


class Prober(threading.Thread):
    """Sends RETURN 1 every PROBE_EVERY seconds and keeps the latencies."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.driver = _driver()
        self.latencies: list[float] = []
        self.failures = 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            started = time.perf_counter()
            try:
                with self.driver.session() as s:
                    s.run("RETURN 1").consume()
                self.latencies.append((time.perf_counter() - started) * 1000)
            except Exception:
                self.failures += 1
            self.stop_event.wait(PROBE_EVERY)

    def finish(self) -> None:
        self.stop_event.set()
        self.join(60)
        self.driver.close()


class HeapSampler(threading.Thread):
    """Samples the server JVM's used heap and full-GC count with jstat (local server only)."""

    def __init__(self, pid: int | None) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.max_mb: float | None = None
        self.fgc_start: int | None = None
        self.fgc_end: int | None = None
        self.stop_event = threading.Event()

    def sample(self) -> tuple[float, int] | None:
        if self.pid is None:
            return None
        try:
            out = subprocess.run(
                ["jstat", "-gc", str(self.pid)], capture_output=True, text=True, timeout=10
            ).stdout.split("\n")
            cols = dict(zip(out[0].split(), out[1].split(), strict=False))
            used = sum(float(cols[k]) for k in ("S0U", "S1U", "EU", "OU")) / 1024
            return used, int(cols["FGC"])
        except (OSError, subprocess.SubprocessError, KeyError, IndexError, ValueError):
            return None

    def run(self) -> None:
        while not self.stop_event.is_set():
            got = self.sample()
            if got:
                used, fgc = got
                self.max_mb = used if self.max_mb is None else max(self.max_mb, used)
                self.fgc_start = fgc if self.fgc_start is None else self.fgc_start
                self.fgc_end = fgc
            self.stop_event.wait(1.0)

    def finish(self) -> None:
        self.stop_event.set()
        self.join(30)


def _ours(current: str, text: str) -> bool:
    """Whether SHOW TRANSACTIONS' currentQuery is this query (or its EXPLAIN)."""
    return bool(current) and (text[:300] in current or current[:300] in text)


def _running(admin: neo4j.Driver, text: str) -> list[str]:
    """Ids of the transactions still running `text` (as query or its EXPLAIN)."""
    with admin.session() as s:
        rows = s.run(
            "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery AS q RETURN id, q"
        ).data()
    return [r["id"] for r in rows if _ours(r["q"] or "", text)]


def _terminate(admin: neo4j.Driver, ids: list[str]) -> None:
    with admin.session() as s:
        s.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds so far of the server's Bolt worker threads: the threads that run queries.

    Linux /proc only. Counting the query threads, not the whole JVM, keeps GC, JIT and the
    monitoring queries of this script out of the figure.
    """
    if pid is None:
        return None
    total, found = 0, False
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        if name.startswith("neo4j.BoltWork"):
            fields = stat[stat.rindex(")") + 2 :].split()
            total += int(fields[11]) + int(fields[12])
            found = True
    return total / os.sysconf("SC_CLK_TCK") if found else None


def _server_pid() -> int | None:
    try:
        from attrib import local_server

        status = local_server.status()
        return status.pid if status.running else None
    except Exception:
        return None


def _last_log_line() -> str:
    from attrib.local_server import state

    lines = [line for line in state.log_tail().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def _start_local() -> None:
    from attrib import local_server

    local_server.start()


def _restart_local() -> None:
    from attrib import local_server

    local_server.stop(timeout=5)
    local_server.start()


class Watcher(threading.Thread):
    """Polls SHOW TRANSACTIONS (admin) and the server's CPU from the start of the attack."""

    def __init__(self, text: str, pid: int | None) -> None:
        super().__init__(daemon=True)
        self.text, self.pid = text, pid
        self.admin = _driver()
        self.ids: list[str] = []
        self.last_seen: float | None = None  # monotonic time the query was last listed
        self.hot: list[tuple[float, float]] = []  # (time, cpu seconds) samples
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.ids = _running(self.admin, self.text)
            except Exception:
                self.ids = ["?"]  # SHOW TRANSACTIONS does not answer: count as still there
            now = time.monotonic()
            if self.ids:
                self.last_seen = now
            cpu = _cpu_seconds(self.pid)
            if cpu is not None:
                self.hot.append((now, cpu))
            self.stop_event.wait(POLL_EVERY)

    def cpu_after(self, deadline: float, end: float) -> tuple[float | None, float | None]:
        """CPU seconds from the deadline to `end`, and the last second above HOT_CORES."""
        after = [(t, c) for t, c in self.hot if deadline <= t <= end]
        if len(after) < 2:
            return None, None
        busy_until = None
        for (t0, c0), (t1, c1) in itertools.pairwise(after):
            if (c1 - c0) / max(t1 - t0, 1e-3) > HOT_CORES:
                busy_until = t1 - deadline
        return after[-1][1] - after[0][1], busy_until

    def finish(self) -> None:
        self.stop_event.set()
        self.join(30)
        self.admin.close()


def attack(
    query: Runaway,
    *,
    timeout: float,
    observe: float,
    terminate: float | None,
    restart_stuck: bool,
    pid: int | None,
) -> Outcome:
    """Run one runaway query through the product and measure what it leaves behind."""
    out = Outcome(query.name, query.shape)
    prober, heap, watcher = Prober(), HeapSampler(pid), Watcher(query.text, pid)
    for thread in (prober, heap, watcher):
        thread.start()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            runner.run_cypher(query.text, dict(query.params), timeout=timeout)
            box["ended"] = "answered"
        except (QueryRefused, ParamError) as exc:
            box["ended"], box["message"] = "refused", exc.message
        except QueryTimedOut as exc:
            box["ended"], box["message"] = "timed-out", exc.message
        except DatabaseUnavailable as exc:
            box["ended"], box["message"] = "unavailable", exc.message
        except Exception as exc:
            box["ended"] = "failed"
            box["message"] = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"

    started = time.monotonic()
    deadline = started + timeout
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    # the runner itself gives up at timeout + its grace; wait a little longer to see whether
    # the client's deadline holds (EXPLAIN has none: a parser stall shows up here)
    terminate_sent: float | None = None

    def maybe_terminate(now: float) -> float | None:
        """Send TERMINATE once, at deadline + `terminate` (negative: before the deadline)."""
        if terminate is None or terminate_sent is not None or now < deadline + terminate:
            return terminate_sent
        ids = [i for i in watcher.ids if i != "?"]
        if not ids:
            return None
        try:
            _terminate(watcher.admin, ids)
        except Exception as exc:
            out.message += f" [terminate failed: {type(exc).__name__}]"
        return now

    give_up = started + timeout + runner.DEADLINE_GRACE_SECONDS + 15
    while worker.is_alive() and time.monotonic() < give_up:
        worker.join(POLL_EVERY / 2)
        terminate_sent = maybe_terminate(time.monotonic())
    out.client_seconds = time.monotonic() - started
    out.ended = box.get("ended", "client-blocked")
    out.message = " ".join(str(box.get("message", "")).split())[:160]

    window_end = deadline + observe
    gone = False
    while True:
        now = time.monotonic()
        gone = now >= deadline and (
            watcher.last_seen is None or now - watcher.last_seen > 2 * POLL_EVERY + 0.5
        )
        if gone or now >= window_end:
            break
        terminate_sent = maybe_terminate(now)
        time.sleep(POLL_EVERY / 2)
    if gone:
        last = watcher.last_seen if watcher.last_seen is not None else deadline
        out.busy_after_deadline = max(0.0, last - deadline)
        if terminate_sent is not None:
            out.terminated_after = max(0.0, last - terminate_sent)
        time.sleep(min(3.0, max(0.0, window_end - time.monotonic())))  # CPU tail
    for thread in (prober, heap, watcher):
        thread.finish()
    out.cpu_after_deadline, out.cpu_busy_until = watcher.cpu_after(deadline, window_end)
    out.probe_ms, out.probe_failures = prober.latencies, prober.failures
    out.heap_max_mb = heap.max_mb
    if heap.fgc_start is not None and heap.fgc_end is not None:
        out.full_gcs = heap.fgc_end - heap.fgc_start
    if pid is not None and _server_pid() is None:
        out.halted = True
        out.message += f" [server gone; its log ended: {_last_log_line()}]"
        _start_local()  # rotates the log: keep its last line above
    stuck = not gone or (out.cpu_busy_until or 0.0) >= observe - 1
    if stuck and restart_stuck and pid is not None:
        _restart_local()
        out.restarted = True
    return out


def _line(o: Outcome, observe: float) -> str:
    p50, p95, worst = o.probe_stats()
    busy = f">{observe:.0f}" if o.busy_after_deadline is None else f"{o.busy_after_deadline:.1f}"
    term = "" if o.terminated_after is None else f"{o.terminated_after:.1f}"
    heap = "" if o.heap_max_mb is None else f"{o.heap_max_mb:.0f}"
    cpu = "" if o.cpu_after_deadline is None else f"{o.cpu_after_deadline:.1f}"
    hot = "" if o.cpu_busy_until is None else f"{o.cpu_busy_until:.1f}"
    gcs = "" if o.full_gcs is None else str(o.full_gcs)
    return (
        f"{o.name:34} {o.shape:10} {o.ended:14} {o.client_seconds:6.1f} {busy:>6} {cpu:>5} "
        f"{hot:>5} {term:>5} "
        f"{heap:>5} {gcs:>4} {p50:7.0f} {p95:7.0f} {worst:7.0f} {o.probe_failures:4}"
        f"{'  restarted' if o.restarted else ''}{'  halted' if o.halted else ''}  {o.message[:90]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="run_cypher timeout (s)")
    parser.add_argument("--observe", type=float, default=60.0, help="watch window after it (s)")
    parser.add_argument(
        "--terminate", type=float, help="TERMINATE this many s after the deadline (may be < 0)"
    )
    parser.add_argument("--restart-stuck", action="store_true", help="restart local server")
    parser.add_argument("--only", help="comma-separated names of runaway queries")
    parser.add_argument("--shape", help="only this shape: expression, parser or rows")
    parser.add_argument("--pid", type=int, help="server JVM pid for jstat (default: local)")
    parser.add_argument("--json", help="also write the outcomes to this file")
    parser.add_argument(
        "--bypass-check", action="store_true", help="skip text bounds and the runaway check"
    )
    args = parser.parse_args(argv)
    if args.bypass_check:  # the server's own defences only (timeout, memory caps, watchdog)
        runner.check_text_bounds = lambda statement: None  # type: ignore[assignment]
        runner.check_runaway = lambda statement, params=None, timeout=None: None  # type: ignore[assignment]

    chosen = [
        q
        for q in RUNAWAY
        if (not args.only or q.name in args.only.split(","))
        and (not args.shape or q.shape == args.shape)
    ]
    print(
        f"{'query':34} {'shape':10} {'ended':14} {'client':>6} {'busy':>6} {'cpu':>5} "
        f"{'hot':>5} {'term':>5} "
        f"{'heapM':>5} {'FGC':>4} {'p50ms':>7} {'p95ms':>7} {'maxms':>7} {'fail':>4}  message"
    )
    outcomes = []
    for query in chosen:
        pid = args.pid or _server_pid()
        o = attack(
            query,
            timeout=args.timeout,
            observe=args.observe,
            terminate=args.terminate,
            restart_stuck=args.restart_stuck,
            pid=pid,
        )
        outcomes.append(o)
        print(_line(o, args.observe), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump([asdict(o) for o in outcomes], f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
