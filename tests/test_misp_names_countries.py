"""MISP galaxies: "Unknown" is no country, and Microsoft's galaxy gives its own names. No
database: the plan only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from loader.sources.misp_galaxy import read_misp_galaxies
from tests.misp_cases import MAG, SMALL, TA, edges, rows


def _with_country(tmp_path: Path, country: str, sponsor: str) -> Path:
    folder = tmp_path / "clusters"
    shutil.copytree(SMALL, folder)
    data = json.loads((folder / "threat-actor.json").read_text())
    meta = data["values"][0].setdefault("meta", {})
    meta["country"], meta["cfr-suspected-state-sponsor"] = country, sponsor
    (folder / "threat-actor.json").write_text(json.dumps(data))
    return folder / "threat-actor.json"


def test_unknown_in_any_case_is_an_absent_country_not_an_unregistered_one(tmp_path: Path) -> None:
    imported = read_misp_galaxies([_with_country(tmp_path, "UNKNOWN", "unknown")])
    plan = imported.plan
    assert f"misp:{TA}1" not in edges(plan, "OPERATES_FROM", "Actor", "Country")
    assert not any(c.startswith(f"misp:{TA}1:sponsor:") for c in rows(plan, "Claim"))
    summary = "\n".join(imported.summary)
    assert "countries given as unknown (no link): UNKNOWN 1, Unknown 1, unknown 1" in summary
    assert "not in the registry (not linked): ZZ 1" in summary  # a real code it does not know
    assert "not in the registry (not linked): Unknown" not in summary


def test_a_microsoft_cluster_name_is_a_naming_claim_by_microsoft() -> None:
    plan = read_misp_galaxies([SMALL / "microsoft-activity-group.json"]).plan
    claims = rows(plan, "Claim")
    given_by = edges(plan, "CLAIMED_BY", "Claim", "Organisation")
    names = {
        edges(plan, "SUBJECT", "Claim", "Actor")[cid][0]: props["alias"]
        for cid, props in claims.items()
        if props["kind"] == "alias" and given_by[cid] == ["microsoft"]
    }
    clusters = json.loads((SMALL / "microsoft-activity-group.json").read_text())["values"]
    assert names == {f"misp:{c['uuid']}": c["value"] for c in clusters}
    silk = next(p for p in claims.values() if p.get("alias") == "Silk Typhoon")
    assert silk["confidence"] == 100 and silk["dataset"] == "misp-microsoft-activity-group"
    assert f"misp:{MAG}1" in names


def test_threat_actor_clusters_get_no_microsoft_naming_of_their_own_name() -> None:
    plan = read_misp_galaxies([SMALL / "threat-actor.json", SMALL / "producer.json"]).plan
    given_by = edges(plan, "CLAIMED_BY", "Claim", "Organisation")
    subjects = edges(plan, "SUBJECT", "Claim", "Actor")
    values = {
        f"misp:{c['uuid']}": c["value"]
        for c in json.loads((SMALL / "threat-actor.json").read_text())["values"]
    }
    own = [
        cid
        for cid, props in rows(plan, "Claim").items()
        if given_by.get(cid) == ["microsoft"] and props.get("alias") == values[subjects[cid][0]]
    ]
    assert own == []


def test_name_attribution_is_reported_by_the_galaxy_and_microsofts_own_names_are_given() -> None:
    """Given versus reported (docs/identity.md): the threat-actor galaxy reports who gave a
    name (second-hand); the activity-group galaxy is Microsoft's own list (first-hand)."""
    plan = read_misp_galaxies(
        [
            SMALL / "threat-actor.json",
            SMALL / "microsoft-activity-group.json",
            SMALL / "producer.json",
        ]
    ).plan
    cites = edges(plan, "CITES", "Claim", "Source")
    namings: dict[tuple[str, str], set[str]] = {}
    for cid, props in rows(plan, "Claim").items():
        if props["kind"] == "alias":
            namings.setdefault((props["dataset"], props["naming"]), set()).update(cites[cid])
    assert set(namings) == {
        ("misp-threat-actor", "reported"),
        ("misp-microsoft-activity-group", "given"),
    }
    assert namings[("misp-threat-actor", "reported")] == {"dataset:misp-threat-actor"}
