"""`attrib identity show`: a name not found is bad input with hints; the table shows what the
JSON holds, and who attributed what to the actor; refused joins name their records once."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.cli.id_hints import close_names, names_containing
from attrib.cli.identity_tables import refused_lines
from attrib.fingerprint import Fingerprint

runner = CliRunner()
NAMES = ["Lazarus Group", "Lazarus group", "Lazarus", "APT38", "HAFNIUM", "Diamond Sleet"]


def test_names_containing_the_input_are_the_see_also_names() -> None:
    assert names_containing("lazarus", NAMES) == ["Lazarus Group"]  # one spelling per name
    assert names_containing("Sleet", NAMES) == ["Diamond Sleet"]
    assert names_containing("HAFNIUM", NAMES) == []  # the name itself is no "see also"


def test_close_names_are_a_typo_away() -> None:
    assert close_names("Lazarus Grop", NAMES)[0] == "Lazarus Group"  # one spelling per name
    assert close_names("HAFNIUN", NAMES) == ["HAFNIUM"]
    assert close_names("Volt Typhoon", NAMES) == []


def test_a_refused_join_says_which_records_and_is_printed_once() -> None:
    refused = {
        "evidence": "shared name 'ZINC'",
        "records": ["misp:1", "misp:2"],
        "reason": "both groups hold different records of misp-microsoft-activity-group",
    }
    actor = {"refused_joins": [refused, dict(refused)]}
    labels = {"misp:1": "misp:1 (Lazarus Group, misp-threat-actor)"}
    assert refused_lines(actor, labels) == [
        "refused: shared name 'ZINC' between misp:1 (Lazarus Group, misp-threat-actor) and "
        "misp:2 — both groups hold different records of misp-microsoft-activity-group"
    ]


def test_help_keeps_paragraphs_but_not_the_docstring_line_breaks() -> None:
    listed = runner.invoke(app, ["identity", "--help"], env={"COLUMNS": "400"})
    assert listed.exit_code == 0
    # the docstring breaks its line after "per": a wide terminal shows it on one line
    assert any("its member records per source" in line for line in listed.output.splitlines())
    shown = runner.invoke(app, ["identity", "show", "--help"], env={"COLUMNS": "400"})
    assert "Example: attrib identity show" in shown.output  # the example keeps its paragraph


@pytest.mark.neo4j
def test_a_name_not_found_is_bad_input_naming_close_names(seeded_graph: Fingerprint) -> None:
    typo = runner.invoke(app, ["identity", "show", "HAFNIUN"])
    assert typo.exit_code == 2
    assert "no actor record carries the name 'HAFNIUN'" in typo.stderr
    assert "did you mean 'HAFNIUM'" in typo.stderr
    part = runner.invoke(app, ["identity", "show", "Hafni"])
    assert part.exit_code == 2 and "see also: HAFNIUM" in part.stderr


@pytest.mark.neo4j
def test_the_table_shows_record_claims_and_attributions(seeded_graph: Fingerprint) -> None:
    as_json = runner.invoke(app, ["identity", "show", "HAFNIUM", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    actor = json.loads(as_json.stdout)[0]
    attributed = [a for a in actor["attributions"] if a["kind"] == "attribution"]
    assert attributed and all("hafnium" in {v["id"] for v in a["via"]} for a in attributed)
    table = runner.invoke(app, ["identity", "show", "HAFNIUM"], env={"COLUMNS": "300"})
    assert table.exit_code == 0, table.output
    assert "Claims about its records (" in table.stdout
    assert f"Attributions and state links ({len(actor['attributions'])})" in table.stdout
    assert attributed[0]["claimant"] in table.stdout


@pytest.mark.neo4j
def test_a_name_wikipedia_reports_is_used_by_it_not_given(seeded_graph: Fingerprint) -> None:
    """Issue 17, item 6: Wikipedia reports "Red Apollo" for APT10; it gave no name."""
    as_json = runner.invoke(app, ["identity", "show", "APT10", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    names = {n["name"]: n for n in json.loads(as_json.stdout)[0]["names"]}
    assert names["Red Apollo"]["said"] == "Red Apollo, used by Wikipedia (Japanese)"
    assert "given_by" not in names["Red Apollo"]
    table = runner.invoke(app, ["identity", "show", "HAFNIUM"], env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.output
    assert (
        "Silk Typhoon, given by Microsoft, according to Microsoft Security" in table.stdout
    )  # Microsoft's own post names it: first-hand
