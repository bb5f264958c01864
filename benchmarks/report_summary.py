"""The README's benchmark section, between its markers: every goal, its figure and its run,
from results.json (written by `benchmarks.report.write`)."""

from __future__ import annotations

from typing import Any

from benchmarks.report_kit import MARKS, row

START = "<!-- benchmarks:start (written by benchmarks/report.py from results.json) -->"
END = "<!-- benchmarks:end -->"


def summary(results: dict[str, Any]) -> str:
    """The README's benchmark section between its markers: every goal, its figure, its run."""
    lines = [
        START,
        "",
        "| goal | target | measured | measured in run | status |",
        "|---|---|---|---|---|",
    ]
    for g in results.get("goals", []):
        measured = str(g["measured"]).split(" — why:")[0]  # the why is in benchmarks/README.md
        lines.append(
            row(g["goal"], g["target"], measured, g.get("run") or "not recorded", MARKS[g["met"]])
        )
    last = (results.get("runs") or [{}])[-1].get("machine", {})
    lines += [
        "",
        f"Machine of the last run: {last.get('cpu', '?')}, {last.get('cores', '?')} cores, "
        f"{last.get('memory_gb', '?')} GB. Each figure with its anchor, and why a goal is "
        "missed: [benchmarks/README.md](benchmarks/README.md).",
        "",
        END,
    ]
    return "\n".join(lines)


def splice(text: str, section: str) -> str:
    """`text` with what lies between the markers (markers included) replaced by `section`."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README lacks the markers {START!r} ... {END!r}")
    return text[:start] + section + text[end + len(END) :]
