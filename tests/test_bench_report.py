"""benchmarks/report.py writes the benchmark reports from results.json alone: the same input
gives the same text, no figure in it is typed by hand, every part says its run, machine and
anchor, and the committed reports are what results.json gives today."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks import report, report_summary
from benchmarks.run import GOALS, RESULTS

# A number that is not part of a word ("p95", "Neo4j" are names, not figures).
FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*(?!\w)")
NAMES = ("STIX 2.1",)  # a version in a name: not a figure
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bench_results.json"
REPO = Path(__file__).resolve().parent.parent


def rendered(results: dict[str, Any], goals: dict[str, Any]) -> tuple[str, str]:
    """(benchmarks/README.md, the README's section) for a copy of `results`."""
    results = copy.deepcopy(results)
    report.finish(results, goals)
    return report.readme(results, goals, notes=""), report_summary.summary(results)


def shifted(value: Any) -> Any:
    """Every figure changed: numbers x -> 2x + 1, every digit in a string value and in a
    key that is a number (a batch size) + 1."""

    def digits(text: str) -> str:
        return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text)

    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value * 2 + 1
    if isinstance(value, str):
        return digits(value)
    if isinstance(value, list):
        return [shifted(v) for v in value]
    if isinstance(value, dict):
        return {(digits(k) if k.isdigit() else k): shifted(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def fixture() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_the_same_results_give_the_same_reports(fixture: dict[str, Any]) -> None:
    assert rendered(fixture, GOALS) == rendered(fixture, GOALS)


def test_no_figure_is_typed_by_hand(fixture: dict[str, Any]) -> None:
    """A line with a digit that stays the same when every figure of the input changes was
    typed by hand."""
    before = rendered(fixture, GOALS)
    after = rendered(shifted(fixture), shifted(GOALS))
    for old, new in zip(before, after, strict=True):
        fixed = set(old.splitlines()) & set(new.splitlines())
        unnamed = [line for line in fixed if FIGURE.search(_without_names(line))]
        assert unnamed == []


def _without_names(line: str) -> str:
    for name in NAMES:
        line = line.replace(name, "")
    return line


def test_every_part_says_its_run_machine_and_anchor(fixture: dict[str, Any]) -> None:
    text, section = rendered(fixture, GOALS)
    run = fixture["runs"][0]
    cpu = run["machine"]["cpu"]
    for part in ("## Loader", "## Queries", "## UI", "## STIX", "## Pages", "## Load"):
        block = text.split(part, 1)[1].split("\n## ", 1)[0]
        assert re.search(rf"Measured \S+ on {re.escape(cpu)} .*; anchor [\d.]+ ms", block), part
    pages = text.split("## Pages", 1)[1].split("\n## ", 1)[0]
    assert f"Measured {fixture['pages']['run']} " in pages
    assert f"anchor {fixture['pages']['anchor_ms']:g} ms" in pages
    # the actor page's p95 in anchor units: its seconds over the anchor of its own run
    actor = fixture["pages"]["by_step"]["actor"]["p95"]
    expected = f"{actor * 1000 / fixture['pages']['anchor_ms']:.2f}"
    assert re.search(rf"^\| actor \|.*\| {re.escape(expected)} \| [^|]+ \|$", pages, re.M)
    # a missed goal says why, with a measurement
    goals = {g["goal"]: g for g in report_goals(fixture)}
    load_goal = next(g for name, g in goals.items() if "protocol sessions" in name)
    assert load_goal["met"] is False
    assert re.search(r"why: the UI process used [\d.]+ CPU s per step", load_goal["measured"])
    assert all(g["run"] for g in goals.values())
    assert report_summary.START in section and report_summary.END in section


def report_goals(fixture: dict[str, Any]) -> list[dict[str, Any]]:
    results = copy.deepcopy(fixture)
    report.finish(results, GOALS)
    goals: list[dict[str, Any]] = results["goals"]
    return goals


def test_splice_replaces_only_the_section() -> None:
    text = f"before\n{report_summary.START}\nold figures\n{report_summary.END}\nafter\n"
    assert report_summary.splice(text, "NEW") == "before\nNEW\nafter\n"
    with pytest.raises(ValueError, match="markers"):
        report_summary.splice("no markers here", "NEW")


def test_the_committed_reports_are_regenerated_from_results_json() -> None:
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    report.finish(results, GOALS)
    assert (REPO / "benchmarks" / "README.md").read_text(encoding="utf-8") == report.readme(
        results, GOALS
    )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert report_summary.summary(results) in readme
