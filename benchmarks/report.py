"""results.json -> the goal table and benchmarks/README.md (figures are never typed by hand)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

NOTES = Path(__file__).resolve().parent / "NOTES.md"
SIZE_ORDER = ("S", "M", "L")


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
    results["goals"] = evaluate(results, goals)


def _goal(name: str, target: str, measured: Any, met: bool | None, where: str) -> dict[str, Any]:
    return {"goal": name, "target": target, "measured": measured, "met": met, "where": where}


def evaluate(results: dict[str, Any], goals: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    loader = results.get("loader", {})
    if "ratio_batched_vs_per_row" in loader:
        ratio = loader["ratio_batched_vs_per_row"]
        out.append(
            _goal(
                "batched loader vs per-row MERGE (5k-row slice)",
                f">= {goals['loader_ratio']:g}x",
                f"{ratio:g}x",
                ratio >= goals["loader_ratio"],
                "loader.ratio_batched_vs_per_row",
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
            _goal(
                f"unchanged re-load at {size}: creates nothing, no slower than the first load",
                "0 created, 0 updated, time <= first",
                f"{again['created']} created, {again['updated']} updated, "
                f"{again['seconds']:g} s vs {first['seconds']:g} s",
                ok,
                f"loader.sizes.{size}",
            )
        )
    peaks = {s: e["peak_rss_mb"] for s, e in loader.get("sizes", {}).items()}
    if peaks:
        text = ", ".join(f"{s} {peaks[s]:g} MB" for s in SIZE_ORDER if s in peaks)
        out.append(
            _goal(
                "loader peak memory at L",
                f"<= {goals['peak_rss_mb_L']:g} MB (nearly flat S -> M -> L)",
                text + ("" if "L" in peaks else " (L not run)"),
                peaks["L"] <= goals["peak_rss_mb_L"] if "L" in peaks else None,
                "loader.sizes.*.peak_rss_mb",
            )
        )
    out += _bulk_goals(loader.get("bulk", {}), goals)
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
        missed = sorted(n for n, q in members.items() if q["p95_ms"] > limit)
        out.append(
            _goal(
                f"p95 of {label} at {size}",
                f"<= {limit:g} ms",
                f"worst {worst[0]} {worst[1]['p95_ms']:g} ms"
                + (f"; over: {', '.join(missed)}" if missed else ""),
                not missed,
                "queries.<name>.p95_ms",
            )
        )
    for size, idx in sorted(
        results.get("index_lookup", {}).items(), key=lambda kv: SIZE_ORDER.index(kv[0])
    ):
        out.append(
            _goal(
                f"id lookup with vs without its index at {size}",
                f">= {goals['index_ratio']:g}x",
                f"{idx['ratio']:g}x end to end ({idx['with_index_p50_ms']:g} vs "
                f"{idx['without_index_p50_ms']:g} ms p50); READ transaction "
                f"{idx.get('read_ratio', '?')}x; db hits {idx.get('with_index_db_hits', '?')} vs "
                f"{idx.get('without_index_db_hits', '?')}",
                idx["ratio"] >= goals["index_ratio"],
                f"index_lookup.{size}",
            )
        )
        if "server_ratio" in idx:
            out.append(
                _goal(
                    f"id lookup with vs without its index at {size}, Neo4j's own time",
                    f">= {goals['index_ratio']:g}x",
                    f"{idx['server_ratio']:g}x (mean {idx['with_index_server_mean_ms']:g} vs "
                    f"{idx['without_index_server_mean_ms']:g} ms)",
                    idx["server_ratio"] >= goals["index_ratio"],
                    f"index_lookup.{size}.server_ratio",
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
            _goal(
                f"warm rerun vs first render (pages that query, {ui['size']})",
                f"<= {limit * 100:g}%",
                f"worst {worst[0]} {worst[1]['warm_over_first'] * 100:.1f}%"
                + (f"; over: {', '.join(over)}" if over else ""),
                not over,
                "ui.pages",
            )
        )
        out.append(
            _goal(
                "drivers built per process",
                f"{goals['drivers_per_process']}",
                f"{ui['drivers_built_total']} in total, {ui['drivers_built_during_reruns']} "
                f"during {ui['reruns']} reruns",
                ui["drivers_built_total"] <= goals["drivers_per_process"],
                "ui.drivers_built_total",
            )
        )
    return out


def _bulk_goals(bulk: dict[str, Any], goals: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's goals of the bulk first load: rows/s at L, and the import tool's pace."""
    out: list[dict[str, Any]] = []
    if not bulk:
        return out
    at_l = bulk.get("L", {}).get("first", {}).get("rows_per_s")
    out.append(
        _goal(
            "bulk first load at L, end to end (`attrib load --bulk`)",
            f">= {goals['bulk_rows_per_s_L']:,} rows/s",
            f"{at_l:,.0f} rows/s" if at_l else "L not run",
            at_l >= goals["bulk_rows_per_s_L"] if at_l else None,
            "loader.bulk.L.first.rows_per_s",
        )
    )
    for size in (s for s in SIZE_ORDER if s in bulk and "error" not in bulk[s]):
        ratio = bulk[size]["over_import_tool"]
        out.append(
            _goal(
                f"bulk first load at {size} vs neo4j-admin database import alone, same files",
                f"<= {goals['bulk_over_import_tool']:g}x",
                f"{ratio:g}x",
                ratio <= goals["bulk_over_import_tool"],
                f"loader.bulk.{size}.over_import_tool",
            )
        )
    return out


