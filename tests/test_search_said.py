"""Search over what was said (claims, events, sources, in every language) and the Claim page,
against the real seeded graph: the query, and what the pages render."""

from __future__ import annotations

from typing import Any

import pytest

from attrib.fingerprint import Fingerprint
from attrib.runner import run_named
from tests.apptest_kit import open_page, texts
from ui.highlight import highlight

pytestmark = pytest.mark.neo4j


def search(q: str) -> list[dict[str, Any]]:
    return run_named("search", {"q": q, "limit": 100}).rows


@pytest.mark.parametrize(
    ("q", "expected_id", "label"),
    [
        ("highly skilled", "claim-microsoft-fact-highly-skilled", "Claim"),
        ("log4j", "claim-microsoft-fact-log4j-nation-states", "Claim"),
        ("log4j", "ev-2021-12-log4shell-disclosed", "Event"),
        ("apache", "src-25", "Source"),
        ("web shell", "claim-threatpost-fact-china-chopper", "Claim"),
        ("patch", "ev-2021-03-other-attackers-join", "Event"),
    ],
)
def test_search_finds_what_was_said(
    seeded_graph: Fingerprint, q: str, expected_id: str, label: str
) -> None:
    rows = {r["id"]: r for r in search(q)}
    assert expected_id in rows, sorted(rows)
    assert rows[expected_id]["label"] == label
    assert "said" in rows[expected_id]["matched"]


def test_japanese_input_matches_only_what_contains_it(seeded_graph: Fingerprint) -> None:
    rows = search("国家安全部")
    ids = {r["id"] for r in rows}
    assert "mss" in ids
    assert "united-states" not in ids  # アメリカ合衆国 shares only the character 国
    for row in rows:  # every hit holds the whole word somewhere in what was indexed
        assert row["label"] in ("Organisation", "Claim"), row


def test_names_still_come_before_what_was_said(seeded_graph: Fingerprint) -> None:
    rows = search("silk typhoon")
    assert rows[0]["id"] == "hafnium"
    assert rows[0]["actor_id"] == "actor:hafnium"
    assert "claim-microsoft-alias-silk-typhoon" in {r["id"] for r in rows[1:]}


def test_highlight_bolds_each_query_word_and_escapes_the_rest() -> None:
    assert highlight("A highly skilled actor", "HIGHLY skilled") == (
        "A **highly** **skilled** actor"
    )
    assert highlight("[x](http://evil) highly", "highly").endswith("**highly**")
    assert "](" not in highlight("[x](http://evil)", "x").replace("\\](", "")


def test_search_page_groups_results_and_shows_the_claimant(seeded_graph: Fingerprint) -> None:
    at = open_page("search", q="highly skilled")
    shown = texts(at)
    assert "Claims (1)" in shown
    assert (
        "Microsoft describes HAFNIUM as a **highly** **skilled** and sophisticated actor." in shown
    )
    assert "claimed by **Microsoft**" in shown
    bold = [str(m.value) for m in at.markdown if "**highly**" in str(m.value)]
    assert bold, "the matched words are in bold"


def test_claim_page_shows_the_claim_with_its_evidence(seeded_graph: Fingerprint) -> None:
    at = open_page("claim", claim="claim-microsoft-attribution-exchange-hafnium")
    shown = texts(at)
    assert "Microsoft attributes the exploitation of the Exchange Server zero-days" in shown
    assert "with high confidence to HAFNIUM" in shown  # the quote, in Microsoft's words
    assert "**Claimant:** Microsoft (Organisation)" in shown
    assert "**Made on:** 2021-03-02" in shown
    assert "**Confidence:** “High” (none-low-med-high) → 85/100" in shown
    assert "**Editor's note:**" in shown
    assert "New nation-state cyberattacks" in shown  # a cited source's title
    assert "Disputed by (1)" in shown and "Government of China" in shown
    assert "History" in shown


def test_claim_page_keeps_a_month_precise_date(seeded_graph: Fingerprint) -> None:
    at = open_page("claim", claim="claim-china-denial-exchange")  # made_on: 2021-03
    shown = texts(at)
    assert "**Made on:** 2021-03 (as precise as the source)" in shown
    assert "2021-03-01" not in shown
    assert "Disputes (" in shown  # the denial lists the claims it disputes


def test_unknown_claim_says_so(seeded_graph: Fingerprint) -> None:
    at = open_page("claim", claim="no-such-claim")
    assert "No claim has the id “no-such-claim”." in texts(at)
