"""The benchmarks: loader throughput, query latency, UI response — on their own Neo4j.

    python -m benchmarks.run                 # sizes S and M (make bench)
    python -m benchmarks.run --sizes S,M,L   # also the 1M-node graph (make bench-large)

Starts a local Neo4j 5.26 in ATTRIB_DATA_DIR=.data/bench-neo4j (its database is wiped freely),
generates the corpora (benchmarks/corpus.py, cached in benchmarks/corpus/), measures, stops the
server, and writes benchmarks/results.json and benchmarks/README.md. Figures of a size that was
not run this time are kept from the previous results.json (each size records when it ran).

What is measured (see README.md for the goals):
- loader: the batched loader (loader.writer.write_plan) against one MERGE per row, each in its
  own transaction through attrib.db, on the same 5k-row slice; batch sizes 100, 1k, 10k; the
  full load (wiped) and an unchanged re-load at each size, in a subprocess for peak memory;
- bulk: the bulk first load (`attrib load --bulk`, loader.bulk) at each size and
  `neo4j-admin database import` alone on the same files (`--skip loader,queries,ui` for it
  alone: the online figures of the last run stay beside it).
- queries: every catalogue query through attrib.runner.run_named (the UI's path), warm-up runs
  then >= 50 runs with parameters drawn from the corpus; PROFILE of the hot queries; the id
  lookup with and without its index.
- UI: AppTest first render and warm rerun of every page; drivers built over the reruns.
- pages and load on the real record (benchmarks/load_test.py): each page's server-side time,
  then 10 protocol-level sessions beside 20 API clients and one browser for 60 s.
Every run first times the anchor (benchmarks/anchor.py), and every part it measures is
stamped with the run's start (`run`), so the report gives each figure its date, machine and
ratio to the anchor of the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "benchmarks"
RESULTS = HERE / "results.json"
README = HERE / "README.md"
DATA_DIR = REPO / ".data" / "bench-neo4j"
NEO4J_VARS = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")

GOALS = {
    "loader_ratio": 20.0,
    "reload_created": 0,
    "peak_rss_mb_L": 500.0,
    "p95_lookup_ms": 20.0,
    "p95_path_ms": 250.0,
    "index_ratio": 10.0,
    "warm_over_first": 0.10,
    "drivers_per_process": 1,
    # issue 19: pages on the real record (server-side time alone), and the load beside them
    "actor_p95_s": 0.3,
    "page_p95_s": 1.0,
    "step_p95_s": 1.5,
    "errors": 0,
    "identity_growth_slack": 1.5,  # benchmarks/identity_scale.py: CPU time vs n log n
    "bulk_rows_per_s_L": 50_000,  # issue 19: the bulk first load at L, end to end
    "bulk_over_import_tool": 2.0,  # issue 19: within 2x of the import tool alone
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank on the sorted values)."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


# --- server --------------------------------------------------------------------------------------


def setup_env() -> None:
    for var in NEO4J_VARS:
        os.environ.pop(var, None)
    os.environ["ATTRIB_DATA_DIR"] = str(DATA_DIR)
    logging.getLogger("neo4j").setLevel(logging.ERROR)


def start_server() -> tuple[str, bool]:
    from attrib import local_server

    was_running = local_server.status(check_bolt=False).running
    uri = local_server.start(wait_seconds=300, progress=log)
    return uri, was_running


def server_version() -> str:
    from attrib import cypher_text, db

    rows = db.read(cypher_text.read("bench/server_version.cypher")).records
    return str(rows[0]["v"]) if rows else "?"


# --- loader ----------------------------------------------------------------------------------


def child_load(
    path: Path, *, wipe: bool, batch_size: int = 1000, bulk_files: Path | None = None
) -> dict[str, Any]:
    """One load in a subprocess (benchmarks.load_child); `bulk_files`: through the import
    tool (loader.bulk, into an empty database), its files kept there."""
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.load_child",
        str(path),
        "--batch-size",
        str(batch_size),
    ]
    if wipe:
        cmd.append("--wipe")
    if bulk_files is not None:
        cmd += ["--bulk", "--keep-files", str(bulk_files)]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"load failed ({out.returncode}):\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def spread_slice(path: Path, n_rows: int = 5000) -> tuple[Any, Any]:
    """(context, slice): every k-th row of every label and edge shape - the worst case for
    batching (about 60 groups, so batches of a few dozen rows)."""
    from loader.plan import Plan
    from loader.sources.seed_stream import stream_validate_plan

    _labels, full = stream_validate_plan([path])
    try:
        step = max(1, (full.node_count() + full.edge_count()) // n_rows)
        context, part = Plan(), Plan()
        for label, rows in full.nodes.items():
            for i, row in enumerate(rows):
                (part if i % step == 0 else context).nodes[label].append(row)
        for shape, rows in full.edges.items():
            for i, row in enumerate(rows):
                (part if i % step == 0 else context).edges[shape].append(row)
        return context, part
    finally:
        full.close()


def slice_plan(path: Path, n_rows: int = 5000) -> tuple[Any, Any]:
    """(context, slice) of a corpus: the slice is its first claims with all their edges, about
    `n_rows` rows - a file of new claims added to a loaded graph, the loader's everyday case;
    the context is every other row (what that graph already holds)."""
    from collections import Counter

    from loader.plan import Plan
    from loader.sources.seed_stream import stream_validate_plan

    _labels, full = stream_validate_plan([path])
    try:
        claim_ids = [row["id"] for row in full.nodes["Claim"]]
        per_claim: Counter[str] = Counter()
        wanted = set(claim_ids)
        for rows in full.edges.values():
            for row in rows:
                if row["from"] in wanted:
                    per_claim[row["from"]] += 1
        chosen: set[str] = set()
        total = 0
        for cid in claim_ids:
            if total + 1 + per_claim[cid] > n_rows:
                break
            chosen.add(cid)
            total += 1 + per_claim[cid]
        context, part = Plan(), Plan()
        for label, rows in full.nodes.items():
            for row in rows:
                (part if row["id"] in chosen else context).nodes[label].append(row)
        for shape, rows in full.edges.items():
            for row in rows:
                (part if row["from"] in chosen else context).edges[shape].append(row)
        return context, part
    finally:
        full.close()


def per_row_baseline(plan: Any) -> float:
    """Seconds to write the plan with one MERGE per row, each in its own transaction."""
    from attrib import cypher_text, db
    from loader import models as m
    from loader.plan import EDGE_TYPES

    names = {*m.NODE_LABELS, "Entity", *EDGE_TYPES}
    started = time.perf_counter()
    for label, rows in plan.nodes.items():
        labels = f"{label}:Entity" if label in m.ENTITY_LABELS else label
        node = "bench/baseline_merge_node.cypher"
        query = cypher_text.render(node, names, label=label, labels=labels)
        for row in rows:
            db.run_write(query, {"id": row["id"], "props": row["props"]})
    for (etype, frm, to), rows in plan.edges.items():
        edge = "bench/baseline_merge_edge.cypher"
        query = cypher_text.render(edge, names, type=etype, from_label=frm, to_label=to)
        for row in rows:
            db.run_write(query, {"from": row["from"], "to": row["to"], "props": row["props"]})
    return time.perf_counter() - started


def bench_loader(sizes: list[str], corpora: dict[str, Path]) -> dict[str, Any]:
    from loader import writer

    out: dict[str, Any] = {}
    small = corpora["S"]
    log("loader: warm-up load of S (JIT, page cache)")
    child_load(small, wipe=True)

    # 1. batched vs per-row on the same 5k-row slice (wiped database, schema in place)
    for key, make in (("slice", slice_plan), ("slice_spread", spread_slice)):
        context, plan = make(small)
        rows = plan.node_count() + plan.edge_count()
        log(f"loader: {key}: per-row baseline on {rows} rows (S without them loaded first)")
        writer.wipe()
        writer.apply_schema()
        writer.write_plan(context, batch_size=1000)
        per_row_s = per_row_baseline(plan)
        writer.wipe()
        writer.write_plan(context, batch_size=1000)
        log(f"loader: {key}: batched on the same rows")
        t0 = time.perf_counter()
        report = writer.write_plan(plan, batch_size=1000)
        batched_s = time.perf_counter() - t0
        assert report.totals().created == rows, report.totals()
        writer.wipe()
        out[key] = {
            "what": (
                "the first claims of S with all their edges, written into S without them"
                if key == "slice"
                else "every k-th row of every label and edge shape of S, written into the rest"
            ),
            "rows": rows,
            "nodes": plan.node_count(),
            "edges": plan.edge_count(),
            "groups": len(plan.nodes) + len(plan.edges),
            "per_row_seconds": round(per_row_s, 2),
            "per_row_rows_per_s": round(rows / per_row_s, 1),
            "batched_seconds": round(batched_s, 3),
            "batched_rows_per_s": round(rows / batched_s, 1),
            "ratio": round(per_row_s / batched_s, 1),
        }
    out["ratio_batched_vs_per_row"] = out["slice"]["ratio"]
    log(f"loader: ratio {out['ratio_batched_vs_per_row']}x")

    # 2. batch sizes, full S load (wiped each time)
    out["batch_sizes"] = {}
    for bs in (100, 1000, 10000):
        log(f"loader: S with batch size {bs}")
        res = child_load(small, wipe=True, batch_size=bs)
        out["batch_sizes"][str(bs)] = {
            k: res[k]
            for k in ("rows", "seconds", "write_seconds", "rows_per_s", "write_rows_per_s")
        }

    # 3. first load and unchanged re-load at every size (peak memory of each)
    out["sizes"] = {}
    for size in sizes:
        log(f"loader: first load of {size}")
        writer.wipe()  # untimed: the first load is timed into an empty database
        first = child_load(corpora[size], wipe=True)
        log(f"loader: {size} first load {first['seconds']} s; unchanged re-load")
        again = child_load(corpora[size], wipe=False)
        log(f"loader: {size} re-load {again['seconds']} s, created {again['created']}")
        log(f"loader: {size} identity after the first load: {first['identity']}")
        out["sizes"][size] = {
            "first": first,
            "reload": again,
            "reload_over_first": round(again["seconds"] / first["seconds"], 3),
            "peak_rss_mb": max(first["peak_rss_mb"], again["peak_rss_mb"]),
        }
    return out


def bench_bulk(
    sizes: list[str], corpora: dict[str, Path], online: dict[str, Any]
) -> dict[str, Any]:
    """The bulk first load (`attrib load --bulk`) at each size, end to end into an empty
    database, then `neo4j-admin database import` alone on the same files (server stopped, JVM
    start included); the database is left as a full load leaves it (schema, resolved actors).
    `online`: the online first loads (loader.sizes, of this run or an earlier one)."""
    import shutil
    import tempfile

    from attrib import db, local_server
    from attrib.identity.policy import load_policy
    from attrib.local_server import offline_import
    from loader import writer
    from loader.resolution import write_resolution

    out: dict[str, Any] = {}
    for size in sizes:
        files = DATA_DIR.parent / f"bench-bulk-files-{size}"
        shutil.rmtree(files, ignore_errors=True)
        writer.wipe()  # untimed: the bulk load needs an empty database
        db.close()
        log(f"loader: bulk first load of {size}")
        try:
            first = child_load(corpora[size], wipe=False, bulk_files=files)
        except RuntimeError as exc:  # kept as the figure of this size; the others go on
            log(f"loader: {size} bulk load failed: {str(exc)[-600:]}")
            out[size] = {"error": str(exc)[-600:]}
            shutil.rmtree(files, ignore_errors=True)
            continue
        steps = first.pop("bulk")
        arguments = steps.pop("arguments")
        log(f"loader: {size} bulk {first['seconds']} s; the import tool alone on its files")
        db.close()
        local_server.stop()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                alone, _ = offline_import.run_import_tool(arguments, Path(tmp))
        finally:
            local_server.start()
            shutil.rmtree(files, ignore_errors=True)
        writer.apply_schema()  # as the bulk load left it: schema and resolved actors
        write_resolution(load_policy())
        online_s = online.get(size, {}).get("first", {}).get("seconds")
        out[size] = {
            "first": first,
            "steps": steps,
            "import_tool_seconds": round(alone, 2),
            "import_tool_rows_per_s": round(first["rows"] / alone, 1),
            "over_import_tool": round(first["seconds"] / alone, 2),
            "online_first_seconds": online_s,
            "speedup_over_online": round(online_s / first["seconds"], 1) if online_s else None,
        }
        log(f"loader: {size} import tool alone {alone:.1f} s ({out[size]['over_import_tool']}x)")
    return out


# --- queries ---------------------------------------------------------------------------------

# name -> (catalogue query, goal class, parameter maker); classes: lookup and hop (p95 <= 20 ms),
# path (p95 <= 250 ms), global (whole-graph views: measured, no latency goal in the issue).
Maker = Callable[[random.Random, dict[str, list[Any]]], dict[str, Any]]


def _entity(r: random.Random, s: dict[str, list[Any]]) -> str:
    pool = r.choice(["actor", "campaign", "organisation"])
    return str(r.choice(s[pool]))


def _search_text(r: random.Random, s: dict[str, list[Any]]) -> str:
    x = r.random()
    if x < 0.4:
        return str(r.choice(s["actor_name"]))
    if x < 0.7:
        return str(r.choice(s["actor_alias"]))
    if x < 0.85:
        return str(r.choice(s["actor_name"])).lower().replace(" ", "-")
    return " ".join(str(r.choice(s["actor_name"])).split()[:2])


QUERIES: dict[str, tuple[str, str, Maker]] = {
    "search": ("search", "lookup", lambda r, s: {"q": _search_text(r, s)}),
    "entity_profile": ("entity_profile", "lookup", lambda r, s: {"id": _entity(r, s)}),
    "provenance": (
        "provenance",
        "lookup",
        lambda r, s: {"id": r.choice([r.choice(s["claim"]), _entity(r, s)])},
    ),
    "neighbourhood": ("neighbourhood", "hop", lambda r, s: {"id": _entity(r, s), "hops": 1}),
    "neighbourhood_2hops": (
        "neighbourhood",
        "hop",
        lambda r, s: {"id": _entity(r, s), "hops": 2},
    ),
    "neighbourhood_3hops": (
        "neighbourhood",
        "path",
        lambda r, s: {"id": _entity(r, s), "hops": 3},
    ),
    "campaign_details": (
        "campaign_details",
        "hop",
        lambda r, s: {"campaign": r.choice(s["campaign"])},
    ),
    "competing_attributions": (
        "competing_attributions",
        "hop",
        lambda r, s: {"campaign": r.choice(s["campaign"])},
    ),
    "competing_attributions_as_of": (
        "competing_attributions",
        "hop",
        lambda r, s: {"campaign": r.choice(s["campaign"]), "as_of": r.choice(s["date"])},
    ),
    "as_of": (
        "as_of",
        "hop",
        lambda r, s: {"as_of": r.choice(s["date"]), "id": r.choice(s["campaign"] + s["actor"])},
    ),
    "denials": ("denials", "hop", lambda r, s: {"id": _entity(r, s)}),
    "non_attributions": ("non_attributions", "hop", lambda r, s: {"id": r.choice(s["actor"])}),
    "sponsorship_chain": ("sponsorship_chain", "hop", lambda r, s: {"id": r.choice(s["actor"])}),
    "timeline": ("timeline", "hop", lambda r, s: {"id": _entity(r, s)}),
    "shortest_path": (
        "shortest_path",
        "path",
        lambda r, s: {"from_id": r.choice(s["actor"]), "to_id": _entity(r, s)},
    ),
    "overview_counts": ("overview_counts", "global", lambda r, s: {}),
    "newest_claims": (
        "newest_claims",
        "global",
        lambda r, s: {"kind": r.choice([None, "attribution", "denial", "alias"])},
    ),
    "attribution_matrix": (
        "attribution_matrix",
        "global",
        lambda r, s: {"as_of": r.choice([None, *s["date"]])},
    ),
    "as_of_all": ("as_of", "global", lambda r, s: {"as_of": r.choice(s["date"])}),
    "denials_all": ("denials", "global", lambda r, s: {}),
    "non_attributions_all": ("non_attributions", "global", lambda r, s: {}),
    "sponsorship_chain_all": ("sponsorship_chain", "global", lambda r, s: {}),
    "timeline_all": ("timeline", "global", lambda r, s: {}),
}
HOT = (
    "search",
    "entity_profile",
    "provenance",
    "neighbourhood",
    "neighbourhood_2hops",
    "neighbourhood_3hops",
    "campaign_details",
    "competing_attributions",
    "as_of",
    "denials",
    "non_attributions",
    "sponsorship_chain",
    "timeline",
    "shortest_path",
)


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def profile_query(name: str, params: dict[str, Any]) -> dict[str, Any]:
    """PROFILE one run: the operators used, whether any scans all nodes, total db hits."""
    from attrib import db
    from attrib.catalogue import catalogue, coerce_params

    query = catalogue()[name]
    typed = coerce_params(query, params)
    with db.session(read_only=True) as s:
        summary = s.run(db.PROFILE_PREFIX + query.text, typed).consume()
    ops: list[tuple[str, int]] = []  # (operator, rows it produced)
    hits = 0

    def walk(plan: Any) -> None:
        nonlocal hits
        ops.append(
            (str(plan.get("operatorType", "?")).split("@")[0], int(plan.get("rows", 0) or 0))
        )
        hits += int(plan.get("dbHits", 0) or 0)
        for child in plan.get("children", []):
            walk(child)

    walk(summary.profile or {})
    scans = sorted({op for op, rows in ops if op in ("AllNodesScan", "NodeByLabelScan") and rows})
    guarded = sorted(
        {op for op, rows in ops if op in ("AllNodesScan", "NodeByLabelScan") and not rows}
    )
    seeks = sorted({op for op, _ in ops if "Seek" in op or "IndexScan" in op or "Procedure" in op})
    # guarded: a scan in the plan that produced no row (the branch for "no id given")
    return {
        "params": params,
        "db_hits": hits,
        "scans": scans,
        "guarded_scans": guarded,
        "seeks": seeks,
    }


def bench_queries(
    size: str, samples: dict[str, list[Any]], runs: int, warmup: int
) -> dict[str, Any]:
    from attrib import errors, runner

    out: dict[str, Any] = {}
    # warm-up pass over the whole catalogue first (other parameters than the timed ones), so
    # that the server's JIT and caches are warm for every query, not only the first ones
    for key, (name, _cls, maker) in QUERIES.items():
        wrng = random.Random(f"warm-{key}-{size}")
        for _ in range(warmup):
            with contextlib.suppress(errors.QueryError):
                runner.run_named(name, _clean(maker(wrng, samples)))
    for key, (name, cls, maker) in QUERIES.items():
        rng = random.Random(f"{key}-{size}")
        total: list[float] = []
        server: list[float] = []
        rows: list[int] = []
        errors: list[str] = []
        for _ in range(runs):
            params = _clean(maker(rng, samples))
            t0 = time.perf_counter()
            try:
                outcome = runner.run_named(name, params)
            except errors.QueryError as exc:
                errors.append(f"{params}: {exc.message}"[:300])
                total.append((time.perf_counter() - t0) * 1000)
                continue
            total.append((time.perf_counter() - t0) * 1000)
            server.append(outcome.elapsed_ms)
            rows.append(len(outcome.rows))
        entry = {
            "query": name,
            "class": cls,
            "size": size,
            "runs": runs,
            "p50_ms": round(pct(total, 50), 1),
            "p95_ms": round(pct(total, 95), 1),
            "max_ms": round(max(total), 1),
            "read_p50_ms": round(pct(server, 50), 1) if server else None,
            "read_p95_ms": round(pct(server, 95), 1) if server else None,
            "rows_median": statistics.median(rows) if rows else 0,
            "errors": len(errors),
            "error_examples": errors[:2],
        }
        if key in HOT:
            entry["profile"] = profile_query(name, _clean(maker(random.Random(key), samples)))
        out[key] = entry
        log(
            f"queries {size}: {key:32s} p50 {entry['p50_ms']:8.1f} ms  "
            f"p95 {entry['p95_ms']:8.1f} ms" + (f"  ERRORS {len(errors)}" if errors else "")
        )
    return out


def entity_ids(records: dict[str, int]) -> list[str]:
    """Every entity id of a corpus (benchmarks/corpus.py names them by section and number),
    so a lookup picks any entity, wherever the store put it."""
    prefix = {
        "organisations": ("org-", 6),
        "people": ("person-", 6),
        "actors": ("actor-", 6),
        "campaigns": ("campaign-", 6),
        "tools": ("tool-", 6),
        "vulnerabilities": ("cve-", 6),
        "infrastructure": ("infra-", 6),
    }
    return [f"{p}{i:0{w}d}" for sec, (p, w) in prefix.items() for i in range(records[sec])]


def bench_index(
    samples: dict[str, list[Any]], runs: int, all_entities: list[str]
) -> dict[str, Any]:
    """entity_profile (lookup by id) with its index (the entity_id constraint) and without.

    End to end (run_named), the READ transaction alone, and Neo4j's own time for the query
    (what the index changes; the rest is the same fixed client and network cost either way).
    Server times are whole milliseconds, so their ratio is taken on the means."""
    from attrib import cypher_text, db, runner

    rng = random.Random("index-ids")
    ids = [rng.choice(all_entities) for _ in range(runs + 3)]

    def measure() -> tuple[list[float], list[float], list[float]]:
        total, read, server = [], [], []
        for i, eid in enumerate(ids):
            t0 = time.perf_counter()
            outcome = runner.run_named("entity_profile", {"id": eid})
            if i >= 3:
                total.append((time.perf_counter() - t0) * 1000)
                read.append(outcome.elapsed_ms)
                server.append(outcome.server_ms if outcome.server_ms is not None else 0.0)
        return total, read, server

    with_index, with_read, with_server = measure()
    plan_with = profile_query("entity_profile", {"id": ids[0]})
    db.run_autocommit(cypher_text.read("bench/drop_entity_constraint.cypher"))
    try:
        without, without_read, without_server = measure()
        plan = profile_query("entity_profile", {"id": ids[0]})
    finally:
        entity_id = next(s for s in cypher_text.statements("schema.cypher") if "entity_id" in s)
        db.run_autocommit(entity_id)
        db.run_autocommit(cypher_text.read("admin/await_indexes.cypher"), {"seconds": 600})
    p50_with, p50_without = pct(with_index, 50), pct(without, 50)
    return {
        "query": "entity_profile",
        "ids": "drawn uniformly from every entity of the corpus",
        "index": "entity_id (uniqueness constraint on Entity.id)",
        "runs": runs,
        "with_index_p50_ms": round(p50_with, 2),
        "with_index_p95_ms": round(pct(with_index, 95), 2),
        "without_index_p50_ms": round(p50_without, 2),
        "without_index_p95_ms": round(pct(without, 95), 2),
        "with_index_read_p50_ms": round(pct(with_read, 50), 2),
        "without_index_read_p50_ms": round(pct(without_read, 50), 2),
        "with_index_db_hits": plan_with["db_hits"],
        "without_index_db_hits": plan["db_hits"],
        "without_index_scans": plan["scans"],
        "ratio": round(p50_without / p50_with, 1),
        "read_ratio": round(pct(without_read, 50) / max(pct(with_read, 50), 1e-6), 1),
        # Neo4j's own time (result_available_after + result_consumed_after, whole ms): the
        # part of the lookup the index can change, without the fixed client and network cost.
        "with_index_server_p50_ms": pct(with_server, 50),
        "without_index_server_p50_ms": pct(without_server, 50),
        "with_index_server_mean_ms": round(statistics.fmean(with_server), 2),
        "without_index_server_mean_ms": round(statistics.fmean(without_server), 2),
        "server_ratio": round(
            statistics.fmean(without_server) / max(statistics.fmean(with_server), 1e-6), 1
        ),
    }


# --- UI --------------------------------------------------------------------------------------


def bench_ui(samples: dict[str, list[Any]]) -> dict[str, Any]:
    params = {
        "explore": {"id": samples["actor"][0]},
        "attributions": {"campaign": samples["campaign"][0]},
        "queries": {"query": "competing_attributions"},
    }
    cmd = [sys.executable, "-m", "benchmarks.ui_child", json.dumps(params)]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"UI benchmark failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --- pages and load on the real record --------------------------------------------------------


def bench_load(started: str) -> dict[str, Any]:
    """`benchmarks.load_test` on this run's server (it loads the real record, wiping the
    database): its `pages` and `load` figures, stamped with this run."""
    log("load: the real record, every page alone, then protocol sessions + API clients, 60 s")
    cmd = [sys.executable, "-m", "benchmarks.load_test", "--run", started]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"load benchmark failed:\n{out.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(out.stdout)
    log(f"load: step p95 {figures['load']['step_s']['p95']} s, errors {figures['load']['errors']}")
    return {"pages": figures["pages"], "load": figures["load"]}


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L (default S,M)")
    ap.add_argument("--runs", type=int, default=50, help="timed runs per query (>= 50)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed runs per query, first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to skip: loader,bulk,identity,queries,ui,load",
    )
    ap.add_argument("--keep-server", action="store_true", help="leave the benchmark Neo4j running")
    ap.add_argument(
        "--reuse",
        metavar="SIZE",
        help="the benchmark database already holds this size (from the last run): no reload",
    )
    ap.add_argument(
        "--stix",
        default="",
        help="sizes whose STIX 2.1 bundles are imported too (loader.sources.stix), e.g. S",
    )
    args = ap.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sys.path.insert(0, str(REPO))
    setup_env()

    from benchmarks import anchor, corpus, report

    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    started = time.perf_counter()
    run_info = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "sizes": sizes,
        "load_before": loadavg(),
        "parts": [
            *[
                part
                for part in ("loader", "bulk", "identity", "queries", "ui", "load")
                if part not in skip
            ],
            *([f"stix:{args.stix}"] if args.stix else []),
        ],
        "reuse": args.reuse,
        "machine": machine(),
        **anchor.measure(),
    }
    stamp = {"run": run_info["started"]}  # which run measured a part: its date, machine, anchor
    # the load part reads the real record, not a corpus: no corpus for it alone
    wanted = {"S", *sizes} if not {"loader", "queries", "ui"} <= skip else set()
    log(f"corpora {sorted(wanted)} (generated once, cached in {corpus.CORPUS_DIR})")
    corpora = {size: corpus.ensure(size, args.seed) / "yaml" for size in wanted}
    manifests = {
        size: json.loads((path.parent / "manifest.json").read_text())
        for size, path in corpora.items()
    }

    def save() -> None:
        """Write what is measured so far (a long run that is stopped keeps its figures)."""
        results["runs"] = [
            *[r for r in results.get("runs", []) if r.get("started") != run_info["started"]],
            {**run_info, "load_now": loadavg(), "seconds": round(time.perf_counter() - started, 1)},
        ][-16:]
        results["corpora"] = {
            **results.get("corpora", {}),
            **{s: {k: v for k, v in m.items() if k != "samples"} for s, m in manifests.items()},
        }
        report.finish(results, GOALS)
        RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
        report.write(results, GOALS)

    uri, was_running = start_server()
    loaded: str | None = args.reuse.upper() if args.reuse else None
    try:
        run_info["neo4j"] = server_version()
        run_info["server"] = {
            "uri": uri,
            "heap": "512 MB",
            "page_cache": "128 MB",
            "data_dir": str(DATA_DIR),
        }
        if "loader" not in skip:
            loader = bench_loader(sizes, corpora)
            results.setdefault("loader", {})
            for key in ("slice", "slice_spread", "ratio_batched_vs_per_row", "batch_sizes"):
                results["loader"][key] = loader[key]
            results["loader"].setdefault("sizes", {}).update(
                {size: {**entry, **stamp} for size, entry in loader["sizes"].items()}
            )
            results["loader"]["measured"] = run_info["started"]
            results["loader"].update(stamp)
            loaded = sizes[-1]  # the last re-load left it in the database
            save()
        if "bulk" not in skip:
            online = results.get("loader", {}).get("sizes", {})
            bulk = bench_bulk(sizes, corpora, online)
            results.setdefault("loader", {}).setdefault("bulk", {}).update(
                {size: {**entry, **stamp} for size, entry in bulk.items()}
            )
            loaded = sizes[-1]  # left as a full load of the last size leaves it
        if "identity" not in skip:
            from benchmarks import identity_scale

            log("identity: resolution, report and actor page at 1x, 10x, 100x the real records")
            memory = identity_scale.measure_memory(log=log)
            results["identity_scale"] = {
                "memory": memory,
                "growth": identity_scale.growth(memory),
                "db": identity_scale.measure_db(log=log),  # wipes the benchmark database
                **stamp,
            }
            loaded = None
            save()
        query_sizes = [s for s in sizes if s != "S" and not {"queries", "ui"} <= skip]
        if loaded in query_sizes:  # what is in the database first: one full load less
            query_sizes.remove(loaded)
            query_sizes.insert(0, loaded)
        for size in query_sizes:
            if size != loaded:
                log(f"queries: loading {size} for the query benchmarks")
                child_load(corpora[size], wipe=True)
                loaded = size
            samples = manifests[size]["samples"]
            if "queries" not in skip:
                qres = bench_queries(size, samples, args.runs, args.warmup)
                results.setdefault("queries_by_size", {})[size] = {
                    name: {**entry, **stamp} for name, entry in qres.items()
                }
                results.setdefault("index_lookup", {})[size] = {
                    **bench_index(samples, args.runs, entity_ids(manifests[size]["records"])),
                    **stamp,
                }
                log(f"index ratio at {size}: {results['index_lookup'][size]['ratio']}x")
                save()
            if "ui" not in skip and size == "M":
                log("ui: AppTest pages at M")
                results["ui"] = {"size": size, **bench_ui(samples), **stamp}
                save()
        for size in [s.strip().upper() for s in args.stix.split(",") if s.strip()]:
            stix_dir = corpus.ensure(size, args.seed, stix=True) / "stix"
            manifests[size] = json.loads((stix_dir.parent / "manifest.json").read_text())
            log(f"stix: importing the {size} bundles (wiped), then again unchanged")
            from loader import writer

            writer.wipe()  # untimed: the first import is timed into an empty database
            first = child_load(stix_dir, wipe=True)
            again = child_load(stix_dir, wipe=False)
            log(f"stix: {size} first {first['seconds']} s, re-import {again['seconds']} s")
            results.setdefault("stix_import", {})[size] = {
                "first": first,
                "reload": again,
                "peak_rss_mb": max(first["peak_rss_mb"], again["peak_rss_mb"]),
                **stamp,
            }
            loaded = None
            save()
        if "load" not in skip:
            results.update(bench_load(run_info["started"]))
            save()
        from attrib import db

        db.close()
    finally:
        if not (args.keep_server or was_running):
            from attrib import local_server

            local_server.stop()
    run_info["load_after"] = loadavg()
    save()
    log(
        f"done in {time.perf_counter() - started:.0f} s: "
        f"{RESULTS.relative_to(REPO)}, {README.relative_to(REPO)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
