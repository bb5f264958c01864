"""EuRepoC 1.1 as published: the real excerpt (tests/data/eurepoc-sample, its README lists the
quirks) loads whole, and each quirk is read by its rule (docs/datasets.md, "EuRepoC").

Planning tests need no database; the last ones load into the real Neo4j (marked neo4j)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from loader.plan import Plan
from loader.problems import ValidationFailed
from loader.sources.contract import REPAIRED, SourceRead
from loader.sources.eurepoc import read_eurepoc
from loader.sources.eurepoc.initiators import Group, Person, parse_initiator
from tests.csv_files import rewrite_csv

SAMPLE = Path(__file__).parent / "data" / "eurepoc-sample"
GLOBAL = SAMPLE / "eurepoc_global_1.1_excerpt.csv"
ATTRIBUTIONS = SAMPLE / "eurepoc_attribution_1.1_excerpt.csv"


@pytest.fixture(scope="module")
def both() -> SourceRead:
    return read_eurepoc([GLOBAL, ATTRIBUTIONS])


def _nodes(plan: Plan, label: str) -> dict[str, dict[str, Any]]:
    rows = [*plan.refs.get(label, []), *plan.nodes.get(label, [])]
    return {row["id"]: row["props"] for row in rows}


def _edges(plan: Plan, etype: str) -> set[tuple[str, str]]:
    return {(r["from"], r["to"]) for (t, _, _), rows in plan.edges.items() if t == etype
            for r in rows}  # fmt: skip


def _attributions(plan: Plan, incident: str) -> dict[str, dict[str, Any]]:
    subject = dict(_edges(plan, "SUBJECT"))
    return {
        cid: p for cid, p in _nodes(plan, "Claim").items()
        if p["kind"] == "attribution" and subject[cid] == f"eurepoc:incident:{incident}"
    }  # fmt: skip


# --- the release loads whole -------------------------------------------------------------


def test_every_incident_of_the_release_loads(both: SourceRead) -> None:
    with GLOBAL.open(encoding="utf-8") as fh:
        ids = {row["ID"] for row in csv.DictReader(fh)}
    campaigns = _nodes(both.plan, "Campaign")
    assert {f"eurepoc:incident:{i}" for i in ids} <= set(campaigns)
    assert len(ids) == 24
    assert both.records_read == 24 + 58


def test_strict_refuses_what_the_lenient_load_repairs() -> None:
    with pytest.raises(ValidationFailed) as refused:
        read_eurepoc([GLOBAL, ATTRIBUTIONS], strict=True)
    assert refused.value.total == len(read_eurepoc([GLOBAL, ATTRIBUTIONS]).notices) > 0


def test_a_file_that_is_not_csv_is_still_refused(tmp_path: Path) -> None:
    broken = tmp_path / "global.csv"
    broken.write_bytes(GLOBAL.read_bytes()[:5000] + b"\xff\xfe")
    with pytest.raises(ValidationFailed) as refused:
        read_eurepoc([broken])
    assert "UTF-8" in str(refused.value.problems[0])


# --- repeated and empty attribution_IDs ----------------------------------------------------


def test_a_repeated_attribution_id_is_one_attribution_with_several_initiators() -> None:
    alone = read_eurepoc([ATTRIBUTIONS])
    claims = _attributions(alone.plan, "384")  # attribution_ID 465: Anonymous and Domainer
    objects = dict(_edges(alone.plan, "OBJECT"))
    assert sorted(objects[c] for c in claims) == ["eurepoc:anonymous", "eurepoc:domainer"]
    assert {tuple(p["source_ids"]) for p in claims.values()} == {("465",)}
    indicted = [p for p in _attributions(alone.plan, "1032").values()
                if p["source_ids"] == ["8658"]]  # fmt: skip
    assert len(indicted) == 6  # six GRU officers in one DoJ action
    assert not [n for n in alone.notices if "duplicate" in n.problem.message]
    together = read_eurepoc([GLOBAL, ATTRIBUTIONS]).plan
    assert set(_attributions(together, "384")) == set(claims)  # the same two claims


def test_rows_repeated_per_country_and_category_are_one_claim_with_the_lists(
    both: SourceRead,
) -> None:
    claims = _attributions(both.plan, "1580")  # 16 entries: 2 initiators x 2 countries x 2
    objects = dict(_edges(both.plan, "OBJECT"))
    assert len(claims) == 2
    polonium = next(p for c, p in claims.items() if objects[c] == "eurepoc:polonium")
    assert set(polonium["attributed_initiator_country"]) == {"Lebanon", "Iran, Islamic Republic of"}
    assert len(polonium["attributed_initiator_category"]) == 2


def test_an_empty_attribution_id_gets_a_stable_id_from_the_row(tmp_path: Path) -> None:
    with ATTRIBUTIONS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    random.Random(7).shuffle(rows)
    shuffled = tmp_path / "attributions.csv"
    with shuffled.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    derived = [
        n for n in read_eurepoc([ATTRIBUTIONS]).notices if n.problem.field == "attribution_ID"
    ]
    again = [n for n in read_eurepoc([shuffled]).notices if n.problem.field == "attribution_ID"]
    assert len(derived) == 4
    assert all(n.action == REPAIRED and n.problem.line for n in derived)
    ids = {n.problem.message.split()[3] for n in derived}
    assert all(i.startswith("row-") for i in ids)
    assert ids == {n.problem.message.split()[3] for n in again}


# --- lists, brackets, list literals --------------------------------------------------------


def test_semicolons_inside_brackets_stay_in_their_value(both: SourceRead) -> None:
    claimants = {o for c, o in _edges(both.plan, "CLAIMED_BY")
                 if c in _attributions(both.plan, "1032")}  # fmt: skip
    orgs = _nodes(both.plan, "Organisation")
    names = {orgs[o]["name"] for o in claimants if o in orgs}
    assert "Angus Taylor (Minister for Law Enforcement and Cyber Security; AUS)" in names
    assert not [n for n in both.notices if "ID 1032" in n.problem.record]  # aligned


def test_columns_of_another_length_are_left_out_and_reported(tmp_path: Path) -> None:
    bad = rewrite_csv(GLOBAL, tmp_path / "g.csv", "ID", {("2048", "attribution_type"): "Technical"})
    found = read_eurepoc([bad])
    notice = next(n for n in found.notices if n.problem.field == "attribution_type")
    assert notice.action == REPAIRED and notice.problem.record.startswith("row ")
    assert "ID 2048" in notice.problem.record and "holds 1" in notice.problem.message
    assert len(_attributions(found.plan, "2048")) == 2  # still loaded


def test_list_literals_are_read_as_lists(both: SourceRead) -> None:
    campaigns = _nodes(both.plan, "Campaign")
    rfe = campaigns["eurepoc:incident:82"]
    assert rfe["receiver_country"] == ["Belarus", "Serbia", "Russia", "Tajikistan",
                                       "United States"]  # fmt: skip
    assert rfe["receiver_category"] == ["Media"] * 5  # [['Media'], ['Media'], ...] flattened
    hive = campaigns["eurepoc:incident:1861"]
    assert "initiator_name" not in hive  # ['Not available']
    names = [p["name"] for p in _nodes(both.plan, "Actor").values()]
    assert not [n for n in names if "[" in n or "not available" in n.casefold()]


def test_long_free_text_is_stored_whole(both: SourceRead) -> None:
    with GLOBAL.open(encoding="utf-8") as fh:
        cell = next(r for r in csv.DictReader(fh) if r["ID"] == "174")["receiver_category"]
    stored = _nodes(both.plan, "Campaign")["eurepoc:incident:174"]["receiver_category"]
    assert len(cell.encode()) > 2000
    assert all(value in cell for value in stored)
    assert len(stored) == cell.count("'") // 2  # every value of the nested list, in order


# --- initiator strings -----------------------------------------------------------------------


def test_an_initiator_string_is_split_into_names_sponsors_persons_and_parents() -> None:
    fancy = parse_initiator(
        "Fancy Bear/APT28/Sofacy/Group G0007 (GRU, 85th Main Special Service Center (GTsSS) "
        "Military Unit 26165)"
    )
    assert fancy is not None and isinstance(fancy.target, Group)
    assert fancy.target.names == ("Fancy Bear", "APT28", "Sofacy", "G0007")
    assert fancy.target.external_ids == ("G0007",)
    assert fancy.target.sponsors == ("GRU", "85th Main Special Service Center (GTsSS) Military "
                                     "Unit 26165")  # fmt: skip
    officer = parse_initiator("Yuriy Andrienko (Юрий Андриенко) --> Sandworm/G0034 (GRU)")
    assert officer is not None and isinstance(officer.target, Person)
    assert officer.target.names == ("Yuriy Andrienko", "Юрий Андриенко")
    assert officer.member_of is not None and officer.member_of.names == ("Sandworm", "G0034")
    winnti = parse_initiator("APT41/Double Dragon < Winnti Umbrella/G0044")
    assert winnti is not None and winnti.part_of is not None
    assert winnti.target.names == ("APT41", "Double Dragon")
    assert winnti.part_of.external_ids == ("G0044",)
    assert parse_initiator("Not available") is None
    mois = parse_initiator("Ministry of Intelligence and Security (MOIS; Iran)")
    assert mois is not None and mois.target.names[1:] == ("MOIS",)


def test_the_release_initiators_become_records_persons_and_sponsors(both: SourceRead) -> None:
    plan = both.plan
    sandworm = _nodes(plan, "Actor")["eurepoc:sandworm"]
    assert {"VOODOO Bear", "IRON VIKING", "G0034"} <= set(sandworm["aliases"])
    assert sandworm["external_ids"] == ["G0034"]
    assert any(raw.startswith("Sandworm/VOODOO Bear") for raw in sandworm["raw_names"])
    persons = _nodes(plan, "Person")
    assert len([p for p in persons if p.startswith("eurepoc:person:")]) == 6
    part_of = _edges(plan, "PART_OF")
    assert all((p, "eurepoc:sandworm") in part_of for p in persons if p.startswith("eurepoc:"))
    assert ("eurepoc:temphermit", "eurepoc:lazarusgroup") in part_of
    claims = _nodes(plan, "Claim")
    objects = dict(_edges(plan, "OBJECT"))
    sponsors = {objects[c] for c, p in claims.items()
                if c.startswith("eurepoc:sponsor:sandworm:")}  # fmt: skip
    assert "gru" in sponsors or "org-gru" in sponsors
    assert len(sponsors) == 2  # GRU and the Main Centre (GTsST) Military Unit 74455


def test_invisible_characters_are_removed_for_matching_and_reported(tmp_path: Path) -> None:
    text = "POLONIUM"
    bad = rewrite_csv(ATTRIBUTIONS, tmp_path / "a.csv", "attribution_ID",
                   {("7399.0", "attributed_initiator"): "News\u200fPenguin"})  # fmt: skip
    found = read_eurepoc([bad])
    assert "eurepoc:newspenguin" in _nodes(found.plan, "Actor")
    notice = next(n for n in found.notices if n.problem.field == "attributed_initiator")
    assert "U+200F" in notice.problem.message and notice.problem.line
    claim = next(p for p in _nodes(found.plan, "Claim").values()
                 if p.get("attributed_initiator") == "NewsPenguin")  # fmt: skip
    assert claim["attributed_initiator_original"] == "News\u200fPenguin"
    assert text  # the other rows are untouched


# --- who said it ------------------------------------------------------------------------------


def test_claimants_are_taken_from_the_basis_and_marked_inferred(both: SourceRead) -> None:
    plan = both.plan
    by = dict(_edges(plan, "CLAIMED_BY"))
    korea = next(iter(_attributions(plan, "147").items()))  # receiver government
    assert by[korea[0]] == "org-governmentofsouthkorea" or "korea" in by[korea[0]]
    assert korea[1]["claimant_inferred"] is True
    assert "receiver country" in korea[1]["claimant_rule"]
    assert "Claimant inferred by rule" in korea[1]["note"]
    fox = _attributions(plan, "1293")
    self_claims = [c for c, p in fox.items() if "self-attribution" in p["statement"]]
    assert [by[c] for c in self_claims] == ["eurepoc:foxkitten"]  # the attacker confirms
    newscaster = next(iter(_attributions(plan, "174")))
    assert by[newscaster] == "eurepoc:claimant:it-security-community"
    eset = [c for c, p in _attributions(plan, "1876").items()]
    assert by[eset[0]] == "eset" and "claimant_inferred" not in _nodes(plan, "Claim")[eset[0]]


def test_without_the_global_database_a_receiver_government_waits_for_it() -> None:
    """The Attribution dataset has no receivers: the claim says whose it is by rule, and the
    Global Database (loaded with it, before or after) adds the government as its claimant."""
    alone = read_eurepoc([ATTRIBUTIONS]).plan
    korea, props = next(iter(_attributions(alone, "147").items()))
    assert korea not in dict(_edges(alone, "CLAIMED_BY"))
    assert props["claimant_pending"] is True
    assert "only the Global Database names" in props["claimant_rule"]
    together = read_eurepoc([ATTRIBUTIONS, GLOBAL]).plan
    assert dict(_edges(together, "CLAIMED_BY"))[korea] == "org-governmentofsouthkorea"


# --- dates ----------------------------------------------------------------------------------


def test_the_first_of_january_is_a_year(both: SourceRead) -> None:
    claim = next(iter(_attributions(both.plan, "793").values()))
    assert (claim["made_on"], claim["made_on_precision"]) == (dt.date(2017, 1, 1), "year")
    assert claim["made_on_raw"] == "2017-01-01 00:00:00"  # as the Global Database has it
    campaign = _nodes(both.plan, "Campaign")["eurepoc:incident:174"]
    assert (campaign["first_seen_precision"], campaign["start_date_raw"]) == ("year", "2011-01-01")
    day = next(iter(_attributions(both.plan, "1402").values()))
    assert day["made_on_precision"] == "day"


def test_an_attribution_dated_before_its_incident_is_flagged(tmp_path: Path) -> None:
    moved = rewrite_csv(GLOBAL, tmp_path / "g.csv", "ID", {("1909", "start_date"): "2023-03-01"})
    claims = _attributions(read_eurepoc([moved]).plan, "1909")
    assert claims and all(p.get("before_incident_start") for p in claims.values())
    assert "before the incident's start (2023-03-01)" in next(iter(claims.values()))["note"]
    # a year-only attribution date (EuRepoC's 1 January) may fall after a March start
    year = rewrite_csv(GLOBAL, tmp_path / "y.csv", "ID", {
        ("1909", "start_date"): "2023-03-01",
        ("1909", "attribution_date"): "2023-01-01 00:00:00; 2023-01-01 00:00:00",
    })  # fmt: skip
    assert not [p for p in _attributions(read_eurepoc([year]).plan, "1909").values()
                if p.get("before_incident_start")]  # fmt: skip
    assert not [p for p in _attributions(read_eurepoc([GLOBAL]).plan, "1909").values()
                if p.get("before_incident_start")]  # fmt: skip


def test_political_and_legal_responses_are_events(both: SourceRead) -> None:
    events = {e: p for e, p in _nodes(both.plan, "Event").items() if ":1032:" in e}
    kinds = sorted(p["kind"] for p in events.values())
    assert kinds.count("political-response") == 6 and kinds.count("legal-response") == 3
    sanction = events["eurepoc:response:1032:legal-response:3"]
    assert (sanction["date"], sanction["date_precision"]) == (dt.date(2020, 7, 30), "day")
    assert sanction["response_subcode"] == "Economic sanctions"
    assert ("eurepoc:response:1032:legal-response:3", "eurepoc:incident:1032") in _edges(
        both.plan, "CONCERNS"
    )


def test_the_summary_counts_claims_naming_a_party(both: SourceRead) -> None:
    """Issue goal: a named claimant (an organisation, a government or the initiator itself)
    wherever the row allows, a kind of claimant for the rest, none only where it says nothing."""
    claims = [p for p in _nodes(both.plan, "Claim").values() if p["kind"] == "attribution"]
    kinds = [p["claimant_kind"] for p in claims]
    assert kinds.count("party") == 37 and kinds.count("category") == 6 and len(claims) == 43
    assert "37 of 43 claims (86%) name a party" in both.summary[1]
    by = dict(_edges(both.plan, "CLAIMED_BY"))
    assert all(cid in by for cid, p in _nodes(both.plan, "Claim").items()
               if p["kind"] == "attribution")  # fmt: skip
