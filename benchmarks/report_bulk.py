"""The bulk part of the benchmark report: `attrib load --bulk` end to end beside the import
tool alone and the online load, and issue 19's two goals for it (docs/bulk-load.md)."""

from __future__ import annotations

from typing import Any

from benchmarks.report_kit import SIZE_ORDER, goal, row, seconds_split, table_head


def goals(bulk: dict[str, Any], goals: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's goals of the bulk first load: rows/s at L, and the import tool's pace."""
    out: list[dict[str, Any]] = []
    if not bulk:
        return out
    at_l = bulk.get("L", {}).get("first", {}).get("rows_per_s")
    out.append(
        goal(
            "bulk first load at L, end to end (`attrib load --bulk`)",
            f">= {goals['bulk_rows_per_s_L']:,} rows/s",
            f"{at_l:,.0f} rows/s" if at_l else "L not run",
            at_l >= goals["bulk_rows_per_s_L"] if at_l else None,
            "loader.bulk.L.first.rows_per_s",
            bulk.get("L", {}).get("run"),
        )
    )
    for size in (s for s in SIZE_ORDER if s in bulk and "error" not in bulk[s]):
        ratio = bulk[size]["over_import_tool"]
        out.append(
            goal(
                f"bulk first load at {size} vs neo4j-admin database import alone, same files",
                f"<= {goals['bulk_over_import_tool']:g}x",
                f"{ratio:g}x",
                ratio <= goals["bulk_over_import_tool"],
                f"loader.bulk.{size}.over_import_tool",
                bulk[size].get("run"),
            )
        )
    return out


def table(bulk: dict[str, Any]) -> list[str]:
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
    lines = table_head(
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
            lines.append(row(size, f"failed: {' '.join(e['error'].split())[-300:]}"))
            continue
        f, st = e["first"], e["steps"]
        lines.append(
            row(
                size,
                f"{f['rows']:,}",
                seconds_split(f),
                f"{f['rows_per_s']:,.0f}",
                f"{st['files_seconds']:g} / {st['import_seconds']:g} / "
                f"{st['offline_seconds']:g} / {st['schema_seconds']:g}",
                f"{e['import_tool_seconds']:g}",
                f"{e['over_import_tool']:g}x",
                e["online_first_seconds"] if e["online_first_seconds"] is not None else "-",
            )
        )
    return lines
