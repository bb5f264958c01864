"""The as-of rule: what an analyst could have known on a day.

A claim or source dated only by month or year counts as known from the END of that period by
default ("2021-03" from 2021-03-31, "2022" from 2022-12-31), from its first day with
period_start; sources published after the day are hidden. Every query that takes as_of
applies the same rule, and the UI's as-of date defaults to the data's latest claim.

On the seed: China's denial of the Exchange attributions is dated "2021-03"; Wikipedia's APT10
sponsorship claim "2022"; NBC's report (src-04, cited by Microsoft's attribution) 2021-03-09.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from attrib import db
from attrib.fingerprint import Fingerprint
from attrib.runner import run_named
from tests.apptest_kit import open_page, texts
from tests.seed_facts import CHINA_DENIAL, MS_ATTRIBUTION, NON_ATTRIBUTION
from ui.as_of import typed_day

APT10_SPONSORSHIP = "claim-wikipedia-sponsorship-apt10-china"
NBC = "src-04"  # published 2021-03-09
LATEST_CLAIM_DAY = "2023-04-18"  # the seed's newest claim (Microsoft names Silk Typhoon)


def rows(name: str, **params: Any) -> list[dict[str, Any]]:
    return run_named(name, params).rows


def status_of(claim: str, **params: Any) -> str:
    return str(next(r for r in rows("as_of", **params) if r["claim"] == claim)["status"])


def denial_counted(**params: Any) -> dict[str, bool]:
    """For each as-of query, whether China's "2021-03" denial counts with these params."""
    competing = rows("competing_attributions", campaign="exchange-2021", **params)
    ms = next(r for r in competing if r["claim"] == MS_ATTRIBUTION)
    matrix = rows("attribution_matrix", **params)
    hafnium = next(r for r in matrix if r["campaign_id"] == "exchange-2021")
    chain = rows("sponsorship_chain", id="hafnium", **params)
    return {
        "as_of": status_of(MS_ATTRIBUTION, **params) == "denied",
        "competing_attributions": [d["claim"] for d in ms["denials"]] == [CHINA_DENIAL],
        "attribution_matrix": hafnium["contested"],
        "sponsorship_chain": any(r["denials"] for r in chain),
        "denials": [r["denial"] for r in rows("denials", **params)] == [CHINA_DENIAL],
    }


# --- The rule in every query ------------------------------------------------------------------


@pytest.mark.neo4j
def test_a_month_dated_denial_counts_from_the_end_of_its_month(seeded_graph: Fingerprint) -> None:
    assert set(denial_counted(as_of="2021-03-05").values()) == {False}
    assert set(denial_counted(as_of="2021-03-30").values()) == {False}
    assert set(denial_counted(as_of="2021-03-31").values()) == {True}


@pytest.mark.neo4j
def test_period_start_counts_it_from_the_first_day_of_its_month(seeded_graph: Fingerprint) -> None:
    assert set(denial_counted(as_of="2021-03-05", period_start=True).values()) == {True}
    # Microsoft spoke on 2 March: on 1 March there is nothing to dispute yet.
    assert rows("as_of", as_of="2021-03-01", period_start=True) == []
    assert [r["denial"] for r in rows("denials", as_of="2021-03-01", period_start=True)] == [
        CHINA_DENIAL
    ]
    assert rows("denials", as_of="2021-02-28", period_start=True) == []


@pytest.mark.neo4j
def test_a_year_dated_claim_counts_from_the_end_of_its_year(seeded_graph: Fingerprint) -> None:
    def known(**params: Any) -> bool:
        return APT10_SPONSORSHIP in {r["claim"] for r in rows("as_of", id="apt10", **params)}

    assert not known(as_of="2022-12-30")
    assert known(as_of="2022-12-31")
    assert known(as_of="2022-01-01", period_start=True)
    assert not known(as_of="2021-12-31", period_start=True)
    chain = rows("sponsorship_chain", id="apt10", as_of="2022-06-30")
    assert APT10_SPONSORSHIP not in {r["claim"] for r in chain}


@pytest.mark.neo4j
def test_sources_published_after_the_day_are_hidden(seeded_graph: Fingerprint) -> None:
    def cited(name: str, claim_key: str, claim: str, **params: Any) -> set[str]:
        row = next(r for r in rows(name, **params) if r[claim_key] == claim)
        return {s["id"] for s in row["sources"]}

    for name, extra in (("competing_attributions", {"campaign": "exchange-2021"}), ("as_of", {})):
        assert NBC not in cited(name, "claim", MS_ATTRIBUTION, as_of="2021-03-08", **extra)
        assert NBC in cited(name, "claim", MS_ATTRIBUTION, as_of="2021-03-09", **extra)
    assert NBC in cited("competing_attributions", "claim", MS_ATTRIBUTION, campaign="exchange-2021")
    # The denial cites NBC and the BBC (2021-07-19): each hidden until its day.
    for day, sources in (("2021-03-08", set()), ("2021-03-09", {NBC}),
                         ("2021-07-19", {NBC, "src-22"})):  # fmt: skip
        assert cited("denials", "denial", CHINA_DENIAL, as_of=day, period_start=True) == sources
    # Microsoft's "no link" (2021-03-02) cites its Japanese blog of 2021-03-05.
    japan = "src-27"
    assert japan not in cited("non_attributions", "claim", NON_ATTRIBUTION, as_of="2021-03-04")
    assert japan in cited("non_attributions", "claim", NON_ATTRIBUTION, as_of="2021-03-05")
    assert rows("non_attributions", as_of="2021-03-01") == []


