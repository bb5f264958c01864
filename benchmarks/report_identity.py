"""The identity part of the benchmark report: resolution growth against n log n, every load's
records resolved, and the scale table (benchmarks/identity_scale.py, load_child.py)."""

from __future__ import annotations

from typing import Any

from benchmarks.report_kit import goal, row, table_head


def goals(results: dict[str, Any], goals: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19, item 4: resolution grows no worse than n log n; every load resolves its
    records, and no actor is a runaway chain (benchmarks/identity_scale.py, load_child.py)."""
    out = []
    grew = results.get("identity_scale", {}).get("growth")
    if grew:
        out.append(
            goal(
                f"identity resolution growth {grew['from']} -> {grew['to']} the real records",
                f"<= n log n ({grew['nlogn_ratio']:g}x) with {goals['identity_growth_slack']:g}x "
                "slack, CPU time",
                f"{grew['measured_ratio']:g}x ({grew['records'][0]:,} -> {grew['records'][1]:,} "
                f"records; exponent {grew['exponent']:g})",
                grew["measured_ratio"] <= goals["identity_growth_slack"] * grew["nlogn_ratio"],
                "identity_scale.growth",
                results["identity_scale"].get("run") or results["identity_scale"].get("measured"),
            )
        )
    for size, e in results.get("loader", {}).get("sizes", {}).items():
        ident = e["first"].get("identity")
        if not ident:
            continue
        out.append(
            goal(
                f"first load of {size} resolves every record, no runaway actor",
                "every record in an actor, none over max_members (suspect chains reported)",
                f"{ident['records']:,} records -> {ident['actors']:,} actors (largest "
                f"{ident['largest_stored_actor']}, {ident['records_without_actor']} without an "
                f"actor); suspect chains {ident['suspect_chains'] or 'none'}; resolution "
                f"{ident['resolution_seconds']:g} s",
                ident["records_without_actor"] == 0
                and ident["largest_stored_actor"] <= ident["max_members"],
                f"loader.sizes.{size}.first.identity",
                e.get("run"),
            )
        )
    return out


def lines(results: dict[str, Any]) -> list[str]:
    """The Identity section: resolution, report and actor page at 1x, 10x, 100x."""
    scale = results.get("identity_scale")
    if not scale:
        return []
    lines = table_head(
        [
            "## Identity at 1x, 10x and 100x the real records",
            "",
            "`benchmarks/identity_scale.py`: synthetic evidence with the real data's overlap (14",
            "vendors, shared and ambiguous names, renaming chains, same-as and loose links, one",
            "runaway chain of one dataset's same-as claims). In memory: resolution (CPU / wall),",
            "the Identity report, the actor page's core (find + document, 5 names).",
        ],
        ["scale", "records", "actors (largest)", "suspect chains (records)", "resolve CPU s",
         "resolve wall s", "report s", "actor page p50 / max ms"],
    )  # fmt: skip
    for name, m in scale.get("memory", {}).items():
        lines.append(
            row(
                name,
                f"{m['records']:,}",
                f"{m['actors']:,} ({m['largest_actor']})",
                f"{m['suspect_chains']} ({m['suspect_records']:,})",
                f"{m['resolve_cpu_s']:g}",
                f"{m['resolve_wall_s']:g}",
                f"{m['report_s']:g}",
                f"{m['actor_page_ms_p50']:g} / {m['actor_page_ms_max']:g}",
            )
        )
    db_figures = scale.get("db", {})
    if db_figures:
        lines += table_head(
            ["In Neo4j (wiped, the evidence written first): the resolution a load runs after its "
             "records (read, resolve, write), then again unchanged:"],
            ["scale", "records", "write evidence s", "resolution s", "again s", "actors",
             "records without an actor"],
        )  # fmt: skip
        for name, d in db_figures.items():
            lines.append(
                row(
                    name,
                    f"{d['records']:,}",
                    f"{d['write_evidence_s']:g}",
                    f"{d['resolution_first_s']:g}",
                    f"{d['resolution_again_s']:g}",
                    f"{d['actors']:,}",
                    d["records_without_actor"],
                )
            )
    return lines
