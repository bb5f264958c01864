"""Sources that relay another: validation, the RELAYS edges, independent evidence per claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from attrib import db
from attrib.evidence import (
    claimant_summary,
    evidence_summary,
    independence_text,
    independent_claimants,
    independent_sources,
    origin_groups,
    relaying,
)
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.runner import run_named
from loader import models as m
from loader.load import DEFAULT_SEED, load
from loader.problems import Problem, ValidationFailed
from loader.sources.seed_stream import stream_validate_plan
from loader.validate import read_and_validate, relay_cycles
from tests.seed_facts import MS_ATTRIBUTION, NON_ATTRIBUTION


def source(sid: str, relays: str | None = None) -> str:
    text = f"  - id: {sid}\n    title: Title of {sid}\n    publisher: P\n    language: en\n"
    return text + (f"    relays: {relays}\n" if relays else "")


def write_sources(directory: Path, *records: str, extra: str = "") -> Path:
    (directory / "sources.yaml").write_text("sources:\n" + "".join(records) + extra)
    return directory


def problems_of(directory: Path) -> list[Problem]:
    """The loader's own (streamed) problems; the in-memory oracle must report the same."""
    with pytest.raises(ValidationFailed) as streamed:
        _, plan = stream_validate_plan([directory])
        plan.close()
    with pytest.raises(ValidationFailed) as oracle:
        read_and_validate([directory])
    assert sorted(map(str, streamed.value.problems)) == sorted(map(str, oracle.value.problems))
    return list(streamed.value.problems)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- validation ------------------------------------------------------------------------------


def test_a_relay_of_an_unknown_source_names_file_record_and_field(tmp_path: Path) -> None:
    problem = only(problems_of(write_sources(tmp_path, source("src-a", relays="src-nowhere"))))
    assert problem.file.endswith("sources.yaml") and problem.line == 6
    assert (problem.record, problem.field) == ("sources[0] (id: src-a)", "relays")
    assert "unknown id 'src-nowhere'" in problem.message


def test_a_relay_must_name_a_source(tmp_path: Path) -> None:
    actor = "actors:\n  - id: actor-x\n    name: Actor X\n"
    problem = only(problems_of(write_sources(tmp_path, source("src-a", "actor-x"), extra=actor)))
    assert (problem.record, problem.field) == ("sources[0] (id: src-a)", "relays")
    assert problem.message == "'actor-x' is a Actor, expected Source"


def test_a_source_cannot_relay_itself(tmp_path: Path) -> None:
    problem = only(problems_of(write_sources(tmp_path, source("src-a"), source("src-b", "src-b"))))
    assert (problem.record, problem.field) == ("sources[1] (id: src-b)", "relays")
    assert problem.message == "a source cannot relay itself"
    assert problem.line == 10


def test_a_cycle_of_relays_is_one_problem_per_source_on_its_relays(tmp_path: Path) -> None:
    records = [source("src-a", "src-c"), source("src-b", "src-a"), source("src-c", "src-b")]
    found = problems_of(write_sources(tmp_path, source("src-ok", "src-a"), *records))
    assert sorted((p.record, p.field) for p in found) == [
        ("sources[1] (id: src-a)", "relays"),
        ("sources[2] (id: src-b)", "relays"),
        ("sources[3] (id: src-c)", "relays"),
    ]
    by_record = {p.record: p.message for p in found}
    assert "cycle (src-a -> src-c -> src-b -> src-a)" in by_record["sources[1] (id: src-a)"]
    assert "cycle (src-b -> src-a -> src-c -> src-b)" in by_record["sources[2] (id: src-b)"]
    assert all(p.file.endswith("sources.yaml") for p in found)


