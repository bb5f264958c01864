"""The benchmark corpus is deterministic and pinned; the README tables render as Markdown."""

from __future__ import annotations

import hashlib
from pathlib import Path

from benchmarks import report
from benchmarks.corpus import GENERATOR_VERSION, PROFILES, Profile, record, write_yaml

# sha256 of corpus S, seed 1 (YAML files and manifest), as generator version 4 writes it
S_SEED1_SHA256 = "b1d9ddca843cdc591dc50f852e75b9e445acae0603ed7017258cb0f3b40c6c87"


def corpus_digest(out: Path) -> str:
    """One sha256 over every YAML file (name and bytes, in name order) and the manifest."""
    h = hashlib.sha256()
    for path in [*sorted((out / "yaml").glob("*.yaml")), out / "manifest.json"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def test_a_record_lists_its_fields_in_order_and_leaves_none_out() -> None:
    text = record({"id": "actor-1", "aliases": None, "name": '"Cozy Bear"', "kind": "x"})
    assert text == '- id: actor-1\n  name: "Cozy Bear"\n  kind: x\n'


def test_the_same_size_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    small = Profile("XS", 200, 40, 30, 80, 30, 30, 60, 150, 60, 300, 2.5, 1.0)
    write_yaml(small, 3, tmp_path / "a")
    write_yaml(small, 3, tmp_path / "b")
    assert corpus_digest(tmp_path / "a") == corpus_digest(tmp_path / "b")


def test_the_corpus_changes_only_with_the_generator_version(tmp_path: Path) -> None:
    write_yaml(PROFILES["S"], 1, tmp_path)
    assert (GENERATOR_VERSION, corpus_digest(tmp_path)) == (4, S_SEED1_SHA256), (
        "corpus S seed 1 changed: if on purpose, bump GENERATOR_VERSION in benchmarks/corpus.py"
        " (cached corpora are then regenerated) and put the new digest here"
    )


def test_the_corpora_table_renders_with_its_header_and_rule() -> None:
    results = {
        "corpora": {"S": {"records": {"a": 1_200, "b": 3}, "yaml_files": 2, "yaml_bytes": 3e6}}
    }
    lines = report.readme(results, {}).splitlines()
    start = lines.index("## Corpora")
    assert lines[start - 1 : start + 5] == [
        "",
        "## Corpora",
        "",
        "| size | records | YAML files | YAML MB | nodes | relationships |",
        "|---|---|---|---|---|---|",
        "| S | 1,203 | 2 | 3 | - | - |",
    ]
