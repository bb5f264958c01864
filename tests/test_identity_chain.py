"""Identity that cannot blow up (issue 19, item 4): a chain of same-as evidence that joins
hundreds of records, with long names, through a real load.

The benchmark corpus's alias claims chained 2,500 records into one actor whose `name_keys`
(36,760 bytes) no index could hold: the load crashed after its records were written, and the
graph was left with records and no resolved actors. Here:
- the names of a resolved actor are no longer indexed, so any group loads;
- a chain longer than the policy's `max_members` is reported as suspect, its records kept
  apart (never one giant actor), in the report, the load's summary and the Identity page;
- a load killed between its records and their resolution is completed by the next load,
  which says so.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from typer.testing import CliRunner

from attrib import db
from attrib.cli import app
from attrib.fingerprint import Fingerprint
from attrib.identity.evidence import Evidence, Record, RecordClaim, read_evidence
from attrib.identity.policy import POLICY_ENV, Policy
from attrib.identity.resolve import resolve
from attrib.identity.views import report
from loader.load import load
from loader.writer import wipe
from tests.apptest_kit import open_page

runner = CliRunner()
LONG = 150  # characters of each record's long alias: 300 records give ~50 KB of name keys


# --- the resolution alone (no database) --------------------------------------------------------


def chain_evidence(n: int) -> Evidence:
    """n records of one vendor's dataset, each said to be the next by the vendor."""
    records = {f"r{i:04d}": Record(f"r{i:04d}", "vendor", f"Group {i}") for i in range(n)}
    claims = [
        RecordClaim(f"c{i:04d}", "same-as", f"r{i:04d}", f"r{i + 1:04d}", "v", "Vendor", "vendor")
        for i in range(n - 1)
    ]
    return Evidence(records, [], claims)


def test_a_chain_up_to_max_members_is_one_actor_and_one_longer_is_suspect() -> None:
    at_cap = resolve(chain_evidence(50), Policy(max_members=50))
    assert [len(a.members) for a in at_cap.actors] == [50]
    assert at_cap.suspect == []
    over = resolve(chain_evidence(51), Policy(max_members=50))
    assert [len(a.members) for a in over.actors] == [1] * 51  # each record stands alone
    [suspect] = over.suspect
    assert len(suspect.records) == 51 and suspect.datasets == ("vendor",)
    assert suspect.reason.startswith("a chain of 50 same-as claims (50 by Vendor) would join 51")
    assert "more than the policy's 50 records per actor (max_members)" in suspect.reason
    assert over.suspect_of["r0007"] == 0


def test_a_suspect_chain_does_not_depend_on_the_order_of_the_evidence() -> None:
    evidence = chain_evidence(120)
    expected = resolve(evidence, Policy(max_members=50))
    for seed in range(5):
        claims = list(evidence.record_claims)
        random.Random(seed).shuffle(claims)
        records = list(evidence.records.items())
        random.Random(seed).shuffle(records)
        shuffled = resolve(Evidence(dict(records), [], claims), Policy(max_members=50))
        assert shuffled.suspect == expected.suspect
        assert shuffled.actor_of == expected.actor_of


def test_the_report_lists_a_suspect_chain_with_its_size_sources_and_why() -> None:
    evidence = chain_evidence(60)
    found = report(evidence, resolve(evidence, Policy(max_members=50)))
    [chain] = found["suspect_chains"]
    assert (chain["id"], chain["size"], chain["sources"]) == ("suspect-chain:1", 60, ["vendor"])
    assert chain["evidence_count"] == 59 and len(chain["evidence"]) == 10  # the first ten shown
    assert chain["records"][:2] == ["r0000", "r0001"]
    assert "would join 60 records of 1 source(s)" in chain["reason"]


def test_max_members_is_read_from_the_policy_file_and_checked(tmp_path: Path) -> None:
    from attrib.identity.policy import PolicyError, load_policy

    assert load_policy(policy_file(tmp_path, 80)).max_members == 80
    assert load_policy().max_members == 50  # the shipped identity-policy.yaml
    with pytest.raises(PolicyError, match=r"policy.yaml: max_members must be an integer of at"):
        load_policy(policy_file(tmp_path, 1))


# --- through a real load -----------------------------------------------------------------------


