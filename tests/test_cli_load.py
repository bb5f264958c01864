"""`attrib load` against a real Neo4j: exit codes, problems as printed, dry runs, STIX bundles."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader.load import load
from tests.bad_inputs import BAD_INPUTS, BadInput, materialise, names_the_place
from tests.stix_bundles import BAD_BUNDLES, bundle, every_type, obj, sid, write

pytestmark = pytest.mark.neo4j
runner = CliRunner()


# --- seed YAML -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "case", [c for c in BAD_INPUTS if not c.heavy], ids=lambda c: f"{c.kind}-{c.name}"
)
def test_bad_input_exits_2_names_the_place_and_writes_nothing(
    tmp_path: Path, case: BadInput, seeded_graph: Fingerprint
) -> None:
    paths = materialise(case, tmp_path)
    strict = ["--strict"] if case.kind == "stix" else []  # else its valid objects would load
    result = runner.invoke(app, ["load", *strict, *map(str, paths)])
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.output
    assert names_the_place(result.output, case), result.output
    assert graph_fingerprint() == seeded_graph


def test_the_malformed_input_corpus_is_large() -> None:
    """Issue 12: at least 60 malformed inputs, across every format the loader takes."""
    assert len(BAD_INPUTS) + len(BAD_BUNDLES) >= 60
    assert {c.kind for c in BAD_INPUTS} == {"yaml", "stix"}


def test_the_count_of_problems_is_every_problem_not_the_lines_shown(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    lines = ["actors:"] + [f"  - id: bad-{i}\n    nme: typo" for i in range(450)]
    (tmp_path / "many.yaml").write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["load", str(tmp_path / "many.yaml")])
    assert result.exit_code == 2
    assert "error: 900 problem(s); nothing was written." in result.stderr  # name + nme, each
    assert len(result.stderr.splitlines()) < 300  # the lines shown are capped
    assert graph_fingerprint() == seeded_graph


def test_a_symlink_loop_named_on_the_command_line_is_said_to_be_one(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    result = runner.invoke(app, ["load", str(loop)])
    assert result.exit_code == 2
    assert "symbolic link loop" in result.stderr
    assert graph_fingerprint() == seeded_graph


def test_valid_file_beside_a_bad_one_is_not_written(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    (tmp_path / "a.yaml").write_text("actors:\n  - id: brand-new\n    name: Brand New\n")
    (tmp_path / "b.yaml").write_text("actors:\n  - id: broken\n")
    result = runner.invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 2
    assert graph_fingerprint() == seeded_graph


def test_dry_run_validates_prints_the_plan_and_writes_nothing(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    (tmp_path / "new.yaml").write_text(
        "actors:\n  - id: brand-new\n    name: Brand New\n    sources: [src-01]\n"
    )
    result = runner.invoke(app, ["load", str(tmp_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run" in result.output and "Actor" in result.output
    assert graph_fingerprint() == seeded_graph


def test_small_file_may_reference_loaded_records(tmp_path: Path, restore_seed: Fingerprint) -> None:
    (tmp_path / "more.yaml").write_text(
        "tools:\n  - id: test-tool\n    name: Test Tool\n    sources: [src-24]\n"
        "relations:\n  - type: USES\n    from: hafnium\n    to: test-tool\n    sources: [src-24]\n"
    )
    result = runner.invoke(app, ["load", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = db.read(
        "MATCH (:Actor {id:'hafnium'})-[:USES]->(t:Tool {id:'test-tool'}) RETURN count(*) AS n"
    ).records
    assert rows[0]["n"] == 1


def test_wipe_then_load_gives_the_same_graph(restore_seed: Fingerprint) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "attrib.cli", "load", "--wipe"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    assert graph_fingerprint() == restore_seed


# --- STIX bundles ----------------------------------------------------------------------------
def test_cli_imports_a_bundle_and_a_second_import_changes_nothing(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    path = write(tmp_path / "every.json", every_type())
    result = runner.invoke(app, ["load", str(path)])
    assert result.exit_code == 0, result.output
    first = graph_fingerprint()
    outcome = load([path])
    assert outcome.report is not None
    totals = outcome.report.totals()
    assert (totals.created, totals.updated) == (0, 0)
    assert graph_fingerprint() == first


def test_a_name_two_known_groups_carry_is_kept_and_reported_not_refused(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    """Merely inconvenient data (a record naming both HAFNIUM and APT10) is kept as its own
    record; the join the rules refuse is listed in the identity report."""
    data = bundle(obj("intrusion-set", 13, name="Twin", aliases=["Hafnium", "Red Apollo"]))
    result = runner.invoke(app, ["load", str(write(tmp_path / "twin.json", data))])
    assert result.exit_code == 0, result.output
    twin = sid("intrusion-set", 13)
    shown = runner.invoke(app, ["identity", "show", "Twin", "--format", "json"])
    actor = json.loads(shown.stdout)[0]
    assert twin in [m["id"] for m in actor["members"]]
    # Twin joins one of the two (the stronger evidence, then a fixed tie-break), never both
    hafnium = json.loads(
        runner.invoke(app, ["identity", "show", "hafnium", "--format", "json"]).stdout
    )
    apt10 = json.loads(runner.invoke(app, ["identity", "show", "apt10", "--format", "json"]).stdout)
    assert hafnium[0]["id"] != apt10[0]["id"]
    report = json.loads(runner.invoke(app, ["identity", "report", "--format", "json"]).stdout)
    refused = [r for r in report["refused_joins"] if twin in r["records"]]
    assert refused, report["refused_joins"]


def test_a_stix_object_whose_id_the_graph_holds_under_another_label_is_refused(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    campaign = sid("campaign", 1)  # a valid seed id too: a tool is loaded under it first
    (tmp_path / "tool.yaml").write_text(f"tools:\n  - id: {campaign}\n    name: Not a campaign\n")
    assert runner.invoke(app, ["load", str(tmp_path / "tool.yaml")]).exit_code == 0
    before = graph_fingerprint()
    path = write(tmp_path / "campaign.json", bundle(obj("campaign", 1, name="C")))
    result = runner.invoke(app, ["load", str(path)])
    assert result.exit_code == 2, result.output
    assert f"Campaign {campaign}: field 'id'" in result.output
    assert "already a Tool in the graph" in result.output
    assert graph_fingerprint() == before


@pytest.mark.parametrize(
    ("name", "data", "record", "fld"), BAD_BUNDLES, ids=[b[0] for b in BAD_BUNDLES]
)
def test_malformed_bundle_exits_2_and_writes_nothing(
    tmp_path: Path, seeded_graph: Fingerprint, name: str, data: bytes, record: str, fld: str
) -> None:
    """A file that is no STIX 2.1 bundle is refused; so is a bad object under --strict."""
    (tmp_path / f"{name}.json").write_bytes(data)
    strict = [] if record == "-" else ["--strict"]
    result = runner.invoke(app, ["load", *strict, str(tmp_path / f"{name}.json")])
    assert result.exit_code == 2, result.output
    assert "nothing was written" in result.output
    text = result.output.replace("\n", " ")
    assert record in text and (fld == "-" or f"field '{fld}'" in text), result.output
    assert graph_fingerprint() == seeded_graph


@pytest.mark.parametrize(
    ("name", "data", "record", "fld"),
    [b for b in BAD_BUNDLES if b[2] != "-"],
    ids=[b[0] for b in BAD_BUNDLES if b[2] != "-"],
)
def test_a_bad_object_is_left_out_and_listed_and_the_rest_loads(
    tmp_path: Path, restore_seed: Fingerprint, name: str, data: bytes, record: str, fld: str
) -> None:
    """Without --strict a bundle from elsewhere loads what is valid; the object its problem
    names is left out and listed, with file, record and field, in the problems file."""
    (tmp_path / f"{name}.json").write_bytes(data)
    problems = tmp_path / "problems.csv"
    result = runner.invoke(
        app, ["load", "--problems-file", str(problems), str(tmp_path / f"{name}.json")]
    )
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and str(problems) in result.output.replace("\n", "")
    rows = list(csv.DictReader(problems.open(encoding="utf-8")))
    assert any(
        r["record"].startswith(record) and (fld == "-" or r["field"] == fld) for r in rows
    ), rows
    assert all(r["action"] == "skipped" for r in rows)
    assert graph_fingerprint() != restore_seed  # the valid objects were written