def _bulk_table(bulk: dict[str, Any]) -> list[str]:
    """The bulk first load at each size beside the import tool alone and the online load."""
    if not bulk:
        return []
    intro = [
        "### Bulk first load (`attrib load --bulk`, docs/bulk-load.md)",
        "",
        "End to end into an empty database: validation and planning as online, the plan written",
        "as CSV, the server stopped, `neo4j-admin database import`, the server started, the",
        "schema created and populated, the actors resolved. Then the import tool alone on the",
        "same files (server stopped, JVM start included).",
    ]
    lines = _table_head(
        intro,
        [
            "size",
            "rows",
            "bulk s (validate + write)",
            "rows/s",
            "files / import / stopped / schema s",
            "import tool alone s",
            "bulk / import tool",
            "online first s",
        ],
    )
    for size in (s for s in SIZE_ORDER if s in bulk):
        e = bulk[size]
        if "error" in e:
            lines.append(_row(size, f"failed: {' '.join(e['error'].split())[-300:]}"))
            continue
        f, st = e["first"], e["steps"]
        lines.append(
            _row(
                size,
                f"{f['rows']:,}",
                _seconds_split(f),
                f"{f['rows_per_s']:,.0f}",
                f"{st['files_seconds']:g} / {st['import_seconds']:g} / "
                f"{st['offline_seconds']:g} / {st['schema_seconds']:g}",
                f"{e['import_tool_seconds']:g}",
                f"{e['over_import_tool']:g}x",
                e["online_first_seconds"] if e["online_first_seconds"] is not None else "-",
            )
        )
    return lines


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def _row(*cells: Any) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _seconds_split(first: dict[str, Any]) -> str:
    """A first load's time: total (validate + write)."""
    return f"{first['seconds']:g} ({first['validate_seconds']:g} + {first['write_seconds']:g})"


def _changes(again: dict[str, Any]) -> str:
    """What a re-load did: created / updated / unchanged."""
    return f"{again['created']:,} / {again['updated']:,} / {again['unchanged']:,}"


def _table_head(intro: list[str], columns: list[str]) -> list[str]:
    """The lines that open a table: a blank line, the intro, a blank line, header and rule."""
    return ["", *intro, "", _row(*columns), "|" + "---|" * len(columns)]