def chain_seed(folder: Path, n: int) -> Path:
    """A seed directory: n actors, each with a long alias, each said to be the next one."""
    lines = [
        "sources:",
        "  - {id: src-chain, title: Chain report, publisher: Chain Vendor, language: en}",
        "organisations:",
        "  - {id: chain-vendor, name: Chain Vendor, kind: vendor}",
        "actors:",
    ]
    for i in range(n):
        alias = f"Chain alias {i} " + "x" * LONG
        lines.append(f'  - {{id: chain-{i:04d}, name: "Chain Group {i}", aliases: ["{alias}"]}}')
    lines.append("claims:")
    for i in range(n - 1):
        lines += [
            f"  - id: claim-chain-{i:04d}",
            "    kind: alias",
            "    claimant: chain-vendor",
            "    made_on: 2024-01-01",
            f'    statement: "Chain Group {i} is Chain Group {i + 1}."',
            f"    subject: chain-{i:04d}",
            f"    object: chain-{i + 1:04d}",
            "    confidence: {label: stated, scale: wording, value: 90}",
            "    sources: [src-chain]",
        ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chain.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def policy_file(folder: Path, max_members: int) -> Path:
    path = folder / "policy.yaml"
    path.write_text(f"max_members: {max_members}\n", encoding="utf-8")
    return path


def scalar(query: str) -> object:
    return db.read(query).records[0][0]


@pytest.fixture
def empty_graph(restore_seed: Fingerprint) -> Iterator[None]:
    wipe()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_an_over_long_name_set_no_longer_breaks_a_load(
    empty_graph: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a policy that lets the whole chain be one actor: its names (~50 KB folded) must load
    monkeypatch.setenv(POLICY_ENV, str(policy_file(tmp_path, 1000)))
    outcome = load([chain_seed(tmp_path / "seed", 300)])
    assert outcome.identity is not None
    assert [len(a.members) for a in outcome.identity.resolution.actors] == [300]
    assert scalar("MATCH (:Actor)-[:MEMBER_OF]->(r:ResolvedActor) RETURN count(DISTINCT r)") == 1
    assert scalar("MATCH (a:Actor) WHERE NOT (a)-[:MEMBER_OF]->() RETURN count(a)") == 0
    # the names are kept (the actor's list), and no index covers them
    assert scalar("MATCH (r:ResolvedActor) RETURN size(r.names)") == 600
    indexed = db.read(
        "SHOW INDEXES YIELD labelsOrTypes, properties WHERE 'ResolvedActor' IN labelsOrTypes "
        "RETURN collect(properties)"
    ).records[0][0]
    assert indexed == [["id"]]  # the id constraint's index only


def test_a_chain_longer_than_max_members_is_suspect_not_one_giant_actor(
    empty_graph: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(POLICY_ENV, str(policy_file(tmp_path, 50)))
    outcome = load([chain_seed(tmp_path / "seed", 300)])
    assert outcome.identity is not None
    summary = "\n".join(outcome.identity.lines())
    assert "1 suspect chain(s) kept apart: evidence that would join more than 50 records" in summary
    assert "(the largest 300)" in summary
    assert scalar("MATCH (r:ResolvedActor) RETURN max(r.member_count)") == 1
    assert scalar("MATCH (a:Actor) WHERE NOT (a)-[:MEMBER_OF]->() RETURN count(a)") == 0
    result = runner.invoke(app, ["identity", "report", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"suspect_chains"' in result.output and '"size": 300' in result.output
    table = runner.invoke(
        app, ["identity", "report", "--section", "suspect_chains"], env={"COLUMNS": "400"}
    )
    said = " ".join(table.output.split())
    assert table.exit_code == 0 and "suspect chains (1)" in said, table.output
    assert "300 records of seed" in said and "and 295 more" in said
    # the Identity page lists it first, with why
    at = open_page("identity")
    assert not at.exception
    assert at.tabs[0].label == "Suspect chains (1)"
    [chain] = [d.value for d in at.dataframe if "why suspect" in d.value.columns]
    assert chain["records"].tolist() == [300]
    assert "more than the policy's 50 records per actor" in chain["why suspect"][0]
    assert chain["first records"][0].endswith("and 295 more")


def test_a_search_by_a_chained_name_still_finds_the_record_and_its_actor(
    empty_graph: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(POLICY_ENV, str(policy_file(tmp_path, 1000)))
    load([chain_seed(tmp_path / "seed", 120)])
    from attrib.runner import run_named

    rows = run_named("search", {"q": "chain alias 77 " + "x" * LONG, "limit": 5}).records
    assert [(r["id"], r["actor_id"]) for r in rows][:1] == [("chain-0077", "actor:chain-0000")]


# --- a load killed between its records and their resolution ------------------------------------


def test_a_load_killed_before_its_resolution_is_completed_by_the_next_load(
    empty_graph: None, tmp_path: Path
) -> None:
    seed = chain_seed(tmp_path / "seed", 20)
    proc = subprocess.run(
        [sys.executable, "-m", "tests.load_child", str(seed), "100", "--kill-before-resolution"],
        capture_output=True, text=True, timeout=300, env=dict(os.environ),
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    assert "killed before the resolution" in proc.stdout
    assert scalar("MATCH (a:Actor) RETURN count(a)") == 20  # the records were written
    assert scalar("MATCH (r:ResolvedActor) RETURN count(r)") == 0  # and no actors
    assert scalar("MATCH (s:AttribState) RETURN s.pending") is True

    # the next load (the same seed again) completes the resolution first and says so
    result = runner.invoke(app, ["load", str(seed)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # the console wraps long lines
    assert "stopped after writing its records and before resolving who is who: resolved now" in said
    assert "(20 actor records into 1 actors)" in said
    assert scalar("MATCH (a:Actor) WHERE NOT (a)-[:MEMBER_OF]->() RETURN count(a)") == 0
    assert scalar("MATCH (s:AttribState) RETURN count(s)") == 0
    again = runner.invoke(app, ["load", str(seed)])  # nothing pending any more: not said again
    assert again.exit_code == 0, again.output
    assert "stopped after writing its records" not in " ".join(again.output.split())
    evidence = read_evidence()
    assert len(evidence.records) == 20
