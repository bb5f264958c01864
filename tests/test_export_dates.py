"""STIX export dates: real dates, never 1970; a partial date's precision travels beside it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from attrib.fingerprint import Fingerprint
from loader.export.stix import _now, export_bundle
from loader.stix_common import EXPORTER_IDENTITY, stable_uuid
from tests.seed_facts import CHINA_DENIAL

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, seeded_graph: Fingerprint) -> Any:
    """The seed's export, keyed by STIX id, with the times the export ran between."""
    path = tmp_path_factory.mktemp("export") / "seed.json"
    before = _now()
    export_bundle(path)
    after = _now()
    objects = json.loads(path.read_text(encoding="utf-8"))["objects"]
    return {o["id"]: o for o in objects}, before, after


def test_no_object_is_dated_1970_and_modified_is_never_before_created(exported: Any) -> None:
    objects, before, after = exported
    for obj in objects.values():
        stamps = [obj[k] for k in ("created", "modified", "published") if k in obj]
        assert not [s for s in stamps if s.startswith("1970")], obj["id"]
        assert obj["modified"] >= obj["created"], obj["id"]
        # Dated by the data (precision beside it), or else by the export itself.
        assert "x_attrib_created_precision" in obj or before <= obj["created"] <= after, obj


def test_a_month_dated_claim_keeps_its_precision(exported: Any) -> None:
    objects, _, _ = exported
    denial = objects[f"opinion--{stable_uuid(CHINA_DENIAL)}"]  # made_on: 2021-03
    assert denial["created"] == "2021-03-01T00:00:00.000Z"
    assert denial["x_attrib_created_precision"] == "month"
    assert denial["x_attrib_made_on"] == "2021-03"
    sponsorship = objects[f"relationship--{stable_uuid('claim-wikipedia-sponsorship-apt10-china')}"]
    assert (sponsorship["created"], sponsorship["x_attrib_created_precision"]) == (
        "2022-01-01T00:00:00.000Z",
        "year",
    )


def test_entities_and_sources_take_their_own_dates_first(exported: Any) -> None:
    objects, _, _ = exported
    log4shell = objects[f"campaign--{stable_uuid('log4shell-hafnium-2021')}"]  # first_seen 2021-12
    assert log4shell["created"] == "2021-12-01T00:00:00.000Z"
    assert log4shell["x_attrib_created_precision"] == "month"
    # No date of its own: the earliest of its sources (2021-03-12 and 2021-07-19).
    ncsc = objects[f"identity--{stable_uuid('ncsc')}"]
    assert (ncsc["created"], ncsc["x_attrib_created_precision"]) == (
        "2021-03-12T00:00:00.000Z",
        "day",
    )
    report = objects[f"report--{stable_uuid('src-05')}"]
    assert report["created"] == report["published"] == "2021-03-02T00:00:00.000Z"


def test_what_has_no_date_is_dated_by_the_export(exported: Any) -> None:
    objects, before, after = exported
    # China cites only an undated source (the Japanese Wikipedia article).
    for obj in (objects[f"location--{stable_uuid('china')}"], objects[EXPORTER_IDENTITY]):
        assert before <= obj["created"] == obj["modified"] <= after
        assert "x_attrib_created_precision" not in obj
    undated = objects[f"report--{stable_uuid('src-wikipedia-ja')}"]
    assert undated["published"] == undated["created"] and undated["x_attrib_unknown"] == [
        "published"
    ]