def test_a_cycle_across_files_is_found(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("sources:\n" + source("src-a", "src-b"))
    (tmp_path / "b.yaml").write_text("sources:\n" + source("src-b", "src-a"))
    found = problems_of(tmp_path)
    assert sorted((Path(p.file).name, p.field) for p in found) == [
        ("a.yaml", "relays"),
        ("b.yaml", "relays"),
    ]


def test_relay_chains_without_a_loop_are_no_cycle() -> None:
    assert relay_cycles({"a": "b", "b": "c", "d": "c", "e": "a"}) == []
    assert relay_cycles({"a": "a"}) == []  # self_reference_problems reports it
    assert relay_cycles({"x": "a", "a": "b", "b": "a", "c": "d", "d": "e", "e": "c"}) == [
        ["a", "b"],
        ["c", "d", "e"],
    ]


def test_the_seed_declares_its_relays_and_grades(tmp_path: Path) -> None:
    data = read_and_validate([DEFAULT_SEED])
    sources = [rec for rec in data.of(m.Source) if isinstance(rec, m.Source)]
    assert len(sources) == 31
    relays = {s.id: s.relays for s in sources if s.relays}
    assert relays["src-03"] == "src-05" and relays["src-27"] == "src-20"
    assert relays["src-22"] == relays["src-guardian-2021-07-19"] == "src-ukgov-2021-07-19"
    assert len(relays) == 11
    assert sum(1 for s in sources if s.reliability) == 14
    assert sum(1 for s in sources if s.url) == 11


# --- the graph ---------------------------------------------------------------------------------


@pytest.mark.neo4j
def test_a_bad_relay_writes_nothing(tmp_path: Path, seeded_graph: Fingerprint) -> None:
    bad = write_sources(tmp_path, source("src-new", "src-05"), source("src-05b", "src-05b"))
    with pytest.raises(ValidationFailed) as info:
        load([bad])
    assert [(p.record, p.field) for p in info.value.problems] == [
        ("sources[1] (id: src-05b)", "relays")
    ]
    assert graph_fingerprint() == seeded_graph


@pytest.mark.neo4j
def test_the_seed_relays_are_edges(seeded_graph: Fingerprint) -> None:
    data = read_and_validate([DEFAULT_SEED])
    expected = {(s.id, s.relays) for s in data.of(m.Source) if isinstance(s, m.Source) and s.relays}
    rows = db.read(
        "MATCH (s:Source)-[:RELAYS]->(o:Source) RETURN s.id AS s, o.id AS o, s.relays AS prop"
    ).records
    assert {(r["s"], r["o"]) for r in rows} == expected
    assert len(rows) == len(expected) == 11
    assert {r["prop"] for r in rows} == {None}  # an edge, not also a property


def evidence(claim_or_campaign: str) -> list[dict[str, Any]]:
    outcome = run_named("claim_evidence", {"id": claim_or_campaign})
    assert not outcome.truncated
    return outcome.rows


@pytest.mark.neo4j
def test_microsofts_attribution_is_one_original_and_seven_relays(seeded_graph: Fingerprint) -> None:
    rows = evidence(MS_ATTRIBUTION)
    assert len(rows) == 8
    assert [r["source"] for r in rows if r["independent"]] == ["src-05"]
    by_source = {r["source"]: r for r in rows}
    assert {r["origin"] for r in rows} == {"src-05"}
    assert by_source["src-27"]["relays"] == "src-20"
    assert by_source["src-27"]["relays_title"] == "New nation-state cyberattacks"
    assert by_source["src-05"]["relays"] is None
    assert by_source["src-05"]["reliability"] == "B"
    assert by_source["src-05"]["url"].startswith("https://www.microsoft.com/")
    assert (by_source["src-05"]["published"], by_source["src-05"]["published_precision"]) == (
        "2021-03-02",
        "day",
    )
    assert evidence_summary(rows) == "Microsoft Security, 1 original + 7 reports relaying it"
    assert independent_sources(rows) == 1


@pytest.mark.neo4j
def test_a_source_is_independent_when_what_it_relays_is_not_cited(
    seeded_graph: Fingerprint,
) -> None:
    rows = evidence(NON_ATTRIBUTION)  # cites src-27 (relays src-20) and src-20 (relays src-05)
    assert {r["source"]: r["independent"] for r in rows} == {"src-20": True, "src-27": False}
    # both go back to MSTIC's blog (src-05), which this claim does not cite
    assert evidence_summary(rows) == (
        "2 reports relaying Microsoft Security (the original is not cited)"
    )


@pytest.mark.neo4j
def test_a_relay_of_a_relay_of_a_cited_source_is_not_independent(
    tmp_path: Path, restore_seed: Fingerprint
) -> None:
    """src-27 relays src-20, which relays src-05: citing src-27 beside src-05 adds nothing."""
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: claim-test-chain\n    kind: fact\n    claimant: microsoft\n"
        "    made_on: 2021-03-05\n    statement: A claim citing a translation and the blog.\n"
        "    subject: hafnium\n    confidence: {label: stated, scale: wording, value: 90}\n"
        "    sources: [src-27, src-05]\n"
    )
    load([tmp_path])
    rows = evidence("claim-test-chain")
    assert {r["source"]: r["independent"] for r in rows} == {"src-05": True, "src-27": False}
    assert evidence_summary(rows) == "Microsoft Security, 1 original + 1 report relaying it"


