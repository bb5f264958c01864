"""`attrib lag`: how long after each campaign began it was attributed, denied, answered in law.

A thin layer over `attrib.lag` (the rules, the days, the medians) and the catalogue query
`attribution_lag`. The figures go to stdout (a table, JSON or CSV); what was left out and
why goes to stderr, so scripts can pipe stdout.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from attrib import lag, limits
from attrib.cli.output import ExitCode, OutputFormat, err, fail, failures_as_exits, out
from attrib.runner import run_named
from attrib.values import cell_text


class By(StrEnum):
    type = "type"
    state = "state"
    year = "year"


# Short headers for the table (JSON and CSV keep the keys): "imprecise" and "no start" were
# left out of n; "before start" are in it.
HEADERS = {
    "left_out_imprecise": "imprecise",
    "left_out_undated": "no start",
    "before_start": "before start",
}


def _print_table(summary: lag.Summary) -> None:
    rows = [lag.group_row(g, summary.by) for g in summary.groups]
    table = Table(
        title="Days from the campaign's start to the first …",
        caption="imprecise, no start: left out of n; before start: in n",
        show_edge=False,
    )
    # the routes to a state are said under the table: an 80-column terminal has no room
    keys = [k for k in rows[0] if k != "via"] if rows else ["phase", "n", "median"]
    for key in keys:
        table.add_column(Text(HEADERS.get(key, key)), overflow="fold", no_wrap=key == "phase")
    for row in rows:
        table.add_row(*(Text(cell_text(row[k])) for k in keys))
    out.print(table)
    routes = {g.key: ", ".join(g.via) for g in summary.groups if g.via}
    for state, via in routes.items():
        out.print(Text(f"{state}: linked by {via}"))
    strip = Table(title="Per campaign", show_edge=False)
    for key in ("campaign", "start", *lag.PHASES):
        strip.add_column(Text(key), overflow="fold")
    for c in summary.campaigns:
        cells = [c.name, c.start or "—"]
        for phase in lag.PHASES:
            m = c.milestones.get(phase)
            cells.append(_milestone_text(m))
        strip.add_row(*(Text(x) for x in cells))
    out.print(strip)


def _milestone_text(m: lag.Milestone | None) -> str:
    if m is None:
        return "—"
    days = m.lag.text() if m.lag else "no start date"
    flag = " (before the start)" if m.lag and m.lag.before_start else ""
    return f"{days}{flag} ({m.item.date})"


def _print_csv(summary: lag.Summary) -> None:
    rows = [lag.group_row(g, summary.by) for g in summary.groups]
    writer = csv.writer(sys.stdout)
    keys = list(rows[0]) if rows else []
    writer.writerow(keys)
    for row in rows:
        writer.writerow([row[k] for k in keys])


def lag_cmd(
    by: Annotated[
        By, typer.Option("--by", help="Group the figures by phase alone (type), state or year.")
    ] = By.type,
    campaign: Annotated[
        str | None,
        typer.Option(
            "--campaign",
            "-c",
            help="One campaign id (default: every campaign).",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Only what was claimed or happened by this day (YYYY-MM-DD); a month- or "
            "year-dated item counts from the last day of its period.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table for people, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Attribution lag: days from each campaign's start to its first technical attribution,
    first political attribution, first legal action and first denial; with the median,
    quartiles and n of each, by phase (type), by attributed state or by year of the start.

    A month- or year-dated start or claim gives a range of days and is left out of the
    medians (counted on stderr and in the JSON); a lag before the start is kept and counted.
    The rules: docs/graph-model.md, "Attribution lag".

    Exit codes: 0 ok, 1 failed / Neo4j unreachable, 2 bad option or unknown campaign.

    Example: attrib lag --by state --format json
    """
    params = {"campaign": campaign, "as_of": as_of}  # as_of checked by the catalogue (exit 2)
    with failures_as_exits():
        outcome = run_named(
            "attribution_lag", params, max_rows=int(limits.LIMITS["max_rows"].maximum)
        )
    if campaign and not outcome.rows:
        raise fail(
            f"there is no campaign with id {campaign!r}; `attrib query search -p q=...` finds "
            "campaigns by name.",
            ExitCode.INVALID,
            "not found",
        )
    summary = lag.summarise(outcome.rows, by.value, truncated=outcome.truncated)
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(summary.document(), indent=2, ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.csv:
        _print_csv(summary)
    else:
        _print_table(summary)
    left = summary.left_out()
    err.print(
        f"{len(summary.campaigns)} campaign(s); left out of the figures: "
        f"{left['imprecise']} imprecise (month- or year-dated: a range of days), "
        f"{left['no_start_date']} without a start date; "
        f"{left['attributions_not_counted']} attribution(s) of no phase (not counted)",
        highlight=False,
        soft_wrap=True,
    )
    if outcome.truncated:
        err.print(
            "[yellow]truncated:[/] the row cap cut the campaigns; the figures cover the first "
            f"{len(outcome.rows)} only.",
            highlight=False,
            soft_wrap=True,
        )