def readme(results: dict[str, Any], goals: dict[str, Any]) -> str:
    runs = results.get("runs", [])
    last = runs[-1] if runs else {}
    mach = last.get("machine", {})
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
        "make bench          # sizes S and M (about 8 minutes on 2 cores)",
        "make bench-large    # size L (1M nodes, 5M relationships; ~35 min), merged in",
        "python -m benchmarks.run --sizes S --skip loader,queries,ui --stix S  # STIX import",
        "python -m benchmarks.corpus M --stix   # a corpus alone (YAML, and STIX 2.1 bundles)",
        "```",
        "",
        "The benchmark starts its own Neo4j 5.26 (`ATTRIB_DATA_DIR=.data/bench-neo4j`, wiped",
        "freely, stopped at the end) with the settings of `attrib neo4j start`: 512 MB heap,",
        "128 MB page cache. Corpora are generated deterministically (seed 1) into",
        "`benchmarks/corpus/` (git-ignored) by `benchmarks/corpus.py`.",
        "",
        "## Machine",
        "",
        f"- CPU: {mach.get('cpu', '?')}, {mach.get('cores', '?')} cores; memory "
        f"{mach.get('memory_gb', '?')} GB; {mach.get('os', '?')}; Python {mach.get('python', '?')}",
        f"- Neo4j {last.get('neo4j', '?')} (local launcher), heap 512 MB, page cache 128 MB",
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
        lines.append(
            f"- run {run.get('started')}: sizes {','.join(run.get('sizes', []))} [{parts}]{reuse}, "
            f"{run.get('seconds', '?')} s; {load}{note}"
        )
    lines += _table_head(["## Goals"], ["goal", "target", "measured", "status"])
    for g in results.get("goals", []):
        lines.append(_row(g["goal"], g["target"], g["measured"], _mark(g["met"])))

    corpora = results.get("corpora", {})
    if corpora:
        lines += _table_head(
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
            lines.append(_row(size, f"{records:,}", c["yaml_files"], f"{megabytes:.0f}", *graph))

    loader = results.get("loader", {})
    if loader:
        sl = loader["slice"]
        slice_text = (
            f"Same {sl['rows']:,}-row slice ({sl['nodes']:,} nodes, {sl['edges']:,} edges in "
            f"{sl.get('groups', '?')} labels and edge shapes): {sl.get('what', '')}."
        )
        lines += _table_head(["## Loader", "", slice_text], ["writer", "seconds", "rows/s"])
        lines += [
            _row(
                "per-row MERGE, one transaction each (attrib.db)",
                f"{sl['per_row_seconds']:g}",
                f"{sl['per_row_rows_per_s']:,.0f}",
            ),
            _row(
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
        lines += _table_head(
            ["Batch size (full load of S, wiped):"],
            ["batch size", "rows", "total s", "write s", "rows/s (total)", "rows/s (writing)"],
        )
        for bs, b in loader.get("batch_sizes", {}).items():
            lines.append(
                _row(
                    f"{int(bs):,}",
                    f"{b['rows']:,}",
                    f"{b['seconds']:g}",
                    f"{b['write_seconds']:g}",
                    f"{b['rows_per_s']:,.0f}",
                    f"{b['write_rows_per_s']:,.0f}",
                )
            )
        lines += _table_head(
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
                _row(
                    size,
                    f"{f['rows']:,}",
                    _seconds_split(f),
                    f"{f['rows_per_s']:,.0f}",
                    f"{a['seconds']:g}",
                    _changes(a),
                    f"{e['peak_rss_mb']:g} MB",
                )
            )
    lines += _bulk_table(loader.get("bulk", {}))
    queries = results.get("queries_by_size", {})
    if queries:
        sizes = [s for s in SIZE_ORDER if s in queries]
        runs = max((e["runs"] for q in queries.values() for e in q.values()), default=0)
        lookup_ms, path_ms = goals["p95_lookup_ms"], goals["p95_path_ms"]
        intro = [
            "## Queries",
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
        lines += _table_head(intro, ["query", "class", *per_size, "PROFILE"])
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
            lines.append(_row(name, cls, *cells, prof))
        idx = results.get("index_lookup", {})
        if idx:
            lines += _table_head(
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
                        _row(
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
            "with the stix2 library) imported by `loader.sources.stix` through `load()`:",
        ]
        lines += _table_head(
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
                _row(
                    size,
                    objects,
                    f"{f['nodes']:,} / {f['edges']:,}",
                    _seconds_split(f),
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
            "First render: a new session with the query caches cleared; warm rerun: the same",
            "session run again (median of 5), as when a widget changes. In brackets: queries",
            "that reached the runner (a cached result does not). Times are AppTest's wall time",
            '(the goal is judged on it); "script" is the app script\'s own run time, without',
            "the harness. Page scripts are compiled once, as the Streamlit server does.",
        ]
        lines += _table_head(
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
                _row(
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
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"
