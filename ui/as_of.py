"""The as-of view's shared parts: the day it starts from (taken from the data) and its rule.

The rule itself is applied in Cypher (`known_by` in cypher/queries/as_of.cypher and the other
queries that take as_of; docs/graph-model.md, "Dates"): a claim or source dated only by month
or year counts as known from the last day of that period, or, on request, from its first.
"""

from __future__ import annotations

import datetime as dt

from ui import common

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
