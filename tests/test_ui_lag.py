"""The Lag page and the Attributions page's lag strip, with AppTest against the seeded graph."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
import streamlit as st
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from attrib.fingerprint import Fingerprint
from tests.apptest_kit import open_page, table, texts

pytestmark = pytest.mark.neo4j


@pytest.fixture
def fresh_cache(seeded_graph: Fingerprint) -> Iterator[Fingerprint]:
    st.cache_data.clear()
    yield seeded_graph
    st.cache_data.clear()


def chart_data(at: AppTest) -> pd.DataFrame:
    """The data of the page's chart that has a `phase` column (what it draws)."""
    for chart in at.get("vega_lite_chart"):
        for data in [chart.proto.data, *(d.data for d in chart.proto.datasets)]:
            frame = convert_arrow_bytes_to_pandas_df(data.data) if data.data else None
            if frame is not None and "phase" in frame.columns:
                return frame
    raise AssertionError("no lag chart on the page")


def test_lag_page_charts_days_per_phase_with_the_figures_beside(fresh_cache: Fingerprint) -> None:
    at = open_page("lag")
    assert not at.error and not at.exception
    # By phase, the figures are turned on their side: a column per phase.
    figures = table(at, "figure").set_index("figure")
    assert figures.loc[["n", "median", "left out"], "technical"].tolist() == ["1", "55", "1"]
    assert figures.loc[["n", "median", "q1–q3"], "political"].tolist() == ["1", "194", "194"]
    assert figures.loc[["n", "median", "left out"], "denial"].tolist() == ["0", "—", "1"]
    assert "legal" not in figures.columns  # no campaign of the seed has one
    drawn = chart_data(at)
    exchange = drawn[drawn["campaign"] == "2021 Microsoft Exchange Server data breach"]
    by_phase = {r["phase"]: r for r in exchange.to_dict("records")}
    assert (by_phase["technical"]["days"], by_phase["political"]["days"]) == (55, 194)
    # The month-dated denial is drawn as a range, not a day.
    denial = by_phase["denial"]
    assert (denial["exact"], denial["low"], denial["high"]) == (False, 54, 84)
    page = texts(at)
    assert "Left out of the figures: **2** imprecise" in page
    campaigns = table(at, "campaign").set_index("campaign")
    row = campaigns.loc["2021 Microsoft Exchange Server data breach"]
    assert row["technical"] == "55 d (2021-03-02, Microsoft)"
    assert row["denial"] == "54 to 84 d (2021-03, Government of China)"
    assert row["legal"] == "—"


def test_lag_page_by_state_says_how_the_state_is_linked(fresh_cache: Fingerprint) -> None:
    at = open_page("lag")
    at.radio(key="lag_by").set_value("state").run()
    assert not at.exception
    figures = table(at, "median")
    china = figures[(figures["state"] == "China") & (figures["phase"] == "political")]
    shown = china[["n", "median", "via"]].values.tolist()
    assert shown == [[1, "194", "operates from, sponsorship"]]
    assert "by its actor's OPERATES_FROM" in texts(at)


def test_attributions_page_shows_the_campaigns_lag_strip(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    strip = next(m.value for m in at.markdown if m.value.startswith("**Attribution lag:**"))
    assert strip == (
        "**Attribution lag:** start 2021-01-06 → :blue-badge[technical] 55 d (2021-03-02, "
        "Microsoft) → :red-badge[political] 194 d (2021-07-19, National Cyber Security Centre) "
        "→ :green-badge[legal] none → :violet-badge[denial] 54 to 84 d (2021-03, Government of "
        "China)"
    )
    assert ("All campaigns' lags", "") in {(p.label, p.proto.query_string) for p in at.page_link}


def test_the_strip_shows_only_what_was_known_on_the_as_of_date(fresh_cache: Fingerprint) -> None:
    at = open_page("attributions", campaign="exchange-2021")
    at.toggle(key="attr_use_as_of").set_value(True).run()
    at.text_input(key="attr_as_of").input("2021-03-05").run()
    strip = next(m.value for m in at.markdown if m.value.startswith("**Attribution lag:**"))
    # Microsoft had spoken; the UK had not (July); China's "2021-03" denial counts from 31 March.
    assert ":blue-badge[technical] 55 d (2021-03-02, Microsoft)" in strip
    assert ":red-badge[political] none" in strip
    assert ":violet-badge[denial] none" in strip
    assert "as known on 2021-03-05" in texts(at)


def test_lag_page_reads_every_campaign_not_the_default_row_cap(
    fresh_cache: Fingerprint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures sum every campaign: the page asks for the largest row cap the limits allow
    (10,000), not the default 1,000 that would cut a full EuRepoC load."""
    from attrib import limits, runner

    asked: list[int | None] = []
    real = runner.run_named

    def recording(name: str, params: dict | None = None, **requested):  # type: ignore[no-untyped-def]
        if name == "attribution_lag":
            asked.append(requested.get("max_rows"))
        return real(name, params, **requested)

    monkeypatch.setattr(runner, "run_named", recording)
    at = open_page("lag")
    assert not at.error and not at.exception
    assert asked and set(asked) == {limits.max_rows(10**9)} and limits.max_rows(10**9) > 1000
