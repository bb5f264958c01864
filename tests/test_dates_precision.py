"""Dates as precise as the source, in every output: "2021-03" stays "2021-03", "2022" stays
"2022", a day stays "2021-03-02" (ISO 8601 reduced precision) — in the values, every catalogue
query, the CLI's table, CSV and JSON, and the UI's tables and text.

The seed's month- and year-dated records: China's denial of the Exchange attributions
("2021-03"), Wikipedia's APT10 sponsorship claim ("2022"), March 2021 events, HAFNIUM's
EXPLOITS edge to Log4Shell (since "2021-12").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from attrib import db
from attrib.catalogue import catalogue
from attrib.cli import app
from attrib.fingerprint import Fingerprint
from attrib.runner import run_named
from attrib.values import cell_text, partial_date_text, period_bounds, to_plain
from tests.apptest_kit import open_page, table, texts
from tests.seed_facts import CHINA_DENIAL, EXAMPLES, MS_ATTRIBUTION

APT10_SPONSORSHIP = "claim-wikipedia-sponsorship-apt10-china"
# Every date property the loader writes (loader/models.py), and the names the queries give
# dates they derive (first_claimed) or rename (timeline's date).
DATE_FIELDS = ("made_on", "date", "published", "accessed", "first_seen", "last_seen",
               "disclosed", "as_of", "since")  # fmt: skip
DATE_KEYS = {*DATE_FIELDS, "first_claimed"}
cli = CliRunner()


# --- Values, without Neo4j ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (dt.date(2021, 3, 1), "month", "2021-03"),
        (dt.date(2022, 1, 1), "year", "2022"),
        (dt.date(2021, 3, 2), None, "2021-03-02"),
        (dt.date(2021, 3, 2), "day", "2021-03-02"),
        ("2021-03-01", "month", "2021-03"),
        ("2021-03", "month", "2021-03"),  # already as known: unchanged
        (None, "month", ""),
    ],
)
def test_partial_date_text_never_invents_a_day(value: Any, precision: Any, expected: str) -> None:
    assert partial_date_text(value, precision) == expected


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("2021-03", (dt.date(2021, 3, 1), dt.date(2021, 3, 31))),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("2022", (dt.date(2022, 1, 1), dt.date(2022, 12, 31))),
        ("2021-03-02", (dt.date(2021, 3, 2), dt.date(2021, 3, 2))),
        (dt.date(2021, 3, 2), (dt.date(2021, 3, 2), dt.date(2021, 3, 2))),
        ("2021-13", None),
        ("March 2021", None),
        (None, None),
    ],
)
def test_period_bounds_cover_the_whole_period(text: Any, bounds: Any) -> None:
    assert period_bounds(text) == bounds


def test_to_plain_writes_a_date_with_its_precision_beside_it_as_known() -> None:
    props = {"made_on": dt.date(2021, 3, 1), "made_on_precision": "month", "date": "2022-01-01",
             "date_precision": "year", "published": dt.date(2021, 3, 9)}  # fmt: skip
    assert to_plain(props) == {
        "made_on": "2021-03",
        "made_on_precision": "month",
        "date": "2022",
        "date_precision": "year",
        "published": "2021-03-09",  # no precision beside it: a day
    }
    nested = to_plain([{"claim": {"made_on": dt.date(2021, 3, 1), "made_on_precision": "month"}}])
    assert nested == [{"claim": {"made_on": "2021-03", "made_on_precision": "month"}}]
    assert cell_text(nested[0]["claim"]) == '{"made_on": "2021-03", "made_on_precision": "month"}'


# --- Every catalogue query --------------------------------------------------------------------


def rows(name: str, **params: Any) -> list[dict[str, Any]]:
    return run_named(name, params).rows


def dates_in(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (key, value) under a date key, however deeply nested."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from dates_in(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from dates_in(item, key)
    elif key in DATE_KEYS and value is not None:
        yield key, value


@pytest.fixture
def month_precision_everywhere(restore_seed: Fingerprint) -> Iterator[None]:
    """Every date in the graph marked as known to the month only (the seed is restored after)."""
    for field in DATE_FIELDS:
        db.run_write(f"MATCH (n) WHERE n.{field} IS NOT NULL SET n.{field}_precision = 'month'", {})
        db.run_write(
            f"MATCH ()-[r]->() WHERE r.{field} IS NOT NULL SET r.{field}_precision = 'month'", {}
        )
    yield


@pytest.mark.neo4j
def test_every_query_returns_every_date_as_precise_as_known(
    month_precision_everywhere: None,
) -> None:
    """With every date known to the month only, no query shows a day anywhere."""
    assert set(EXAMPLES) == set(catalogue())
    seen: dict[str, int] = {}
    for name, params in EXAMPLES.items():
        if name == "as_of":  # the seed's days, now read as months, are known from their end
            params = {**params, "as_of": "2030-01-01"}
        for row in rows(name, **params):
            for key, value in dates_in(row):
                if name == "latest_claim_date" and key == "known_on":
                    continue  # a day by design: the last day of the period
                assert re.fullmatch(r"\d{4}-\d{2}", value), (name, key, value)
                seen[name] = seen.get(name, 0) + 1
    # The queries that return dates did return some (none went unchecked by being empty).
    assert set(seen) >= {
        "as_of", "attribution_matrix", "campaign_details", "competing_attributions", "denials",
        "entity_profile", "neighbourhood", "newest_claims", "non_attributions", "provenance",
        "shortest_path", "sponsorship_chain", "timeline", "latest_claim_date", "attribution_lag",
    }  # fmt: skip


@pytest.mark.neo4j
def test_seed_dates_keep_their_own_precision(seeded_graph: Fingerprint) -> None:
    denial = next(r for r in rows("denials") if r["denial"] == CHINA_DENIAL)
    assert (denial["made_on"], denial["made_on_precision"]) == ("2021-03", "month")
    assert {d["made_on"] for d in denial["disputes"]} >= {"2021-03-02", "2021-07-19"}
    chain = {r["claim"]: r for r in rows("sponsorship_chain", id="apt10")}
    assert chain[APT10_SPONSORSHIP]["made_on"] == "2022"
    timeline = {r["id"]: r for r in rows("timeline", id="exchange-2021")}
    assert timeline["ev-2021-03-china-denial"]["date"] == "2021-03"
    assert timeline["ev-2021-01-06-exchange-intrusions-begin"]["date"] == "2021-01-06"
    # in date order: a month before the days in it, by the stored date, not the text
    order = [r["id"] for r in rows("timeline", id="exchange-2021")]
    assert order.index("ev-2021-03-china-denial") < order.index(
        "ev-2021-03-02-microsoft-disclosure"
    )
    (profile,) = rows("entity_profile", id="hafnium")
    since = {r["other_id"]: r["since"] for r in profile["relations"] if r["type"] == "EXPLOITS"}
    assert since["cve-2021-44228"] == "2021-12"
    (campaign,) = rows("entity_profile", id="exchange-2021")
    assert {c["claim"]: c["made_on"] for c in campaign["claims"]}[CHINA_DENIAL] == "2021-03"
    assert {e["id"]: e["date"] for e in campaign["events"]}["ev-2021-03-china-denial"] == "2021-03"


# --- The CLI: table, CSV, JSON ------------------------------------------------------------------


def cli_rows(fmt: str, *args: str) -> str:
    result = cli.invoke(app, ["query", *args, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.neo4j
def test_cli_json_csv_and_table_keep_the_precision(seeded_graph: Fingerprint) -> None:
    query = ["denials", "--param", "id=exchange-2021"]
    (denial,) = json.loads(cli_rows("json", *query))["rows"]
    assert denial["made_on"] == "2021-03"
    assert {d["claim"]: d["made_on"] for d in denial["disputes"]}[MS_ATTRIBUTION] == "2021-03-02"
    csv_text = cli_rows("csv", *query)
    assert f"{CHINA_DENIAL},Government of China,government,2021-03,month," in csv_text
    assert "2021-03-01" not in csv_text
    table_text = cli_rows("table", *query)  # more than six columns: one block per row
    assert re.search(r"made_on\s+│ 2021-03\s*$", table_text, re.MULTILINE), table_text
    assert "2021-03-01" not in table_text
    sponsorship = cli_rows("table", "sponsorship_chain", "--param", "id=apt10")
    assert re.search(r"made_on\s+│ 2022\s*$", sponsorship, re.MULTILINE), sponsorship
    short = cli_rows("table", "latest_claim_date")  # four columns: a table
    assert "2023-04-18" in short


# --- The UI ----------------------------------------------------------------------------------


@pytest.mark.neo4j
def test_ui_tables_and_text_keep_the_precision(fresh_cache: Fingerprint) -> None:
    at = open_page("timeline")
    by_id = {r["id"]: r for r in table(at, "kind").to_dict("records")}
    assert by_id[CHINA_DENIAL]["date"] == "2021-03"
    assert by_id[APT10_SPONSORSHIP]["date"] == "2022"
    assert by_id["ev-2021-01-06-exchange-intrusions-begin"]["date"] == "2021-01-06"

    at = open_page("attributions", campaign="exchange-2021")
    assert "Denied by Government of China (the accused party)**, 2021-03, " in texts(at)
    assert "2021-03-01" not in texts(at)

    at = open_page("explore", id="apt10")
    received = table(at, "made on")
    assert "2022" in set(received["made on"])
    assert not any(str(d).startswith("2022-01-01") for d in received["made on"])

    at = open_page("queries", query="denials")
    at.button[0].click().run()  # the form's "Run query"
    shown = table(at, "made_on")
    assert "2021-03" in set(shown["made_on"])
