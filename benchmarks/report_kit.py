"""What every part of the benchmark report writes the same way: a goal, a table row, a table's
head, the words for met and missed (benchmarks/report.py and its parts)."""

from __future__ import annotations

from typing import Any

MARKS = {True: "met", False: "**missed**", None: "not measured"}
SIZE_ORDER = ("S", "M", "L")


def goal(
    name: str,
    target: str,
    measured: Any,
    met: bool | None,
    where: str,
    run: str | None = None,
    x_anchor: str = "-",
) -> dict[str, Any]:
    """One goal as results.json keeps it."""
    return {
        "goal": name,
        "target": target,
        "measured": measured,
        "met": met,
        "where": where,
        "run": run,
        "x_anchor": x_anchor,
    }


def row(*cells: Any) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table_head(intro: list[str], columns: list[str]) -> list[str]:
    """The lines that open a table: a blank line, the intro, a blank line, header and rule."""
    return ["", *intro, "", row(*columns), "|" + "---|" * len(columns)]


def seconds_split(first: dict[str, Any]) -> str:
    """A first load's time: total (validate + write)."""
    return f"{first['seconds']:g} ({first['validate_seconds']:g} + {first['write_seconds']:g})"
