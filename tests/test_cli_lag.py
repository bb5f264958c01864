"""`attrib lag` through the real `attrib` command, on the seed and on a made-up campaign
(tests/fixtures/lag/lag_case.yaml) that has every phase, a legal-response event and a lag
before the start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from attrib.cli import app
from attrib.cli.output import ExitCode
from attrib.fingerprint import Fingerprint
from loader.load import load
from tests.seed_facts import CHINA_DENIAL, MS_ATTRIBUTION, NCSC_ATTRIBUTION

pytestmark = pytest.mark.neo4j
cli = CliRunner()
LAG_CASE = Path(__file__).parent / "fixtures" / "lag" / "lag_case.yaml"


def lag_json(*args: str) -> dict[str, Any]:
    result = cli.invoke(app, ["lag", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_the_exchange_breach_was_attributed_55_days_in_technically_and_194_politically(
    seeded_graph: Fingerprint,
) -> None:
    doc = lag_json()
    assert doc["medians"]["technical"] == {"median": 55, "n": 1}
    assert doc["medians"]["political"] == {"median": 194, "n": 1}
    assert doc["medians"]["legal"] == {"median": None, "n": 0}
    exchange = next(c for c in doc["campaigns"] if c["campaign_id"] == "exchange-2021")
    steps = exchange["milestones"]
    assert (steps["technical"]["item"], steps["technical"]["days"]) == (MS_ATTRIBUTION, 55)
    assert (steps["political"]["item"], steps["political"]["days"]) == (NCSC_ATTRIBUTION, 194)
    # China's denial is dated 2021-03: 54 to 84 days, left out of the figures.
    denial = steps["denial"]
    assert (denial["item"], denial["days"], denial["days_range"]) == (CHINA_DENIAL, None, [54, 84])
    assert doc["left_out"]["imprecise"] == 2  # the denial; Log4Shell's month-dated start
    assert exchange["states"] == [{"state": "China", "via": ["operates from", "sponsorship"]}]


def test_the_table_shows_days_and_ranges_and_stderr_counts_what_was_left_out(
    seeded_graph: Fingerprint,
) -> None:
    result = cli.invoke(app, ["lag", "--campaign", "exchange-2021"])
    assert result.exit_code == 0, result.stderr
    assert "55 d" in result.stdout and "194 d" in result.stdout
    assert "54 to 84 d" in result.stdout
    assert "1 imprecise" in result.stderr


def test_by_state_and_year_as_csv(seeded_graph: Fingerprint) -> None:
    by_state = cli.invoke(app, ["lag", "--by", "state", "--format", "csv"])
    assert by_state.exit_code == 0, by_state.stderr
    lines = by_state.stdout.splitlines()
    assert lines[0].startswith("state,phase,n,median,q1,q3,min,max,left_out_imprecise")
    assert 'China,technical,1,55,55,55,55,55,1,0,0,"operates from, sponsorship"' in lines
    by_year = cli.invoke(app, ["lag", "--by", "year", "--format", "csv"])
    assert "2021,political,1,194,194,194,194,194,0,0,0" in by_year.stdout.splitlines()


def test_as_of_a_day_only_what_was_dated_by_then_counts(seeded_graph: Fingerprint) -> None:
    steps = lag_json("--campaign", "exchange-2021", "--as-of", "2021-04-01")["campaigns"][0]
    assert set(steps["milestones"]) == {"technical", "denial"}  # the UK spoke in July
    assert steps["milestones"]["denial"]["days_range"] == [54, 84]  # known from 31 March
    bad = cli.invoke(app, ["lag", "--as-of", "April 2021"])
    assert bad.exit_code == ExitCode.INVALID
    assert "as_of" in bad.stderr


def test_an_unknown_campaign_is_bad_input(seeded_graph: Fingerprint) -> None:
    result = cli.invoke(app, ["lag", "--campaign", "no-such-campaign"])
    assert result.exit_code == ExitCode.INVALID
    assert "no campaign with id 'no-such-campaign'" in result.stderr


def test_a_legal_response_event_a_minister_and_a_lag_before_the_start(
    restore_seed: Fingerprint,
) -> None:
    load([LAG_CASE])
    doc = lag_json("--campaign", "lag-op-2019")
    steps = doc["campaigns"][0]["milestones"]
    # Sanctions (an Event of kind legal-response) 366 days in; the month-dated indictment
    # (basis legal) comes later and does not change the first.
    assert (steps["legal"]["item"], steps["legal"]["days"]) == ("ev-lag-sanctions", 366)
    assert steps["legal"]["items"] == 2
    # A minister (a Person working for a government), basis unspecified: political.
    assert (steps["political"]["item"], steps["political"]["days"]) == ("claim-lag-minister", 90)
    # Dated before the start: kept, negative, flagged.
    technical = steps["technical"]
    assert (technical["days"], technical["before_start"]) == (-10, True)
    assert doc["groups"][0]["before_start"] == 1
    # The newspaper's attribution (basis reporting) is of no phase: listed, not counted.
    assert [(n["item"], n["reason"]) for n in doc["not_counted"]] == [
        ("claim-lag-gazette", "basis reporting and claimant kind media: not counted")
    ]
    assert steps["denial"]["days_range"] == [-129, 235]  # a year-dated denial (2019)
    assert doc["campaigns"][0]["states"] == [{"state": "Lagland", "via": ["operates from"]}]
