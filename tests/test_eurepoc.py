"""The EuRepoC importer: validation, mapping, file-order independence; idempotent import and
identity resolution against a real Neo4j (marked neo4j)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.fingerprint import Fingerprint, graph_fingerprint
from loader.load import load
from loader.plan import Plan
from loader.problems import Problem, ValidationFailed
from loader.resolution import write_resolution
from loader.sources.eurepoc import looks_like_eurepoc, read_eurepoc
from loader.sources.eurepoc.claimants import claimants
from loader.sources.eurepoc.rows import Entry
from loader.writer import apply_schema, write_plan
from tests.csv_files import rewrite_csv

FIXTURES = Path(__file__).parent / "fixtures" / "eurepoc"
GLOBAL = FIXTURES / "global.csv"
ATTRIBUTIONS = FIXTURES / "attributions.csv"


def _nodes(plan: Plan, label: str) -> dict[str, dict[str, Any]]:
    """Owned nodes and references (the Global Database refers to the claims it describes)."""
    rows = [*plan.refs.get(label, []), *plan.nodes.get(label, [])]
    return {row["id"]: row["props"] for row in rows}


def _ids(plan: Plan) -> dict[str, str]:
    """Claim ids by "<kind>:<source_id>" (claim ids are content keys: test_eurepoc_claim_ids)."""
    rows = [*plan.nodes.get("Claim", []), *plan.refs.get("Claim", [])]
    return {f"{r['props']['kind']}:{r['props']['source_id']}": r["id"] for r in rows}


def _edges(plan: Plan, etype: str) -> set[tuple[str, str]]:
    shapes = [rows for (found, _, _), rows in plan.edges.items() if found == etype]
    return {(row["from"], row["to"]) for rows in shapes for row in rows}


def _rewrite(src: Path, dest: Path, change: dict[tuple[str, str], str]) -> Path:
    """A copy of a fixture with cells changed: {(row ID or attribution_ID, column): text}."""
    return rewrite_csv(src, dest, "ID" if src == GLOBAL else "attribution_ID", change)


def _problems(paths: list[Path]) -> list[Problem]:
    """What --strict refuses (a lenient read loads the rest and lists these as notices)."""
    with pytest.raises(ValidationFailed) as failed:
        read_eurepoc(paths, strict=True)
    return failed.value.problems


# --- detection and reading ---------------------------------------------------------------


def test_detects_both_exports_and_nothing_else(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("id,name\n1,APT28\n", encoding="utf-8")
    renamed = tmp_path / "global.txt"
    shutil.copy(GLOBAL, renamed)
    assert looks_like_eurepoc(GLOBAL)
    assert looks_like_eurepoc(ATTRIBUTIONS)
    assert looks_like_eurepoc(FIXTURES)  # a directory of EuRepoC exports
    assert not looks_like_eurepoc(other)
    assert not looks_like_eurepoc(renamed)


def test_incidents_become_campaigns_with_dates_at_their_precision() -> None:
    campaigns = _nodes(read_eurepoc([GLOBAL]).plan, "Campaign")
    bundestag = campaigns["eurepoc:incident:1002"]
    assert bundestag["name"] == "Bundestag hack"
    assert (bundestag["first_seen"], bundestag["first_seen_precision"]) == (
        dt.date(2015, 1, 1),
        "year",
    )
    assert (bundestag["last_seen"], bundestag["last_seen_precision"]) == (
        dt.date(2015, 5, 1),
        "month",
    )
    assert bundestag["incident_type"] == ["Data theft"]
    exchange = campaigns["eurepoc:incident:1001"]
    assert exchange["first_seen_precision"] == "month"
    assert exchange["last_seen_precision"] == "day"
    assert exchange["receiver_name"] == ["European Banking Authority", "Norwegian Parliament"]


def test_attribution_dates_keep_their_precision() -> None:
    plan = read_eurepoc([GLOBAL]).plan
    claims, ids = _nodes(plan, "Claim"), _ids(plan)
    assert claims[ids["attribution:1005:1"]]["made_on_precision"] == "year"
    assert claims[ids["attribution:1002:1"]]["made_on"] == dt.date(2020, 5, 1)
    assert claims[ids["attribution:1002:1"]]["made_on_precision"] == "month"
    assert claims[ids["attribution:1001:1"]]["made_on_precision"] == "day"


def test_absent_values_are_never_names() -> None:
    imported = read_eurepoc([GLOBAL])
    plan = imported.plan
    names = [p["name"] for label in ("Actor", "Campaign") for p in _nodes(plan, label).values()]
    names += [row["props"].get("name", "x") for rows in plan.refs.values() for row in rows]
    assert not {n.casefold() for n in names} & {"not available", "unknown", "none", "na", ""}
    hospital = _nodes(plan, "Campaign")["eurepoc:incident:1004"]
    assert "initiator_name" not in hospital
    assert "description" not in hospital  # the cell says "Unknown"
    assert not [c for c in _edges(plan, "SUBJECT") if c[1] == "eurepoc:incident:1004"]
    assert any("'Not available'" in line and "absent" in line for line in imported.lines())


def test_each_attribution_is_a_claim_by_its_attributor() -> None:
    plan = read_eurepoc([GLOBAL]).plan
    claims, ids = _nodes(plan, "Claim"), _ids(plan)
    claimed_by = dict(_edges(plan, "CLAIMED_BY"))
    objects = dict(_edges(plan, "OBJECT"))
    exchange_ms = ids["attribution:1001:1"]
    assert claims[exchange_ms]["kind"] == "attribution"
    assert claims[exchange_ms]["basis"] == "technical"
    assert claims[exchange_ms]["attribution_basis"] == "IT-security community attributes attacker"
    assert claimed_by[exchange_ms] == "microsoft"  # the IT company, through the registry
    assert objects[exchange_ms] == "eurepoc:hafnium"
    assert (ids["attribution:1001:1"], "eurepoc:incident:1001") in _edges(plan, "SUBJECT")
    assert claimed_by[ids["attribution:1001:2"]] == "ncsc"  # a registered attributing actor
    assert claims[ids["attribution:1001:2"]]["basis"] == "political"
    assert claimed_by[ids["attribution:1002:1"]] == "org-governmentofgermany"
    assert claimed_by[ids["attribution:1003:1"]] == "uk-government"  # registry's government
    # no attributor named: the basis says the media attributed it (an unnamed claimant)
    assert claimed_by[ids["attribution:1005:1"]] == "eurepoc:claimant:media"
    assert claims[ids["attribution:1005:1"]]["claimant_inferred"] is True
    assert claims[ids["attribution:1005:1"]]["basis"] == "reporting"


def test_sources_attribution_urls_are_cited_per_attribution() -> None:
    plan = read_eurepoc([GLOBAL]).plan
    sources, ids = _nodes(plan, "Source"), _ids(plan)
    cites = _edges(plan, "CITES")

    def urls(claim: str) -> set[str]:
        return {s if s == "dataset:eurepoc" else sources[s]["url"] for c, s in cites if c == claim}

    assert urls(ids["attribution:1003:2"]) == {
        "dataset:eurepoc",
        "https://example.org/notpetya-disputed",
    }
    assert "https://example.org/notpetya-disputed" not in urls(ids["attribution:1003:1"])
    # one list in the cell: it is the source of every attribution of the row
    assert urls(ids["attribution:1001:1"]) == urls(ids["attribution:1001:2"])


def test_contested_attribution_is_marked_and_said() -> None:
    plan = read_eurepoc([GLOBAL]).plan
    claims, ids = _nodes(plan, "Claim"), _ids(plan)
    contested = claims[ids["attribution:1003:2"]]
    assert contested["contested"] is True
    assert "contested" in contested["statement"]
    assert "contested" not in claims[ids["attribution:1003:1"]]


def test_state_linked_initiator_country_is_a_sponsorship_claim() -> None:
    plan = read_eurepoc([GLOBAL]).plan
    claims, ids = _nodes(plan, "Claim"), _ids(plan)
    sponsorship = ids["sponsorship:1002:1"]
    assert claims[sponsorship]["kind"] == "sponsorship"
    assert (ids["sponsorship:1002:1"], "eurepoc:apt28") in _edges(plan, "SUBJECT")
    assert (ids["sponsorship:1002:1"], "russian-federation") in _edges(plan, "OBJECT")
    assert dict(_edges(plan, "CLAIMED_BY"))[sponsorship] == "org-governmentofgermany"
    # Killnet is coded "Non-state-group": its country is where it is, not who sponsors it
    assert "sponsorship:1006:1" not in ids
    assert claims[ids["attribution:1006:1"]]["attributed_initiator_country"] == ["Russia"]


def test_initiators_are_eurepoc_records_never_merged_by_name() -> None:
    actors = _nodes(read_eurepoc([GLOBAL]).plan, "Actor")
    assert set(actors) == {
        "eurepoc:hafnium",
        "eurepoc:apt28",
        "eurepoc:sandworm",
        "eurepoc:lazarusgroup",
        "eurepoc:killnet",
    }
    hafnium = actors["eurepoc:hafnium"]
    assert (hafnium["dataset"], hafnium["source_id"], hafnium["kind"]) == (
        "eurepoc",
        "Hafnium",
        "threat-actor",
    )


def test_both_files_describe_an_attribution_once() -> None:
    imported = read_eurepoc([GLOBAL, ATTRIBUTIONS])
    ids = _ids(imported.plan)
    assert "attribution:1001:1" in ids  # described by both: the Global Database's claim
    assert "attribution:5001" not in ids
    assert "attribution:1001:2" in ids  # NCSC: only in the Global Database
    assert "attribution:5002" in ids  # US: only in the Attribution dataset
    assert "attribution:5003" not in ids  # described as 1002:1 too
    cited = {s for c, s in _edges(imported.plan, "CITES") if c == ids["attribution:1001:1"]}
    assert len(cited) == 3  # the dataset and the Global Database's two URLs


def test_the_plan_does_not_depend_on_file_order(tmp_path: Path) -> None:
    with GLOBAL.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    halves = []
    for n, part in enumerate((rows[3:], rows[:3])):  # later incidents in the first file
        half = tmp_path / f"global-{n}.csv"
        with half.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
        halves.append(half)
    one = read_eurepoc([*halves, ATTRIBUTIONS])
    other = read_eurepoc([ATTRIBUTIONS, *reversed(halves)])
    assert one.plan == other.plan
    assert one.lines() == other.lines()
    assert one.plan == read_eurepoc([GLOBAL, ATTRIBUTIONS]).plan


@pytest.mark.parametrize(
    ("actor", "company", "country", "claimant_id"),
    [
        ("National Security Agency", "Mandiant", None, "nsa"),  # a registered actor first
        ("John Doe", "Mandiant", None, "mandiant"),  # then the IT company
        ("John Doe", None, "China", "org-johndoe"),  # then the actor, registered or not
        (None, None, "China", "chinese-government"),  # then the country's government
        (None, None, "Atlantis", "org-governmentofatlantis"),
        (None, None, None, "eurepoc"),  # EuRepoC's own coding when no one is named
    ],
)
def test_the_claimant_is_chosen_in_a_fixed_order(
    actor: str | None, company: str | None, country: str | None, claimant_id: str
) -> None:
    values = {
        "attributing_actor": actor,
        "attribution_it_company": company,
        "attributing_country": country,
    }
    entry = Entry("f.csv", 2, "row 1", "1", None, None, values)
    found = claimants(entry, [], [], has_target=True)
    assert [c.org.id for c in found if c.org] == [claimant_id]


def test_attribution_dataset_alone_refers_to_incidents_without_owning_them() -> None:
    plan = read_eurepoc([ATTRIBUTIONS]).plan
    assert "Campaign" not in plan.nodes
    assert {r["id"] for r in plan.refs["Campaign"]} == {
        "eurepoc:incident:1001",
        "eurepoc:incident:1002",
    }


# --- validation: every problem names its file, row and column ------------------------------


@pytest.mark.parametrize(
    ("change", "column", "words"),
    [
        ({("1002", "start_date"): "May 2015"}, "start_date", "is not a date"),
        ({("1003", "attribution_date"): "2018-02-15; 2018-13"}, "attribution_date", "real date"),
        ({("1003", "number_of_attributions"): "3"}, "number_of_attributions",
         "number_of_attributions is 3"),
        ({("1002", "number_of_attributions"): "one"}, "number_of_attributions", "not a number"),
        ({("1002", "sources_attribution"): "['https://a.example', 3]"}, "sources_attribution",
         "not text"),
        ({("1002", "sources_url"): "['a', __import__('os').system('true')]"}, "sources_url",
         "Python-style list"),
        ({("1003", "sources_attribution"): "['a']; ['b']; ['c']"}, "sources_attribution",
         "holds 3"),
        ({("1002", "attributed_initiator"): "APT\u202e28"}, "attributed_initiator", "reordering"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_by_file_row_and_column(
    tmp_path: Path, change: dict[tuple[str, str], str], column: str, words: str
) -> None:
    bad = _rewrite(GLOBAL, tmp_path / "global.csv", change)
    problems = _problems([bad])
    rid = next(iter(change))[0]
    found = [p for p in problems if p.field == column]
    assert found, problems
    assert found[0].file == str(bad)
    assert found[0].record.endswith(f"(ID {rid})")
    assert words in found[0].message


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "global.csv"
    with GLOBAL.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with bad.open("w", encoding="utf-8", newline="") as fh:
        columns = [c for c in rows[0] if c not in ("start_date", "attribution_basis")]
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    problems = _problems([bad])
    assert {(p.record, p.field) for p in problems} == {
        ("header", "start_date"),
        ("header", "attribution_basis"),
    }


def test_repeated_incidents_are_skipped_and_unknown_ones_referred_to(tmp_path: Path) -> None:
    dup = _rewrite(GLOBAL, tmp_path / "global.csv", {("1002", "ID"): "1001"})
    attributions = _rewrite(ATTRIBUTIONS, tmp_path / "att.csv", {("5003", "incident_ID"): "9999"})
    found = read_eurepoc([dup, attributions])
    repeated = [n for n in found.notices if n.problem.field == "ID"]
    assert [(n.action, n.problem.record) for n in repeated] == [("skipped", "row 2 (ID 1001)")]
    assert "repeats incident ID 1001" in repeated[0].problem.message
    campaigns = {r["id"] for r in found.plan.refs["Campaign"]}
    assert "eurepoc:incident:9999" in campaigns  # an incident only the Attribution dataset names
    assert read_eurepoc([ATTRIBUTIONS, ATTRIBUTIONS]).plan == read_eurepoc([ATTRIBUTIONS]).plan


# --- against Neo4j ------------------------------------------------------------------------


def _import(paths: list[Path]) -> Fingerprint:
    apply_schema()
    write_plan(read_eurepoc(paths).plan)
    write_resolution()
    return graph_fingerprint()


@pytest.mark.neo4j
def test_bad_input_writes_nothing(tmp_path: Path, seeded_graph: Fingerprint) -> None:
    bad = _rewrite(GLOBAL, tmp_path / "global.csv", {("1003", "number_of_attributions"): "5"})
    with pytest.raises(ValidationFailed):
        apply_schema()
        write_plan(read_eurepoc([bad, ATTRIBUTIONS], strict=True).plan)
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_reimport_changes_nothing(restore_seed: Fingerprint) -> None:
    first = _import([GLOBAL, ATTRIBUTIONS])
    assert first != restore_seed
    assert _import([ATTRIBUTIONS, GLOBAL]) == first
    report = write_plan(read_eurepoc([GLOBAL, ATTRIBUTIONS]).plan).totals()
    assert (report.created, report.updated) == (0, 0)


@pytest.mark.neo4j
def test_hafnium_is_its_own_record_joined_to_the_seed_by_the_resolution(
    restore_seed: Fingerprint,
) -> None:
    load([Path("seed_data")])
    _import([GLOBAL])
    rows = db.read(
        "MATCH (a:Actor)-[:MEMBER_OF]->(r:ResolvedActor) WHERE a.id IN $ids "
        "RETURN a.id AS id, a.dataset AS dataset, a.name AS name, r.id AS actor",
        {"ids": ["hafnium", "eurepoc:hafnium"]},
    ).records
    found = {r["id"]: r for r in rows}
    assert set(found) == {"hafnium", "eurepoc:hafnium"}  # two records, two nodes
    assert found["eurepoc:hafnium"]["dataset"] == "eurepoc"
    assert found["eurepoc:hafnium"]["name"] == "Hafnium"
    assert found["hafnium"]["name"] == "HAFNIUM"
    assert found["hafnium"]["actor"] == found["eurepoc:hafnium"]["actor"]  # one actor
    claims = db.read(
        "MATCH (c:Claim {id: $id})-[:OBJECT]->(o) RETURN o.id AS id",
        {"id": _ids(read_eurepoc([GLOBAL]).plan)["attribution:1001:1"]},
    ).records
    assert [r["id"] for r in claims] == ["eurepoc:hafnium"]  # the claim stays on its record
