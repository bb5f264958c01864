"""results.json -> the goal table, benchmarks/README.md and the README's benchmark section.

    python -m benchmarks.report    # regenerate both from benchmarks/results.json

Figures are never typed by hand: every number written here comes from results.json (the
text between the tables comes from `benchmarks/NOTES.md`). Each part says when and on what
machine it was measured and the anchor of that run (`benchmarks/anchor.py`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks import report_bulk, report_identity, report_pages
from benchmarks.report_kit import MARKS, SIZE_ORDER, goal, row, seconds_split, table_head
from benchmarks.report_pages import per_anchor, provenance
from benchmarks.report_summary import splice, summary

HERE = Path(__file__).resolve().parent
NOTES = HERE / "NOTES.md"


def finish(results: dict[str, Any], goals: dict[str, Any]) -> None:
    """Add `queries.<name>` (largest size measured, with per-size figures) and `goals`."""
    by_size = results.get("queries_by_size", {})
    queries: dict[str, Any] = {}
    for size in SIZE_ORDER:
        for name, entry in by_size.get(size, {}).items():
            q = queries.setdefault(name, {"query": entry["query"], "class": entry["class"]})
            q.update(size=size, p50_ms=entry["p50_ms"], p95_ms=entry["p95_ms"])
            q.setdefault("by_size", {})[size] = {
                "p50_ms": entry["p50_ms"],
                "p95_ms": entry["p95_ms"],
                "read_p95_ms": entry.get("read_p95_ms"),
            }
    results["queries"] = queries
    results["goals"] = evaluate(results, goals) + report_pages.evaluate(results, goals)


def _stamp(part: dict[str, Any]) -> str | None:
    """The run that measured a part (its `run` stamp; the loader's older `measured`)."""
    stamp = part.get("run") or part.get("measured")
    return str(stamp) if stamp else None


def evaluate(results: dict[str, Any], goals: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    loader = results.get("loader", {})
    if "ratio_batched_vs_per_row" in loader:
        ratio = loader["ratio_batched_vs_per_row"]
        out.append(
            goal(
                "batched loader vs per-row MERGE (5k-row slice)",
                f">= {goals['loader_ratio']:g}x",
                f"{ratio:g}x",
                ratio >= goals["loader_ratio"],
                "loader.ratio_batched_vs_per_row",
                _stamp(loader),
            )
        )
    for size, entry in sorted(
        loader.get("sizes", {}).items(), key=lambda kv: SIZE_ORDER.index(kv[0])
    ):
        again, first = entry["reload"], entry["first"]
        ok = (
            again["created"] == 0 and again["updated"] == 0 and again["seconds"] <= first["seconds"]
        )
        out.append(
            goal(
                f"unchanged re-load at {size}: creates nothing, no slower than the first load",
                "0 created, 0 updated, time <= first",
                f"{again['created']} created, {again['updated']} updated, "
                f"{again['seconds']:g} s vs {first['seconds']:g} s",
                ok,
                f"loader.sizes.{size}",
                _stamp(entry) or _stamp(loader),
                per_anchor(results, entry if _stamp(entry) else loader, again["seconds"]),
            )
        )
    peaks = {s: e["peak_rss_mb"] for s, e in loader.get("sizes", {}).items()}
    if peaks:
        text = ", ".join(f"{s} {peaks[s]:g} MB" for s in SIZE_ORDER if s in peaks)
        out.append(
            goal(
                "loader peak memory at L",
                f"<= {goals['peak_rss_mb_L']:g} MB (nearly flat S -> M -> L)",
                text + ("" if "L" in peaks else " (L not run)"),
                peaks["L"] <= goals["peak_rss_mb_L"] if "L" in peaks else None,
                "loader.sizes.*.peak_rss_mb",
                _stamp(loader),
            )
        )
    out += report_bulk.goals(loader.get("bulk", {}), goals)
    queries = results.get("queries", {})
    for cls, limit, label in (
        ("lookup", goals["p95_lookup_ms"], "lookups"),
        ("hop", goals["p95_lookup_ms"], "one- and two-hop views"),
        ("path", goals["p95_path_ms"], "paths and three-hop neighbourhoods"),
    ):
        members = {n: q for n, q in queries.items() if q["class"] == cls}
        if not members:
            continue
        size = max((q["size"] for q in members.values()), key=SIZE_ORDER.index)
        worst = max(members.items(), key=lambda kv: kv[1]["p95_ms"])
        part = results.get("queries_by_size", {}).get(size, {}).get(worst[0], {})
        missed = sorted(n for n, q in members.items() if q["p95_ms"] > limit)
        out.append(
            goal(
                f"p95 of {label} at {size}",
                f"<= {limit:g} ms",
                f"worst {worst[0]} {worst[1]['p95_ms']:g} ms"
                + (f"; over: {', '.join(missed)}" if missed else ""),
                not missed,
                "queries.<name>.p95_ms",
                _stamp(part),
                per_anchor(results, part, worst[1]["p95_ms"] / 1000),
            )
        )
    for size, idx in sorted(
        results.get("index_lookup", {}).items(), key=lambda kv: SIZE_ORDER.index(kv[0])
    ):
        out.append(
            goal(
                f"id lookup with vs without its index at {size}",
                f">= {goals['index_ratio']:g}x",
                f"{idx['ratio']:g}x end to end ({idx['with_index_p50_ms']:g} vs "
                f"{idx['without_index_p50_ms']:g} ms p50); READ transaction "
                f"{idx.get('read_ratio', '?')}x; db hits {idx.get('with_index_db_hits', '?')} vs "
                f"{idx.get('without_index_db_hits', '?')}",
                idx["ratio"] >= goals["index_ratio"],
                f"index_lookup.{size}",
                _stamp(idx),
            )
        )
        if "server_ratio" in idx:
            out.append(
                goal(
                    f"id lookup with vs without its index at {size}, Neo4j's own time",
                    f">= {goals['index_ratio']:g}x",
                    f"{idx['server_ratio']:g}x (mean {idx['with_index_server_mean_ms']:g} vs "
                    f"{idx['without_index_server_mean_ms']:g} ms)",
                    idx["server_ratio"] >= goals["index_ratio"],
                    f"index_lookup.{size}.server_ratio",
                    _stamp(idx),
                )
            )
    ui = results.get("ui")
    if ui:
        # pages that query on their first render; a form-only page (queries, console) runs
        # nothing until asked, so its first render has nothing a rerun could save
        querying = {n: p for n, p in ui["pages"].items() if p.get("queries_first_render", 1)}
        worst = max(querying.items(), key=lambda kv: kv[1]["warm_over_first"] or 0)
        limit = goals["warm_over_first"]
        over = sorted(n for n, p in querying.items() if (p["warm_over_first"] or 0) > limit)
        out.append(
            goal(
                f"warm rerun vs first render (pages that query, {ui['size']})",
                f"<= {limit * 100:g}%",
                f"worst {worst[0]} {worst[1]['warm_over_first'] * 100:.1f}%"
                + (f"; over: {', '.join(over)}" if over else ""),
                not over,
                "ui.pages",
                _stamp(ui),
            )
        )
        out.append(
            goal(
                "drivers built per process",
                f"{goals['drivers_per_process']}",
                f"{ui['drivers_built_total']} in total, {ui['drivers_built_during_reruns']} "
                f"during {ui['reruns']} reruns",
                ui["drivers_built_total"] <= goals["drivers_per_process"],
                "ui.drivers_built_total",
                _stamp(ui),
            )
        )
    out += report_identity.goals(results, goals)
    return out


def _changes(again: dict[str, Any]) -> str:
    """What a re-load did: created / updated / unchanged."""
    return f"{again['created']:,} / {again['updated']:,} / {again['unchanged']:,}"


def readme(results: dict[str, Any], goals: dict[str, Any], notes: str | None = None) -> str:
    """benchmarks/README.md from results.json; `notes` is the prose appended at the end
    (benchmarks/NOTES.md when None)."""
    runs = results.get("runs", [])
    last = runs[-1] if runs else {}
    mach = last.get("machine", {})
    server = next((r["server"] for r in reversed(runs) if "server" in r), {})
    lines = [
        "# Benchmarks",
        "",
        "Loader throughput, query latency and UI response of Attribution Explorer on synthetic",
        "attribution graphs of realistic shape. Every figure below is written by",
        "`benchmarks/run.py` into `benchmarks/results.json` and this file; none is typed by hand",
        "(the text between the tables comes from `benchmarks/NOTES.md`).",
        "",
        "## Reproduce",
        "",
        "```bash",
        "make bench          # sizes S and M, then the pages and the load on the real record",
        "make bench-large    # size L (the largest corpus), merged in",
        "python -m benchmarks.run --sizes S --skip loader,bulk,identity,queries,ui,load \\",
        "    --stix S                           # the STIX import alone",
        "python -m benchmarks.corpus M --stix   # a corpus alone (YAML, and STIX 2.1 bundles)",
        "python -m benchmarks.load_test --results benchmarks/results.json  # pages and load alone",
        "python -m benchmarks.report   # this file and the README's section, from results.json",
        "python -m benchmarks.identity_scale --db  # identity at 1x, 10x, 100x the real records",
        "```",
        "",
        "The benchmark starts its own Neo4j (`ATTRIB_DATA_DIR=.data/bench-neo4j`, wiped",
        "freely, stopped at the end) with the settings of `attrib neo4j start`: heap "
        f"{server.get('heap', '?')}, page cache {server.get('page_cache', '?')}. Corpora are",
        "generated deterministically (a fixed seed) into `benchmarks/corpus/` (git-ignored) by",
        "`benchmarks/corpus.py`.",
        "",
        "## Machine and runs",
        "",
        "Each part below says which run measured it, on what machine, and that run's anchor:",
        "a fixed piece of Python work timed in the same run (`benchmarks/anchor.py`). The",
        "machine's cores are shared with other work, so the columns 'x anchor' give times in",
        "anchor units (time / anchor), which move less with the machine's load than the times.",
        "",
        f"- last run: CPU {mach.get('cpu', '?')}, {mach.get('cores', '?')} cores; memory "
        f"{mach.get('memory_gb', '?')} GB; {mach.get('os', '?')}; Python {mach.get('python', '?')}",
        f"- Neo4j {last.get('neo4j', '?')} (local launcher)",
    ]
    for run in runs:
        parts = ", ".join(run["parts"]) if run.get("parts") else "see below"
        reuse = f" (database of the previous run: {run['reuse']})" if run.get("reuse") else ""
        load = (
            f"load average before {run.get('load_before')}, "
            f"after {run.get('load_after', run.get('load_now'))}"
            if "load_before" in run
            else "load average not recorded"
        )
        note = f" ({run['note']})" if run.get("note") else ""
        anchor = f"; anchor {run['anchor_ms']:g} ms" if "anchor_ms" in run else ""
        lines.append(
            f"- run {run.get('started')}: sizes {','.join(run.get('sizes', []))} [{parts}]{reuse}, "
            f"{run.get('seconds', '?')} s; {load}{anchor}{note}"
        )
    lines += table_head(
        ["## Goals"], ["goal", "target", "measured", "x anchor", "measured in run", "status"]
    )
    for g in results.get("goals", []):
        lines.append(
            row(
                g["goal"],
                g["target"],
                g["measured"],
                g.get("x_anchor", "-"),
                g.get("run") or "not recorded",
                MARKS[g["met"]],
            )
        )

    corpora = results.get("corpora", {})
    if corpora:
        lines += table_head(
            ["## Corpora"],
            ["size", "records", "YAML files", "YAML MB", "nodes", "relationships"],
        )
        sizes = results.get("loader", {}).get("sizes", {})
        for size in SIZE_ORDER:
            c = corpora.get(size)
            if not c:
                continue
            first = sizes.get(size, {}).get("first", {})
            graph = (
                (f"{first.get('nodes', '?'):,}", f"{first.get('edges', '?'):,}")
                if first
                else ("-", "-")
            )
            records, megabytes = sum(c["records"].values()), c["yaml_bytes"] / 1e6
            lines.append(row(size, f"{records:,}", c["yaml_files"], f"{megabytes:.0f}", *graph))

    loader = results.get("loader", {})
    if loader:
        sl = loader["slice"]
        slice_text = (
            f"Same {sl['rows']:,}-row slice ({sl['nodes']:,} nodes, {sl['edges']:,} edges in "
            f"{sl.get('groups', '?')} labels and edge shapes): {sl.get('what', '')}."
        )
        lines += table_head(
            ["## Loader", "", provenance(results, loader), "", slice_text],
            ["writer", "seconds", "rows/s"],
        )
        lines += [
            row(
                "per-row MERGE, one transaction each (attrib.db)",
                f"{sl['per_row_seconds']:g}",
                f"{sl['per_row_rows_per_s']:,.0f}",
            ),
            row(
                "batched loader (write_plan, batch 1000)",
                f"{sl['batched_seconds']:g}",
                f"{sl['batched_rows_per_s']:,.0f}",
            ),
            f"| **ratio** | | **{loader['ratio_batched_vs_per_row']:g}x** |",
        ]
        sp = loader.get("slice_spread")
        if sp:
            lines += [
                "",
                f"Worst case for batching, {sp['rows']:,} rows spread over {sp['groups']} labels "
                f"and edge shapes ({sp['what']}): per-row {sp['per_row_seconds']:g} s, batched "
                f"{sp['batched_seconds']:g} s, **{sp['ratio']:g}x**.",
            ]
        lines += table_head(
            ["Batch size (full load of S, wiped):"],
            ["batch size", "rows", "total s", "write s", "rows/s (total)", "rows/s (writing)"],
        )
        for bs, b in loader.get("batch_sizes", {}).items():
            lines.append(
                row(
                    f"{int(bs):,}",
                    f"{b['rows']:,}",
                    f"{b['seconds']:g}",
                    f"{b['write_seconds']:g}",
                    f"{b['rows_per_s']:,.0f}",
                    f"{b['write_rows_per_s']:,.0f}",
                )
            )
        lines += table_head(
            ["First load (wiped) and an unchanged second load, each in its own process:"],
            [
                "size",
                "rows",
                "first: total s (validate + write)",
                "rows/s",
                "re-load s",
                "re-load created / updated / unchanged",
                "peak memory (VmHWM)",
            ],
        )
        for size in SIZE_ORDER:
            e = loader.get("sizes", {}).get(size)
            if not e:
                continue
            f, a = e["first"], e["reload"]
            lines.append(
                row(
                    size,
                    f"{f['rows']:,}",
                    seconds_split(f),
                    f"{f['rows_per_s']:,.0f}",
                    f"{a['seconds']:g}",
                    _changes(a),
                    f"{e['peak_rss_mb']:g} MB",
                )
            )
    lines += report_identity.lines(results)
    lines += report_bulk.table(loader.get("bulk", {}))
    queries = results.get("queries_by_size", {})
    if queries:
        sizes = [s for s in SIZE_ORDER if s in queries]
        runs = max((e["runs"] for q in queries.values() for e in q.values()), default=0)
        lookup_ms, path_ms = goals["p95_lookup_ms"], goals["p95_path_ms"]
        newest = max(
            (e for q in queries.values() for e in q.values()), key=lambda e: e.get("run") or ""
        )
        intro = [
            "## Queries",
            "",
            provenance(results, newest),
            "",
            "Every catalogue query through `attrib.runner.run_named` (the UI's and CLI's path: the",
            "read-only check, the READ transaction with timeout and row cap, conversion to rows),",
            f"{runs} timed runs each after warm-up runs, parameters drawn from the corpus (ids of "
            "actors, campaigns,",
            "organisations and claims, names and aliases, dates; hubs included). Times are end to",
            "end in the client; `read` is the READ transaction alone. Goal classes: lookup and hop",
            f"p95 <= {lookup_ms:g} ms, path p95 <= {path_ms:g} ms (at L);",
            "global queries read the whole graph by design (no latency goal in the issue).",
        ]
        per_size = [f"{s} p50 / p95 ms (read p95)" for s in sizes]
        lines += table_head(intro, ["query", "class", *per_size, "PROFILE"])
        names = list(queries[sizes[-1]])
        for name in names:
            cells = []
            prof = ""
            for s in sizes:
                e = queries[s].get(name)
                if not e:
                    cells.append("-")
                    continue
                err = f", {e['errors']} errors" if e["errors"] else ""
                cells.append(f"{e['p50_ms']:g} / {e['p95_ms']:g} ({e['read_p95_ms']}){err}")
                if "profile" in e:
                    p = e["profile"]
                    prof = (
                        ("scans: " + ", ".join(p["scans"])) if p["scans"] else "index seek, no scan"
                    )
                    prof += f"; {p['db_hits']:,} db hits"
            cls = queries[sizes[-1]][name]["class"]
            lines.append(row(name, cls, *cells, prof))
        idx = results.get("index_lookup", {})
        if idx:
            lines += table_head(
                ["Id lookup (`entity_profile`) with and without its index (`entity_id`):"],
                [
                    "size",
                    "with p50 / p95 ms",
                    "without p50 / p95 ms",
                    "plan without",
                    "ratio (p50)",
                    "Neo4j's own time, with / without (mean ms)",
                    "ratio in Neo4j",
                ],
            )
            for s in SIZE_ORDER:
                if s in idx:
                    i = idx[s]
                    server = (
                        (
                            f"{i['with_index_server_mean_ms']:g} / "
                            f"{i['without_index_server_mean_ms']:g}",
                            f"{i['server_ratio']:g}x",
                        )
                        if "server_ratio" in i
                        else ("-", "-")
                    )
                    lines.append(
                        row(
                            s,
                            f"{i['with_index_p50_ms']:g} / {i['with_index_p95_ms']:g}",
                            f"{i['without_index_p50_ms']:g} / {i['without_index_p95_ms']:g}",
                            ", ".join(i["without_index_scans"]) or "-",
                            f"{i['ratio']:g}x",
                            *server,
                        )
                    )
    stix = results.get("stix_import")
    if stix:
        intro = [
            "## STIX 2.1 import",
            "",
            "The same corpus as STIX 2.1 bundles (`python -m benchmarks.corpus S --stix`, written",
            "with the stix2 library) imported by `loader.sources.stix` through `load()`.",
            provenance(results, next(iter(stix.values()))),
        ]
        lines += table_head(
            intro,
            [
                "size",
                "objects in",
                "nodes / edges",
                "first: s (validate + write)",
                "re-import s",
                "re-import created / updated / unchanged",
                "peak memory",
            ],
        )
        for size in SIZE_ORDER:
            e = stix.get(size)
            if not e:
                continue
            f, a = e["first"], e["reload"]
            objects = results.get("corpora", {}).get(size, {}).get("stix_objects", "?")
            objects = f"{objects:,}" if isinstance(objects, int) else str(objects)
            lines.append(
                row(
                    size,
                    objects,
                    f"{f['nodes']:,} / {f['edges']:,}",
                    seconds_split(f),
                    f"{a['seconds']:g}",
                    _changes(a),
                    f"{e['peak_rss_mb']:g} MB",
                )
            )
    ui = results.get("ui")
    if ui:
        intro = [
            f"## UI (Streamlit AppTest, graph {ui['size']})",
            "",
            provenance(results, ui),
            "",
            "First render: a new session with the query caches cleared; warm rerun: the same",
            "session run again (median of the warm runs), as when a widget changes. In",
            "brackets: queries that reached the runner (a cached result does not). Times are",
            "AppTest's wall time",
            '(the goal is judged on it); "script" is the app script\'s own run time, without',
            "the harness. Page scripts are compiled once, as the Streamlit server does.",
        ]
        lines += table_head(
            intro,
            [
                "page",
                "first render ms (queries)",
                "warm rerun ms (queries)",
                "warm / first",
                "script: first / warm ms",
            ],
        )
        for page, p in ui["pages"].items():
            errs = f" (errors: {'; '.join(p['errors'])[:120]})" if p["errors"] else ""
            q1, q2 = p.get("queries_first_render", "?"), p.get("queries_warm_reruns", "?")
            ratio = f"{(p['warm_over_first'] or 0) * 100:.1f}%" if q1 else "n/a (form only)"
            script = (
                f"{p['first_render_script_ms']:g} / {p['warm_rerun_script_ms']:g}"
                if "warm_rerun_script_ms" in p
                else "-"
            )
            lines.append(
                row(
                    page,
                    f"{p['first_render_ms']:g} ({q1})",
                    f"{p['warm_rerun_ms']:g} ({q2})",
                    f"{ratio}{errs}",
                    script,
                )
            )
        lines += [
            "",
            f"Drivers built in the UI process: {ui['drivers_built_total']} "
            f"({ui['drivers_built_during_reruns']} during {ui['reruns']} reruns).",
        ]
    lines += report_pages.sections(results)
    if notes is None:
        notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    if notes.strip():
        lines += ["", notes.strip()]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], goals: dict[str, Any]) -> None:
    """benchmarks/README.md and the README's section, from `results` (goals evaluated)."""
    (HERE / "README.md").write_text(readme(results, goals), encoding="utf-8")
    top = HERE.parent / "README.md"
    top.write_text(splice(top.read_text(encoding="utf-8"), summary(results)), encoding="utf-8")


def main() -> int:
    from benchmarks.run import GOALS, RESULTS

    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    finish(results, GOALS)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    write(results, GOALS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
