"""Re-loads skip what did not change (loader/file_hashes.py), against a real Neo4j.

An unchanged input is skipped without reading or writing; a changed file is read again and its
change lands; --force, a wiped or hand-emptied graph, a load that died half-way and a new
loader version all read again.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader import file_hashes, formats
from loader import load as load_module
from loader.load import DEFAULT_SEED, load
from loader.sources.contract import Source
from loader.writer import wipe

pytestmark = pytest.mark.neo4j
runner = CliRunner()
SEED_FILES = sorted(p.name for p in DEFAULT_SEED.glob("*.yaml"))


def actor_name(actor_id: str) -> str:
    rows = db.read("MATCH (a:Actor {id: $id}) RETURN a.name AS name", {"id": actor_id}).records
    return str(rows[0]["name"])


def edited_seed(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of seed_data/ with one edit in actors.yaml."""
    seed = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED, seed)
    actors = seed / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    assert old in text
    actors.write_text(text.replace(old, new, 1), encoding="utf-8")
    return seed


@pytest.fixture
def nothing_read_or_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the input, writing rows or resolving identity fails the test."""

    def boom(what: str) -> Callable[..., Any]:
        def fail(*_args: Any, **_kwargs: Any) -> Any:
            raise AssertionError(f"{what} was reached")

        return fail

    original = formats.source_named

    def unreadable(name: str) -> Source:
        return dataclasses.replace(original(name), read=boom("the source's read"))

    monkeypatch.setattr(formats, "source_named", unreadable)
    monkeypatch.setattr(load_module, "write_plan", boom("write_plan"))
    monkeypatch.setattr(load_module, "write_resolution", boom("write_resolution"))
    monkeypatch.setattr(file_hashes, "forget", boom("file_hashes.forget"))


def test_an_unchanged_reload_is_skipped_without_reading_or_writing(
    seeded_graph: Fingerprint, nothing_read_or_written: None
) -> None:
    outcome = load([DEFAULT_SEED])
    assert outcome.skipped
    assert outcome.notes[: len(SEED_FILES)] == [
        f"{DEFAULT_SEED / name}: unchanged, skipped" for name in SEED_FILES
    ]
    assert "nothing was read or written" in outcome.notes[len(SEED_FILES)]
    assert graph_fingerprint() == seeded_graph


def test_the_command_says_unchanged_skipped_per_file_and_force_reads_again(
    seeded_graph: Fingerprint,
) -> None:
    skipped = runner.invoke(app, ["load"])
    assert skipped.exit_code == 0, skipped.output
    for name in SEED_FILES:
        assert f"{name}: unchanged, skipped" in skipped.output
    assert "Loaded" not in skipped.output  # no table of written rows: nothing was written
    forced = runner.invoke(app, ["load", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "unchanged, skipped" not in forced.output
    for name in SEED_FILES:
        assert f"{name}: unchanged, re-read (--force)" in forced.output
    total = next(line for line in forced.output.splitlines() if line.strip().startswith("total"))
    created, updated, unchanged = (int(c) for c in total.split() if c.isdigit())
    assert (created, updated) == (0, 0) and unchanged > 0, total
    assert graph_fingerprint() == seeded_graph


def test_a_changed_file_is_read_again_and_its_change_lands(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    seed = edited_seed(tmp_path, "name: HAFNIUM", "name: HAFNIUM (edited)")
    outcome = load([seed])
    assert not outcome.skipped
    assert f"{seed / 'actors.yaml'}: changed, re-read" in outcome.notes
    assert f"{seed / 'claims.yaml'}: unchanged, re-read (read with the changed files)" in (
        outcome.notes
    )
    assert outcome.report is not None
    assert (outcome.report.nodes["Actor"].created, outcome.report.nodes["Actor"].updated) == (0, 1)
    assert actor_name("hafnium") == "HAFNIUM (edited)"
    again = load([seed])  # now recorded: skipped
    assert again.skipped
    assert f"{seed / 'actors.yaml'}: unchanged, skipped" in again.notes
    back = load([DEFAULT_SEED])  # the original differs from what was recorded last
    assert not back.skipped
    assert actor_name("hafnium") == "HAFNIUM"


def test_a_wiped_graph_is_not_skipped(restore_seed: Fingerprint) -> None:
    wipe()
    outcome = load([DEFAULT_SEED])
    assert not outcome.skipped
    assert f"{DEFAULT_SEED / 'actors.yaml'}: new" in outcome.notes
    assert outcome.report is not None and outcome.report.totals().created > 0
    assert graph_fingerprint() == restore_seed


def test_a_graph_emptied_of_what_the_load_wrote_is_not_skipped(
    restore_seed: Fingerprint,
) -> None:
    db.run_write("MATCH (c:Claim) DETACH DELETE c")  # by hand: the file records stay
    outcome = load([DEFAULT_SEED])
    assert not outcome.skipped
    why = "the graph changed since the last load"
    assert f"{DEFAULT_SEED / 'actors.yaml'}: unchanged, re-read ({why})" in outcome.notes
    assert graph_fingerprint() == restore_seed


def test_a_load_that_died_half_way_is_not_taken_for_a_completed_one(
    tmp_path: Path, restore_seed: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = edited_seed(tmp_path, "name: HAFNIUM", "name: HAFNIUM (half-written)")
    real_write = load_module.write_plan

    def write_then_die(*args: Any, **kwargs: Any) -> Any:
        real_write(*args, **kwargs)
        raise SystemExit(143)  # killed after the rows, before identity and the file records

    monkeypatch.setattr(load_module, "write_plan", write_then_die)
    with pytest.raises(SystemExit):
        load([seed])
    monkeypatch.undo()
    assert actor_name("hafnium") == "HAFNIUM (half-written)"
    # the original files are the ones recorded before, and the counts are the same: only the
    # ledger removed before the first write tells that the graph is not what was recorded
    outcome = load([DEFAULT_SEED])
    assert not outcome.skipped
    assert actor_name("hafnium") == "HAFNIUM"
    assert graph_fingerprint() == restore_seed


def test_a_new_loader_version_reads_again(
    seeded_graph: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_hashes, "loader_version", lambda: "a new release")
    outcome = load([DEFAULT_SEED])
    assert not outcome.skipped
    assert "re-read (other files, options or loader version than when last loaded)" in "\n".join(
        outcome.notes
    )
    monkeypatch.undo()
    assert not load([DEFAULT_SEED]).skipped  # recorded under the new version: read again
    assert load([DEFAULT_SEED]).skipped
    assert graph_fingerprint() == seeded_graph


def test_a_changed_identity_policy_reads_again(
    restore_seed: Fingerprint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("shared_names: primary\n", encoding="utf-8")
    monkeypatch.setenv("ATTRIB_IDENTITY_POLICY", str(policy))
    outcome = load([DEFAULT_SEED])
    assert not outcome.skipped
    assert "re-read (the identity policy changed since the last load)" in "\n".join(outcome.notes)
    monkeypatch.undo()
    assert not load([DEFAULT_SEED]).skipped  # resolved under the new policy last time
    assert graph_fingerprint() == restore_seed


def test_file_ids_do_not_depend_on_where_the_folder_is(tmp_path: Path) -> None:
    source = formats.source_named(formats.SEED)
    here = file_hashes.input_of(source, [DEFAULT_SEED])
    copy = tmp_path / "elsewhere"
    shutil.copytree(DEFAULT_SEED, copy)
    there = file_hashes.input_of(source, [copy])
    assert here.ids() == there.ids() == [f"seed:{name}" for name in SEED_FILES]
    assert here.digest == there.digest
    (copy / "extra.yaml").write_text("actors: []\n", encoding="utf-8")
    assert file_hashes.input_of(source, [copy]).digest != here.digest  # a file added
    assert file_hashes.input_of(source, [DEFAULT_SEED], strict=True).digest != here.digest
