"""The Actor and Identity pages (ui/views/actor.py, ui/views/identity.py) with Streamlit's
AppTest, against the seeded graph and a tiny second dataset: what the pages show.

The second dataset (tests/identity_cases.py: written with loader.writer.write_plan, then resolved
like any load) adds a
MISP record "HAFNIUM" that joins the seed's HAFNIUM by its name, two MISP records sharing the
name "Grizzly Steppe" (ambiguous), a STIX record "Red Apollo" that a claim says is APT10 and
that also carries "Silk Typhoon" (a join the rules refuse: it would put the seed's two actors
together), and a claim about a record that is not loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from attrib.fingerprint import Fingerprint
from attrib.identity import datasets as ds
from loader.plan import Plan
from tests.apptest_kit import open_page, texts
from tests.hostile_ui_data import (
    ACTOR_ID,
    ACTOR_NAME,
    ESCAPED,
    MARKUP,
    assert_data_is_text,
    load_hostile,
)
from tests.identity_cases import (
    MISP_LAZARUS,
    NOT_CREDITED,
    clear_caches,
    record,
    written,
)
from ui import text

pytestmark = pytest.mark.neo4j

EXCHANGE = "2021 Microsoft Exchange Server data breach"
# the actor page's address, ending in the name the table shows (its display text)
ACTOR_LINKS = [
    "actor?actor=actor:hafnium&actor_name=HAFNIUM",
    "actor?actor=actor:apt10&actor_name=APT10",
]


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with this column (every table, whichever tab holds it)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with the column {column!r}"
    return found[0]


@pytest.fixture
def fresh(seeded_graph: Fingerprint) -> Iterator[Fingerprint]:
    clear_caches()
    yield seeded_graph
    clear_caches()


def member_sources(at: AppTest) -> list[str]:
    """The per-source headings of the member records ("seed (1)")."""
    return [m.value.removeprefix("##### ") for m in at.markdown if m.value.startswith("##### ")]


# --- The actor page, on the seed ----------------------------------------------------------


def test_actor_page_shows_hafnium_its_names_givers_records_and_attributions(
    fresh: Fingerprint,
) -> None:
    at = open_page("actor", name="Silk Typhoon")
    assert not at.error, [e.value for e in at.error]
    assert [h.value for h in at.header] == ["HAFNIUM"]
    page = texts(at)
    assert "`actor:hafnium` · 1 member record(s) from 1 source(s): seed" in page
    names = table(at, "given by").set_index("name")
    assert names.loc["Silk Typhoon", "given by"] == "Microsoft"
    assert names.loc["HAFNIUM", "given by"] == "Microsoft"
    assert names.loc["Silk Typhoon", "carried by"] == "HAFNIUM (seed)"
    assert member_sources(at) == ["seed (1)"]
    assert "**HAFNIUM** · source id `hafnium`" in page
    assert "none needed: the actor's name and id come from it" in page
    claims = table(at, "disputed by")
    by_claimant = claims.groupby("claimant")["kind"].apply(set).to_dict()
    assert by_claimant["Microsoft"] == {"attribution", "sponsorship"}
    assert by_claimant["National Cyber Security Centre"] == {"attribution", "sponsorship"}
    exchange = claims[
        claims["other end"] == "2021 Microsoft Exchange Server data breach (Campaign)"
    ]
    assert set(exchange["claimant"]) == {"Microsoft", "National Cyber Security Centre"}
    assert set(exchange["disputed by"]) == {"denied by Government of China (2021-03)"}
    microsoft = exchange[exchange["claimant"] == "Microsoft"].iloc[0]
    assert (microsoft["subject → object"], microsoft["confidence"]) == (
        f"{EXCHANGE} (Campaign) → HAFNIUM",
        "“High” → 85/100",
    )
    assert "not disputed" in set(claims["disputed by"])  # the Log4Shell attribution
    assert "Government of China (Organisation)" in set(claims["other end"])  # NCSC's state link
    assert "2022" not in set(claims["made on"])  # APT10's claim is not HAFNIUM's
    # The non-attribution is listed apart, labelled as what it is, never in the table.
    assert "non-attribution" not in set(claims["kind"])
    assert (
        ":violet-badge[non-attribution] **Microsoft** says **HAFNIUM** is not linked to "
        "**2020 United States federal government data breach** (2021-03-02)"
    ) in [m.value for m in at.markdown]
    assert "Refused joins (0)" in page


def test_actor_page_says_when_a_name_leads_nowhere(fresh: Fingerprint) -> None:
    at = open_page("actor", name="no such group xyzzy")
    assert not at.exception and not at.header
    assert "No actor record carries the name “no such group xyzzy”." in texts(at)


def test_explore_links_an_actor_record_to_its_actor_page(fresh: Fingerprint) -> None:
    at = open_page("explore", id="hafnium")
    links = {(p.label, p.proto.query_string) for p in at.page_link}
    assert ("Actor: HAFNIUM (1 member record)", "actor=actor%3Ahafnium") in links
    at = open_page("explore")
    at.text_input(key="explore_q").input("silk typhoon").run()
    links = {(p.label, p.proto.query_string) for p in at.page_link}
    assert ("Actor: HAFNIUM", "actor=actor%3Ahafnium") in links
    assert "record of seed · name given by Microsoft" in texts(at)


def test_actor_page_shows_a_name_wikipedia_reports_as_used_by_it(fresh: Fingerprint) -> None:
    """Issue 17, item 6: Wikipedia reports "Red Apollo"; it gave no name."""
    at = open_page("actor", name="APT10")
    assert not at.error, [e.value for e in at.error]
    names = table(at, "as its sources give it").set_index("name")
    assert names.loc["Red Apollo", "as its sources give it"] == (
        "Red Apollo, used by Wikipedia (Japanese)"
    )
    assert names.loc["Red Apollo", "given by"] == ""
    at = open_page("actor", name="HAFNIUM")
    names = table(at, "as its sources give it").set_index("name")
    assert names.loc["Silk Typhoon", "as its sources give it"] == (
        "Silk Typhoon, given by Microsoft, according to Microsoft Security"
    )


# --- With a second dataset: members per source, the policy control, the report ------------


def test_actor_page_groups_members_per_source_and_the_policy_recomputes_it(
    two_datasets: None,
) -> None:
    at = open_page("actor", actor="actor:hafnium")
    assert not at.error, [e.value for e in at.error]
    assert member_sources(at) == ["seed (1)", "misp-threat-actor (1)"]
    page = texts(at)
    assert "**Joined by:** shared name 'HAFNIUM'" in page
    names = table(at, "given by").set_index("name")
    assert names.loc["ATK233", "given by"] == "Test Vendor"
    assert names.loc["HAFNIUM", "carried by"] == "HAFNIUM (seed), HAFNIUM (misp-threat-actor)"
    assert "Refused joins (2)" in page
    refused = ":orange-badge[refused join] **HAFNIUM (seed)** and **Red Apollo (stix)**: "
    assert f"{refused}shared name 'Silk Typhoon'" in page
    assert "policy: shared names: any" in page.casefold()

    at.radio(key="policy_shared").set_value("none").run()
    assert not at.error and not at.exception
    assert member_sources(at) == ["seed (1)"]
    page = texts(at)
    assert "Policy: shared names: none; equivalence claims from: anyone" in page
    assert "changed in the sidebar: computed in memory, nothing is written" in page
    assert "HAFNIUM (misp-threat-actor)" not in set(table(at, "given by")["carried by"])
    # The name now leads to two actors: the page says so and lets the reader choose.
    at.query_params.clear()
    at.query_params["name"] = "HAFNIUM"
    at.run()
    assert "“HAFNIUM” leads to **2 actors** under this policy:" in texts(at)
    assert [text.plain(o) for o in at.radio(key="actor_pick_HAFNIUM").options] == [
        "HAFNIUM (actor:hafnium, 1 records)",
        "HAFNIUM (actor:misp:test-hafnium, 1 records)",
    ]


def test_identity_page_lists_refused_joins_and_ambiguous_names_with_actor_links(
    two_datasets: None,
) -> None:
    at = open_page("identity")
    assert not at.error and not at.exception
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics == {"Actor records": 6, "Actors": 4, "Refused joins": 2, "Shared names": 3}
    assert [t.label for t in at.tabs] == [
        "Refused joins (2)", "Ambiguous names (1)", "Shared names (3)",
        "Names not credited (0)",
        "Claims below the policy (0)", "Claims about records not loaded (1)",
        "Suspect chains (0)",  # last when there is none; first when there is one
    ]  # fmt: skip
    refused = table(at, "why refused")
    assert set(refused["evidence"]) == {"shared name 'Silk Typhoon'"}
    assert refused[["record", "other record", "actor", "other actor"]].values.tolist() == [
        ["HAFNIUM (seed)", "Red Apollo (stix)", *ACTOR_LINKS],
        ["HAFNIUM (misp-threat-actor)", "Red Apollo (stix)", *ACTOR_LINKS],
    ]
    assert refused["why refused"].str.contains("both groups hold different records of seed").all()
    ambiguous = next(d.value for d in at.dataframe if d.value.columns[0] == "name")
    assert ambiguous[["name", "record", "source"]].values.tolist() == [
        ["Grizzly Steppe", "APT28", "misp-threat-actor"],
        ["Grizzly Steppe", "APT29", "misp-threat-actor"],
    ]
    shared = table(at, "ended in")
    assert {"HAFNIUM", "Silk Typhoon", "Red Apollo"} <= set(shared["name"])
    # Filters: only names that ended in several actors; a text filter; a source filter.
    at.toggle(key="identity_split").set_value(True).run()
    assert set(table(at, "ended in")["name"]) == {"Silk Typhoon"}
    at.toggle(key="identity_split").set_value(False).run()
    at.text_input(key="identity_text").input("grizzly").run()
    assert "No refused joins match the filters." in texts(at)
    assert len(next(d.value for d in at.dataframe if "name" in d.value.columns)) == 2
    at.text_input(key="identity_text").input("").run()
    at.multiselect(key="identity_sources").set_value(["stix"]).run()
    assert set(table(at, "ended in")["name"]) == {"Red Apollo", "Silk Typhoon"}
    # The policy recomputes the report: below 70, the same-as claim is not accepted.
    at.slider(key="policy_min_conf").set_value(70).run()
    below = table(at, "claimant")
    assert below[["kind", "claimant", "confidence"]].values.tolist()[0] == [
        "same-as", "Test Vendor", "“likely” → 60/100",
    ]  # fmt: skip


# --- Data is text (tests/test_ui_hostile_data.py): names and ids with markup -------------------


@pytest.fixture
def hostile(restore_seed: Fingerprint, tmp_path: Path) -> Iterator[None]:
    """The seed and a record whose names, aliases and description carry markup, and a STIX
    record of the same name (one actor with it, two when shared names join nothing)."""
    load_hostile(tmp_path)
    plan = Plan()
    record(plan, "stix:test-mallory", ds.STIX, ACTOR_NAME, [])
    yield from written(plan)


def test_actor_and_identity_pages_show_hostile_data_as_text(hostile: None) -> None:
    at = open_page("actor", actor=f"actor:{ACTOR_ID}")
    seen = assert_data_is_text(at)
    assert [text.plain(h.value) for h in at.header] == [ACTOR_NAME]
    assert f"Aliases:** Alias {MARKUP}" in seen
    assert ACTOR_NAME in set(table(at, "given by")["name"])  # a table cell: plain text
    # Two actors carry the name: the choice between them (radio labels are Markdown) is text.
    at.radio(key="policy_shared").set_value("none").run()
    at.query_params.clear()
    at.query_params["name"] = ACTOR_NAME
    at.run()
    options = at.radio(key=f"actor_pick_{ACTOR_NAME}").options
    ids = ("actor:mallory", "actor:stix:test-mallory")
    assert [text.plain(o) for o in options] == [f"{ACTOR_NAME} ({i}, 1 records)" for i in ids]
    assert not [o for o in options if "](http:" in ESCAPED.sub("", o)]
    at = open_page("actor", name=f"nobody {MARKUP}")
    assert f"No actor record carries the name “nobody {MARKUP}”." in assert_data_is_text(at)
    at = open_page("identity")
    assert_data_is_text(at)
    at = open_page("explore", id=ACTOR_ID)
    assert_data_is_text(at)
    assert (f"Actor: {ACTOR_NAME} (2 member records)", f"actor=actor%3A{ACTOR_ID}") in {
        (text.plain(p.label), p.proto.query_string) for p in at.page_link
    }


# --- First-hand beats second-hand (issue 17, item 6) ---------------------------------------


def test_a_name_its_giver_gives_another_group_is_not_credited_where_names_are_shown(
    lazarus: None,
) -> None:
    at = open_page("actor", name="Lazarus Group")
    assert not at.error, [e.value for e in at.error]
    names = table(at, "as its sources give it").set_index("name")
    assert names.loc["G0082", "as its sources give it"] == (
        "G0082, used by the MISP threat-actor galaxy"
    )
    assert names.loc["G0082", "not credited to"] == "MITRE"  # why: in the list below
    assert names.loc["G0082", "given by"] == ""
    assert names.loc["G0032", "as its sources give it"] == (
        "G0032, given by MITRE, according to MITRE ATT&CK, the MISP threat-actor galaxy"
    )
    assert names.loc["G0032", "not credited to"] == ""
    lists = [m.value for m in at.markdown if m.value.startswith("**Names not credited")]
    assert len(lists) == 1 and text.md(NOT_CREDITED) in lists[0]
    at = open_page("actor", name="APT38")
    names = table(at, "as its sources give it").set_index("name")
    assert names.loc["G0082", "as its sources give it"] == (
        "G0082, given by MITRE, according to MITRE ATT&CK"
    )
    at = open_page("identity")
    assert "Names not credited (1)" in [t.label for t in at.tabs]
    rows = table(at, "why not credited")
    assert rows[["name", "record", "giver's own record", "why not credited"]].values.tolist() == [
        [
            "G0082",
            "Lazarus Group (misp-threat-actor)",
            "APT38 (mitre-attack)",
            NOT_CREDITED,
        ]
    ]
    assert rows[["actor", "other actor"]].values.tolist() == [
        [
            "actor?actor=actor:attack:g0032&actor_name=Lazarus%20Group",
            "actor?actor=actor:attack:g0082&actor_name=APT38",
        ]
    ]


def test_search_says_a_reported_name_is_reported(lazarus: None) -> None:
    """Search (and Explore's name lines) show who gave a name found; a name MISP reports that
    MITRE gave is said to be MITRE's according to the galaxy, never MITRE's own word."""
    from attrib.runner import run_named

    rows = {r["id"]: r for r in run_named("search", {"q": "G0082"}).rows}
    assert rows[MISP_LAZARUS]["named_by"] == ["MITRE, according to MISP galaxy: threat-actor"]
    at = open_page("search", q="G0082")
    assert "name given by MITRE, according to MISP galaxy: threat-actor" in texts(at)