@pytest.mark.neo4j
def test_a_month_dated_source_follows_the_same_rule(restore_seed: Fingerprint) -> None:
    db.run_write(
        "MATCH (s:Source {id: $id}) SET s.published = date('2021-03-01'), "
        "s.published_precision = 'month'",
        {"id": NBC},
    )

    def shown(**params: Any) -> bool:
        row = next(r for r in rows("as_of", **params) if r["claim"] == MS_ATTRIBUTION)
        return NBC in {s["id"] for s in row["sources"]}

    assert not shown(as_of="2021-03-30")
    assert shown(as_of="2021-03-31")
    assert shown(as_of="2021-03-02", period_start=True)
    row = next(r for r in rows("as_of", as_of="2021-03-31") if r["claim"] == MS_ATTRIBUTION)
    assert {s["id"]: s["published"] for s in row["sources"]}[NBC] == "2021-03"


# --- The default day comes from the data ------------------------------------------------------


@pytest.mark.neo4j
def test_latest_claim_date_is_the_end_of_the_newest_period(restore_seed: Fingerprint) -> None:
    (latest,) = rows("latest_claim_date")
    assert (latest["made_on"], latest["known_on"]) == (LATEST_CLAIM_DAY, LATEST_CLAIM_DAY)
    # A claim dated only "2023" may have been made on 31 December: everything is known then.
    db.run_write(
        "MATCH (c:Claim {id: $id}) SET c.made_on = date('2023-01-01'), "
        "c.made_on_precision = 'year'",
        {"id": APT10_SPONSORSHIP},
    )
    (latest,) = rows("latest_claim_date")
    assert (latest["claim"], latest["made_on"], latest["known_on"]) == (
        APT10_SPONSORSHIP,
        "2023",
        "2023-12-31",
    )


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2021-03-05", dt.date(2021, 3, 5)),
        ("2021/03/05", dt.date(2021, 3, 5)),
        (" 2021.3.5 ", dt.date(2021, 3, 5)),
        ("2021-02-30", None),
        ("2021-03", None),
        ("5 March 2021", None),
        ("", None),
    ],
)
def test_a_typed_day_is_read_or_refused(typed: str, day: dt.date | None) -> None:
    assert typed_day(typed) == day


# --- The UI ----------------------------------------------------------------------------------


@pytest.mark.neo4j
def test_attributions_as_of_defaults_to_the_data_and_offers_the_other_reading(
    fresh_cache: Fingerprint,
) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    at.toggle(key="attr_use_as_of").set_value(True).run()
    assert at.text_input(key="attr_as_of").value == LATEST_CLAIM_DAY  # not today, not 2021
    at.text_input(key="attr_as_of").input("2021-03-05").run()
    assert not at.exception and not at.error
    page = texts(at)
    assert at.subheader[0].value.endswith(" as known on 2021-03-05")
    assert "counts from the last day of its period (2021-03 from 2021-03-31)" in page
    assert "Denied by Government of China" not in page
    assert at.radio(key="attr_period_rule").value == "end of the period"
    at.radio(key="attr_period_rule").set_value("start of the period").run()
    page = texts(at)
    assert "counts from the first day of its period" in page
    assert "Denied by Government of China" in page
    # The calendar fills the box; a text that is no day says so.
    at.date_input(key="attr_as_of_picker").set_value(dt.date(2021, 7, 19)).run()
    assert at.text_input(key="attr_as_of").value == "2021-07-19"
    assert at.subheader[0].value.endswith(" as known on 2021-07-19")
    at.text_input(key="attr_as_of").input("next Tuesday").run()
    assert [e.value for e in at.error] == [
        "“next Tuesday” is not a day: type it as YYYY-MM-DD, e.g. 2021-03-05."
    ]


@pytest.mark.neo4j
def test_overview_disputes_as_known_when_the_latest_claim_counts(fresh_cache: Fingerprint) -> None:
    at = open_page("overview")
    assert not at.exception and not at.error
    assert f"As known on {LATEST_CLAIM_DAY}, when the latest claim counts." in texts(at)
