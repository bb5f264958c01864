"""The explorer on the real EuRepoC excerpt (AppTest against a real Neo4j): an inferred
claimant says so and why on its claim page, a year-only date says what the dataset gave, and
the actor page lists the persons who belong to the group and its bracketed sponsors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from attrib import db
from attrib.fingerprint import Fingerprint
from loader.load import load
from tests.apptest_kit import open_page, table, texts

pytestmark = pytest.mark.neo4j
SAMPLE = Path(__file__).parent / "data" / "eurepoc-sample"


@pytest.fixture
def eurepoc_loaded(restore_seed: Fingerprint, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # fmt: skip
    monkeypatch.setenv("ATTRIB_PROBLEMS_DIR", str(tmp_path))
    load([SAMPLE])
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _claim(incident: str, words: str) -> str:
    rows = db.read(
        "MATCH (c:Claim {kind: 'attribution'})-[:SUBJECT]->(:Campaign {id: $campaign}) "
        "WHERE c.statement CONTAINS $words RETURN c.id AS id ORDER BY id LIMIT 1",
        {"campaign": f"eurepoc:incident:{incident}", "words": words},
    ).records
    assert rows, (incident, words)
    return str(rows[0]["id"])


def test_eurepoc_claims_and_actor_say_who_inferred_what(eurepoc_loaded: None) -> None:
    inferred = open_page("claim", claim=_claim("147", "South Korea"))
    shown = texts(inferred)
    assert "Claimant inferred, not named by the source" in shown
    assert "the government of the receiver country Korea, Republic of" in shown
    year = open_page("claim", claim=_claim("793", "APT31"))
    assert (
        "The dataset gives 2017-01-01 00:00:00: its 1 January stands for some time that year"
        in (texts(year))
    )
    assert "2017 (as precise as the source)" in texts(year)
    named = open_page("claim", claim=_claim("1876", "ESET"))
    assert "Claimant inferred" not in texts(named)
    actor = db.read(
        "MATCH (:Actor {id: 'eurepoc:sandworm'})-[:MEMBER_OF]->(r:ResolvedActor) RETURN r.id AS id"
    ).records[0]["id"]
    page = open_page("actor", actor=actor)
    assert "Persons and groups (6)" in texts(page)
    ties = table(page, "tie")
    officers = set(ties[ties["tie"] == "belongs to it"]["name"])
    assert "Yuriy Sergeyevich Andrienko" in officers and len(officers) == 6
    claims = table(page, "claimant")
    sponsors = claims[claims["claimant"] == "European Repository of Cyber Incidents"]
    assert len(sponsors) == 2  # GRU, and the GTsST Military Unit 74455 (bracketed)