@pytest.mark.neo4j
def test_the_exchange_attributions_rest_on_two_independent_claimants(
    seeded_graph: Fingerprint,
) -> None:
    rows = evidence("exchange-2021")
    claims = {r["claim"] for r in rows}
    assert claims == {
        MS_ATTRIBUTION,
        "claim-ncsc-attribution-exchange-hafnium",
        "claim-raab-sponsorship-exchange-mss",
    }
    uk = ["Dominic Raab", "National Cyber Security Centre"]  # both cite the UK release
    assert independent_claimants(rows) == [uk, ["Microsoft"]]
    assert claimant_summary(rows) == (
        "2 independent claimants: Dominic Raab + National Cyber Security Centre; Microsoft"
    )
    assert independent_sources(rows) == 3  # Microsoft's blog, the UK release, Wired


# --- the summary, pure -------------------------------------------------------------------------


def row(source_id: str, origin: str, publisher: str = "P", claimant: str = "C") -> dict[str, Any]:
    return {
        "source": source_id,
        "origin": origin,
        "origin_publisher": publisher,
        "publisher": publisher,
        "claimant": claimant,
    }


def test_evidence_summary_counts_originals_apart_from_relays() -> None:
    rows = [row("a", "a", "Vendor"), row("b", "a", "Vendor"), row("c", "c", "Agency")]
    assert evidence_summary(rows) == (
        "Vendor, 1 original + 1 report relaying it; Agency, 1 original"
    )
    assert evidence_summary([]) == "no sources"
    assert evidence_summary([row("x", "y", "Blog"), row("z", "y", "Blog")]) == (
        "2 reports relaying Blog (the original is not cited)"
    )


def test_a_source_cited_by_two_claims_counts_once() -> None:
    rows = [row("a", "a", "V", "One"), row("a", "a", "V", "Two"), row("b", "a", "V", "Two")]
    (group,) = origin_groups(rows)
    assert (group.sources, group.relays, group.cited) == (("a", "b"), 1, True)


def test_claimants_sharing_an_original_are_one_voice() -> None:
    rows = [
        row("gov", "gov", claimant="Minister"),
        row("paper", "gov", claimant="Agency"),
        row("blog", "blog", claimant="Vendor"),
        row("own", "own", claimant="Agency"),
    ]
    assert independent_claimants(rows) == [["Agency", "Minister"], ["Vendor"]]
    assert claimant_summary(rows) == "2 independent claimants: Agency + Minister; Vendor"
    assert claimant_summary([]) == "no claimants"
    assert claimant_summary([row("a", "a", claimant="Solo")]) == "1 independent claimant: Solo"


def test_a_source_relaying_a_cited_source_is_not_independent() -> None:
    """The one rule the Claim page and the cards use: a source relaying one cited beside it is
    not independent; a relay of a source not cited is."""

    def src(sid: str, *relayed: str) -> dict[str, object]:
        return {"id": sid, "relayed": list(relayed)}  # every id relayed, through chains too

    blog, wire = src("blog"), src("wire", "blog")
    paper, other = src("paper", "wire", "blog"), src("x", "y")
    assert relaying([blog, wire, paper, other]) == [wire, paper]
    assert independence_text([blog, wire, paper, other]) == "2 independent + 2 relaying them"
    assert relaying([blog, paper]) == [paper]  # through wire, which is not cited
    assert relaying([wire, src("y", "z")]) == []  # relays of sources not cited
    assert independence_text([wire, other]) == ""
    assert relaying([src("a", "b"), src("b", "a")]) == [src("a", "b"), src("b", "a")]


CHAIN_CLAIM = "claim-test-relay-chain"


@pytest.mark.neo4j
def test_every_query_and_claim_evidence_apply_one_independence_rule(
    restore_seed: Fingerprint,
) -> None:
    """A claim cites a blog and a paper relaying it through a wire story it does not cite:
    the paper is not independent on the Claim page (claim_detail's `relayed`) nor in
    claim_evidence, and both agree on every seed claim too."""
    db.run_write(
        "CREATE (c:Claim {id: $claim, kind: 'attribution'}),"
        " (blog:Source {id: 'src-t-blog', title: 'Blog'}),"
        " (wire:Source {id: 'src-t-wire', title: 'Wire'}),"
        " (paper:Source {id: 'src-t-paper', title: 'Paper'}),"
        " (paper)-[:RELAYS]->(wire), (wire)-[:RELAYS]->(blog),"
        " (c)-[:CITES]->(blog), (c)-[:CITES]->(paper)",
        {"claim": CHAIN_CLAIM},
    )
    claims = [r["id"] for r in db.read("MATCH (c:Claim) RETURN c.id AS id").records]
    for claim in claims:
        [detail] = run_named("claim_detail", {"claim": claim}).rows or [{"sources": []}]
        page = {s["id"] for s in relaying(detail["sources"])}
        graph = {r["source"] for r in evidence(claim) if not r["independent"]}
        assert page == graph, claim
        if claim == CHAIN_CLAIM:
            assert page == {"src-t-paper"}
