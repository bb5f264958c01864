"""`attrib load` picks the importer by the files: one format per run, mixing refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loader import formats
from loader.problems import ValidationFailed

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


def test_each_format_is_recognised() -> None:
    assert formats.detect_format([REPO / "seed_data"]) == formats.SEED
    assert formats.detect_format([FIXTURES / "eurepoc"]) == formats.EUREPOC


def test_a_json_that_is_no_other_format_is_a_stix_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "b.json"
    bundle.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": []}))
    assert formats.detect_format([bundle]) == formats.STIX


def test_mixing_formats_in_one_run_is_refused_naming_the_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("sources: []\n")
    (tmp_path / "b.csv").write_text("ID,name\n")
    with pytest.raises(ValidationFailed) as caught:
        formats.detect_format([tmp_path])
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "a.yaml" in text and "b.csv" in text
    assert "cannot be loaded in one run" in text


def test_no_file_at_all_is_left_to_the_seed_reader(tmp_path: Path) -> None:
    assert formats.detect_format([tmp_path]) == formats.SEED
