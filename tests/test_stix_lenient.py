"""A STIX bundle from elsewhere loads what is valid (issue 17): the objects with problems are
left out and listed, what refers to them is skipped as it would be for a revoked object, and a
file that is no bundle at all, or one whose every object is broken, is still refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loader.problems import Problem, ValidationFailed
from loader.sources.stix.leniency import Exclusions
from loader.sources.stix.source import StixImport, read_bundles
from tests.stix_bundles import VENDOR, bundle, obj, rel, sid, write

KITE = sid("intrusion-set", 1)  # valid
BROKEN = sid("campaign", 1)  # confidence beyond 100
FINE = sid("campaign", 2)  # valid, attributed to KITE


def vendor() -> dict[str, Any]:
    return obj("identity", 1, name="Vendor", identity_class="organization")


def mixed_bundle() -> dict[str, Any]:
    return bundle(
        vendor(),
        obj("intrusion-set", 1, name="Kite", created_by_ref=VENDOR),
        obj("campaign", 1, name="Broken", confidence=150, created_by_ref=VENDOR),
        obj("campaign", 2, name="Fine", created_by_ref=VENDOR),
        rel(1, "attributed-to", BROKEN, KITE, created_by_ref=VENDOR),
        rel(2, "attributed-to", FINE, KITE, created_by_ref=VENDOR),
    )


def planned_ids(found: StixImport) -> set[str]:
    ids = {row["id"] for rows in found.plan.nodes.values() for row in rows}
    stix_ids = {row["props"].get("stix_id") for rows in found.plan.nodes.values() for row in rows}
    return ids | {s for s in stix_ids if s}


def test_a_broken_object_is_left_out_with_what_refers_to_it(tmp_path: Path) -> None:
    found = read_bundles([write(tmp_path / "b.json", mixed_bundle())], lenient=True)
    ids = planned_ids(found)
    assert KITE in ids and FINE in ids
    assert BROKEN not in ids
    assert sid("relationship", 1) not in ids  # its source was left out: not imported
    assert sid("relationship", 2) in ids  # the valid attribution is a claim
    [problem] = found.left_out
    assert (problem.record, problem.field) == (f"objects[2] ({BROKEN})", "confidence")
    assert any("has problems" in line and "campaign 1" in line for line in found.summary.lines())


def test_strict_refuses_the_whole_bundle_naming_the_object(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as failed:
        read_bundles([write(tmp_path / "b.json", mixed_bundle())], lenient=False)
    assert [p.record for p in failed.value.problems] == [f"objects[2] ({BROKEN})"]


def test_an_object_without_a_usable_id_is_left_out_by_its_position(tmp_path: Path) -> None:
    data = bundle(vendor(), obj("campaign", 2, name="Fine"), {**obj("campaign", 3), "id": "x"})
    found = read_bundles([write(tmp_path / "b.json", data)], lenient=True)
    assert FINE in planned_ids(found)
    assert [(p.record, p.field) for p in found.left_out] == [("objects[2] (x)", "id")]


def test_what_a_problem_blames() -> None:
    """A merged relationship's problem names one STIX id but blames every relationship merged
    into it; a record without an id is blamed by position; a source made from an external
    reference cannot be traced (the import then refuses)."""
    rels = (sid("relationship", 1), sid("relationship", 2))
    excluded = Exclusions()
    merged = Problem("(merged relationships)", f"relationship {rels[0]} (uses a -> b)", "to", "x")
    assert excluded.blame(merged, rels)
    assert excluded.excludes("any.json", 7, rels[1])
    assert excluded.blame(Problem("b.json", "objects[4]", "id", "x"))
    assert excluded.excludes("b.json", 4, None) and not excluded.excludes("c.json", 4, None)
    assert not excluded.blame(Problem("(external references)", "source src-1a2b", "url", "x"))
    assert not excluded.blame(Problem("b.json", "-", "-", "not valid JSON"))


def test_a_bundle_whose_every_object_is_broken_is_refused(tmp_path: Path) -> None:
    data = bundle(obj("campaign", 1, name="Broken", confidence=150))
    with pytest.raises(ValidationFailed) as failed:
        read_bundles([write(tmp_path / "b.json", data)], lenient=True)
    assert failed.value.problems[0].field == "confidence"


def test_a_file_that_is_no_bundle_is_refused_even_when_lenient(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text('{"type": "bundle", "objects": [ {"type": ')
    with pytest.raises(ValidationFailed) as failed:
        read_bundles([tmp_path / "b.json"], lenient=True)
    assert "not valid JSON" in failed.value.problems[0].message
