"""The as-of view's shared parts: the day it starts from (taken from the data) and its rule.

The rule itself is applied in Cypher, written once in cypher/fragments/as_of.cypher for every
query that takes as_of (docs/graph-model.md, "Dates"): a claim or source dated only by month
or year counts as known from the last day of that period, or, on request, from its first.

The date is typed into a text box: Streamlit's `st.date_input` (1.67) takes a typed date only
when the focus leaves the whole widget, never on Enter (its key handler knows Alt+ArrowDown and
Tab alone, and Tab stays inside it, on its calendar button); a text box applies on Enter. A
calendar beside it fills the box.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import streamlit as st

from ui import common, text

END, START = "end of the period", "start of the period"
PERIOD_RULES = (END, START)
RULE_HELP = (
    "A claim or source dated only by month or year (“2021-03”, “2022”) is taken as known "
    "from the last day of that period by default (2021-03 from 2021-03-31, 2022 from "
    "2022-12-31): it may have been made on that day. Choose the start of the period to "
    "count it from its first day instead."
)


def latest_known_on() -> dt.date | None:
    """The day from which every claim in the graph counts as known (`latest_claim_date`):
    the default of the as-of views. None when the graph holds no dated claim (or the query
    failed)."""
    found = common.run_quiet("latest_claim_date")
    day = found.rows[0].get("known_on") if found and found.rows else None
    return common.as_date(day)


def rule_caption(as_of: dt.date, period_start: bool) -> str:
    """What the view counts, in one sentence (plain text: no data in it)."""
    if period_start:
        return (
            f"As known on {as_of.isoformat()}: claims, denials and sources dated on or before "
            "that day; one dated only by month or year counts from the first day of its period."
        )
    return (
        f"As known on {as_of.isoformat()}: claims, denials and sources dated on or before that "
        "day; one dated only by month or year counts from the last day of its period "
        "(2021-03 from 2021-03-31), so a month not yet over is not counted."
    )


_TYPED_DAY = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")


def typed_day(text: str | None) -> dt.date | None:
    """A day typed as 2021-03-05, 2021/03/05 or 2021.03.05; None when it is not one."""
    match = _TYPED_DAY.match(text or "")
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _picked(key: str) -> None:
    """Callback of the calendar: its day goes into the text box."""
    day = st.session_state.get(f"{key}_picker")
    if isinstance(day, dt.date):
        st.session_state[key] = day.isoformat()


def day_box(where: Any, *, key: str, default: dt.date | None) -> dt.date | None:
    """The as-of day: a text box (Enter applies it) and a calendar that fills it. Returns the
    day, or None (with a message saying why) when the text is not one."""
    if key not in st.session_state:
        st.session_state[key] = default.isoformat() if default else ""
    box, pick = where.columns([3, 2], vertical_alignment="bottom")
    typed = box.text_input(
        "As of",
        key=key,
        placeholder="YYYY-MM-DD",
        help="Type a day (2021-03-05 or 2021/03/05) and press Enter, or pick one from the "
        "calendar. Only claims, state links, denials and sources dated by this day count.",
    )
    day = typed_day(typed)
    with pick.popover("Calendar", help="Pick the day from a calendar"):
        st.date_input(
            "As of",
            value=day or default,
            key=f"{key}_picker",
            on_change=_picked,
            args=(key,),
        )
    if typed.strip() and day is None:
        where.error(f"“{text.md(typed)}” is not a day: type it as YYYY-MM-DD, e.g. 2021-03-05.")
    return day
