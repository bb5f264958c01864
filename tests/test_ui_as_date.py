"""`ui.common.as_date`: a date input's value from a date written as precisely as known."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from neo4j.time import Date, DateTime

from ui.common import as_date


@pytest.mark.parametrize(
    ("given", "first", "last"),
    [
        ("2021-03-02", dt.date(2021, 3, 2), dt.date(2021, 3, 2)),
        ("2021-03", dt.date(2021, 3, 1), dt.date(2021, 3, 31)),  # a reduced date: its month
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),  # a year
        (2022, dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2021-03-02T10:11:12Z", dt.date(2021, 3, 2), dt.date(2021, 3, 2)),
        (dt.date(2021, 3, 2), dt.date(2021, 3, 2), dt.date(2021, 3, 2)),
        (dt.datetime(2021, 3, 2, 23, 59), dt.date(2021, 3, 2), dt.date(2021, 3, 2)),
        (Date(2021, 3, 2), dt.date(2021, 3, 2), dt.date(2021, 3, 2)),
        (DateTime(2021, 3, 2, 10, 0, 0), dt.date(2021, 3, 2), dt.date(2021, 3, 2)),
    ],
)
def test_a_date_as_known_gives_its_first_day_or_its_last(
    given: Any, first: dt.date, last: dt.date
) -> None:
    assert as_date(given) == first
    assert as_date(given, last=True) == last


@pytest.mark.parametrize("given", [None, "", "not a date", "2021-13", "2021-02-30", "21-03"])
def test_what_is_no_date_gives_none(given: Any) -> None:
    assert as_date(given) is None
    assert as_date(given, last=True) is None
