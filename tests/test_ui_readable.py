"""Details that misled (issue 20, item 4), on the rendered pages (AppTest, the seed): every bar
of the Overview's charts is named; the Timeline lists a month after the days it holds and
says so, and a kind keeps its colour when the filter changes; a denial says whether it came
before or after the claim it is placed under; the Claim page names a relayed source by its
title and flags an older source only where it stands for the claim's own statement.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from attrib.fingerprint import Fingerprint
from tests.apptest_kit import APP, TIMEOUT, open_page, texts

pytestmark = pytest.mark.neo4j


def specs(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def find(spec: dict[str, Any], key: str) -> list[Any]:
    """Every value of `key` anywhere in a (nested) Vega-Lite spec."""
    found: list[Any] = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            found += [v] if k == key else []
            found += find(v, key)
    elif isinstance(spec, list):
        for v in spec:
            found += find(v, key)
    return found


def test_the_overview_charts_name_every_bar(fresh_cache: Fingerprint) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    bars = [(s, y) for s in specs(at) for y in find(s, "y") if y.get("field") == "label"]
    assert len(bars) == 1, "one chart of nodes by label"
    ((spec, y),) = bars
    assert y["axis"]["labelOverlap"] is False  # Vega drops every second label otherwise
    assert find(spec, "height") and min(find(spec, "height")) >= 26 * 13  # 13 labels, room each


def test_the_timeline_lists_a_month_after_its_days_and_says_so(fresh_cache: Fingerprint) -> None:
    at = open_page("timeline")
    table = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    dates = list(table["date"])
    march = [i for i, d in enumerate(dates) if d.startswith("2021-03")]
    days = [i for i in march if len(dates[i]) == 10]
    months = [i for i in march if dates[i] == "2021-03"]
    assert days and months and max(days) < min(months), [dates[i] for i in march]
    assert "comes after the days of its period" in texts(at)


def test_a_timeline_kind_keeps_its_colour_when_the_filter_changes(fresh_cache: Fingerprint) -> None:
    at = open_page("timeline")
    (before,) = [d for s in specs(at) for d in find(s, "domain")]
    at.multiselect(key="timeline_kinds").set_value(["denial", "intrusion"]).run()
    (after,) = [d for s in specs(at) for d in find(s, "domain")]
    assert after == before and {"denial", "intrusion", "attribution"} <= set(before)


def test_a_denial_says_whether_it_came_before_or_after_the_claim(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    denials = [m.value for m in at.markdown if "Denied by Government of China" in m.value]
    # under the NCSC's July claim, and under Microsoft's of 2 March (same month: not known)
    assert any("2021-03, earlier than this claim:" in d for d in denials), denials
    assert any("2021-03, in the same period as this claim" in d for d in denials), denials


def test_the_claim_page_names_a_relayed_source_by_its_title(fresh_cache: Fingerprint) -> None:
    at = open_page("claim", claim="claim-microsoft-attribution-exchange-hafnium")
    shown = texts(at)
    assert "relays “HAFNIUM targeting Exchange Servers with 0-day exploits”" in shown
    assert "relays src-" not in shown


def test_an_encyclopedias_earlier_sources_are_not_flagged(fresh_cache: Fingerprint) -> None:
    """Wikipedia's 2022 article cites the news of March 2021: the normal case, no warning;
    nor for Raab's July claim, which cites a March report beside the July statement."""
    for claim in ("claim-wikipedia-fact-hafnium-apt", "claim-raab-sponsorship-exchange-mss"):
        shown = texts(open_page("claim", claim=claim))
        assert "Sources (" in shown
        assert "published before the claim was made" not in shown, claim
