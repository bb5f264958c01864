"""Partial ISO dates: "2012", "2021-07" or "2021-07-19", kept with their precision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from attrib.values import partial_date_text

Precision = Literal["year", "month", "day"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day; `value` is its first day."""

    value: dt.date
    precision: Precision = "day"

    def __str__(self) -> str:
        return partial_date_text(self.value, self.precision)


def parse_partial_date(raw: Any) -> PartialDate:
    """Parse YAML's view of a date (a date, an int year or a string) into a PartialDate.

    Raises:
        ValueError: with a message naming the accepted forms.
    """
    if isinstance(raw, PartialDate):
        return raw
    if isinstance(raw, dt.datetime):
        return PartialDate(raw.date(), "day")
    if isinstance(raw, dt.date):
        return PartialDate(raw, "day")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueError(f"expected a date like 2021-07-19, 2021-07 or 2021, got {raw!r}")
    match = _PATTERN.match(raw.strip())
    if not match:
        raise ValueError(f"{raw!r} is not a date like 2021-07-19, 2021-07 or 2021")
    year, month, day = match.groups()
    try:
        if day:
            return PartialDate(dt.date(int(year), int(month), int(day)), "day")
        if month:
            return PartialDate(dt.date(int(year), int(month), 1), "month")
        return PartialDate(dt.date(int(year), 1, 1), "year")
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not a real date ({exc})") from None
