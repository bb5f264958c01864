"""The shared table helpers (ui/tables.py) and a claim's evidence as a cell (ui/evidence.py):
pages, counts, which columns wrap, how columns are configured, and sources read as text."""

from __future__ import annotations

import pandas as pd
import pytest

from attrib.values import period_sort_key
from ui import evidence, tables

BLOG = {
    "id": "src-01",
    "title": "HAFNIUM targeting Exchange Servers",
    "publisher": "Microsoft",
    "published": "2021-03-02",
    "url": "https://www.microsoft.com/security/blog/hafnium",
    "relays": [],
}
WIRE = {
    "id": "src-02",
    "title": "Microsoft says Chinese hackers",
    "publisher": "Reuters",
    "published": "2021-03",
    "url": "https://www.reuters.com/x",
    "relays": ["src-01"],
    "relayed": ["src-01"],
}


@pytest.mark.parametrize(
    ("total", "page", "expected"),
    [(0, 1, (0, 0)), (10, 1, (0, 10)), (60, 2, (25, 50)), (60, 3, (50, 60)), (60, 9, (50, 60))],
)
def test_page_bounds_clamp_to_the_pages_that_exist(total, page, expected):
    assert tables.page_bounds(total, page) == expected


def test_the_count_says_which_rows_are_shown():
    assert tables.count_text(3, 0, 3) == "3 rows"
    assert tables.count_text(1, 0, 1) == "1 row"
    assert tables.count_text(230, 25, 50) == "230 rows · showing 26–50"


def test_long_text_wraps_and_short_columns_are_narrow():
    frame = pd.DataFrame(
        {
            "made on": ["2021-03", "2022"],
            "statement": [
                "Microsoft attributes the Exchange Server intrusions to HAFNIUM, a "
                "state-sponsored group operating out of China",
                "short",
            ],
            "0-100": [85, None],
            "url": ["https://example.org/a", None],
        }
    )
    assert tables.wraps(frame)
    assert not tables.wraps(frame[["made on", "0-100"]])
    config = tables.column_config(frame)
    assert config["statement"]["width"] == "large"
    assert (
        isinstance(config["made on"]["width"], int) and config["made on"]["width"] <= 110
    )  # one line, narrow
    assert config["0-100"]["type_config"]["type"] == "progress"
    assert config["url"]["type_config"]["type"] == "link"


def test_a_sources_cell_names_the_first_and_counts_the_rest_and_the_relays():
    assert evidence.sources_text([]) == ""
    assert evidence.sources_text([BLOG]) == (
        "HAFNIUM targeting Exchange Servers — Microsoft, 2021-03-02"
    )
    cell = evidence.sources_text([BLOG, WIRE, dict(WIRE, id="src-03")])  # src-03: same URL
    assert (
        cell == "HAFNIUM targeting Exchange Servers — Microsoft, 2021-03-02 (+ 1 more, 1 relaying)"
    )


def test_the_first_link_is_a_web_url_only():
    assert evidence.first_url([dict(BLOG, url="javascript:alert(1)"), WIRE]) == WIRE["url"]
    assert evidence.first_url([dict(BLOG, url=None)]) is None


def test_a_source_older_than_its_claim_is_flagged_by_period():
    vendor = {"made_on": "2021-03", "claimant_kind": "vendor"}
    assert evidence.older_than_claim({"published": "2020-12-30"}, vendor)
    assert not evidence.older_than_claim(
        {"published": "2021-03"}, dict(vendor, made_on="2021-03-05")
    )
    assert not evidence.older_than_claim({"published": "2021-03-05"}, vendor)  # in the month
    assert not evidence.older_than_claim({"published": None}, vendor)
    # a source of the claim's own time stands for its statement: older ones are its background
    statement = {"published": "2021-03", "id": "statement"}
    assert not evidence.older_than_claim(
        {"published": "2020-12-30"}, dict(vendor, sources=[statement])
    )


def test_a_secondary_works_claim_may_cite_earlier_reporting():
    """An encyclopedia's claim (claimant kind media) cites earlier news: no warning."""
    wikipedia = {"made_on": "2022", "claimant_kind": "media"}
    assert not evidence.older_than_claim({"published": "2021-03-02"}, wikipedia)
    assert evidence.older_than_claim(
        {"published": "2021-03-02"}, dict(wikipedia, claimant_kind="vendor")
    )


def test_a_denial_is_placed_before_or_after_the_claim_by_periods():
    assert evidence.order_text("2021-03", "2021-07-19") == "earlier than this claim"
    assert evidence.order_text("2021-08", "2021-07-19") == "later than this claim"
    assert evidence.order_text("2021-03", "2021-03-02").startswith("in the same period")
    assert evidence.order_text(None, "2021-03-02") == ""


def test_a_month_or_a_year_sorts_after_the_days_it_holds():
    dates = ["2021-03", "2021-03-31", "2021", "2021-03-02", None, "2021-02-28"]
    assert sorted(dates, key=period_sort_key) == [
        "2021-02-28", "2021-03-02", "2021-03-31", "2021-03", "2021", None,
    ]  # fmt: skip


def test_a_column_of_set_width_wraps_text_wider_than_it() -> None:
    """A set width keeps a column on screen at 1,280 px; its text then breaks over lines
    instead of being cut ("55 d (2021-03-02, Microsoft)" in 140 px)."""
    frame = pd.DataFrame({"technical": ["55 d (2021-03-02, Microsoft)"], "n": ["1"]})
    assert not tables.wraps(frame)  # short text: one line when the column fits it
    assert tables.wraps(frame, tables.fixed({"technical": 140}))
    assert not tables.wraps(frame, tables.fixed({"technical": 300}))
    assert not tables.wraps(frame, tables.fixed({"n": 40}))
