"""The as-of rule, over every query that takes as_of: one item moved, both sides of its day.

The rule is written once (cypher/fragments/as_of.cypher). This test holds every query that
declares `as_of` to it: for each item a query shows as of a day (a claim, a denial, a source),
the item is dated at day, month and year precision in 2030 (after everything in the seed, so
nothing else changes between the two days compared), and the query is run on the first day
the item counts and on the day before. By default a month- or year-dated item counts from the
LAST day of its period; with period_start from the first.

A query that drops the rule for sources, re-writes it its own way (month dates from their
first day, a source compared with $as_of alone) or forgets it for claims fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from attrib import db
from attrib.catalogue import catalogue
from attrib.cypher_text import CYPHER_DIR, code_only, strip_comments
from attrib.fingerprint import Fingerprint, graph_fingerprint
from attrib.runner import run_cypher, run_named
from tests.seed_facts import CHINA_DENIAL, MS_ATTRIBUTION, NON_ATTRIBUTION

MS_SPONSORSHIP = "claim-microsoft-sponsorship-hafnium-china"
RAAB_MSS = "claim-raab-sponsorship-exchange-mss"
NBC = "src-04"  # cited by Microsoft's attribution and sponsorship claims and China's denial
JAPAN_BLOG = "src-27"  # cited by Microsoft's non-attribution

AS_OF_QUERIES = sorted(n for n, q in catalogue().items() if q.param("as_of"))


def ids_shown(value: Any) -> set[str]:
    """Every claim, denial and source id anywhere in a result (rows, nested lists, maps)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("claim", "denial", "id") and isinstance(item, str):
                found.add(item)
            found |= ids_shown(item)
    elif isinstance(value, list):
        for item in value:
            found |= ids_shown(item)
    return found


def shows(item: str) -> Callable[[list[dict[str, Any]]], bool]:
    return lambda rows: item in ids_shown(rows)


def lag_item(item: str) -> Callable[[list[dict[str, Any]]], bool]:
    """attribution_lag lists a campaign's dated items by `item`."""
    return lambda rows: any(i["item"] == item for r in rows for i in r["items"])


def exchange_hafnium(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(
        r for r in rows if (r["campaign_id"], r["attributed_id"]) == ("exchange-2021", "hafnium")
    )


@dataclass(frozen=True)
class Probe:
    query: str
    params: dict[str, Any]
    label: str  # the item's node label: Claim (made_on) or Source (published)
    item: str
    shown: Callable[[list[dict[str, Any]]], bool]

    @property
    def id(self) -> str:
        return f"{self.query}-{self.item}"


PROBES = [
    Probe("as_of", {}, "Claim", MS_ATTRIBUTION, shows(MS_ATTRIBUTION)),
    Probe("as_of", {}, "Claim", CHINA_DENIAL, shows(CHINA_DENIAL)),
    Probe("as_of", {}, "Source", NBC, shows(NBC)),
    Probe("competing_attributions", {"campaign": "exchange-2021"}, "Claim", MS_ATTRIBUTION,
          shows(MS_ATTRIBUTION)),
    Probe("competing_attributions", {"campaign": "exchange-2021"}, "Claim", MS_SPONSORSHIP,
          shows(MS_SPONSORSHIP)),
    Probe("competing_attributions", {"campaign": "exchange-2021"}, "Claim", RAAB_MSS,
          shows(RAAB_MSS)),
    Probe("competing_attributions", {"campaign": "exchange-2021"}, "Claim", CHINA_DENIAL,
          shows(CHINA_DENIAL)),
    Probe("competing_attributions", {"campaign": "exchange-2021"}, "Source", NBC, shows(NBC)),
    # The matrix names no claims: Microsoft's attribution is one of the pair's two (NCSC's is
    # the other), China's denial the only one that makes it contested.
    Probe("attribution_matrix", {}, "Claim", MS_ATTRIBUTION,
          lambda rows: exchange_hafnium(rows)["claims"] == 2),
    Probe("attribution_matrix", {}, "Claim", CHINA_DENIAL,
          lambda rows: bool(exchange_hafnium(rows)["contested"])),
    Probe("denials", {}, "Claim", CHINA_DENIAL, shows(CHINA_DENIAL)),
    Probe("denials", {}, "Claim", MS_ATTRIBUTION, shows(MS_ATTRIBUTION)),
    Probe("denials", {}, "Source", NBC, shows(NBC)),
    Probe("non_attributions", {}, "Claim", NON_ATTRIBUTION, shows(NON_ATTRIBUTION)),
    Probe("non_attributions", {}, "Source", JAPAN_BLOG, shows(JAPAN_BLOG)),
    Probe("sponsorship_chain", {"id": "hafnium"}, "Claim", MS_SPONSORSHIP, shows(MS_SPONSORSHIP)),
    Probe("sponsorship_chain", {"id": "hafnium"}, "Claim", CHINA_DENIAL, shows(CHINA_DENIAL)),
    Probe("sponsorship_chain", {"id": "hafnium"}, "Source", NBC, shows(NBC)),
    Probe("attribution_lag", {"campaign": "exchange-2021"}, "Claim", MS_ATTRIBUTION,
          lag_item(MS_ATTRIBUTION)),
    Probe("attribution_lag", {"campaign": "exchange-2021"}, "Claim", CHINA_DENIAL,
          lag_item(CHINA_DENIAL)),
]  # fmt: skip

# (precision, stored date, first day it counts by default, first day with period_start)
PRECISIONS = [
    ("day", dt.date(2030, 6, 15), dt.date(2030, 6, 15), dt.date(2030, 6, 15)),
    ("month", dt.date(2030, 6, 1), dt.date(2030, 6, 30), dt.date(2030, 6, 1)),
    ("year", dt.date(2030, 1, 1), dt.date(2030, 12, 31), dt.date(2030, 1, 1)),
]


@pytest.fixture(scope="module")
def graph_kept(seeded_graph: Fingerprint) -> Iterator[None]:
    """Each case puts the date it changed back; the graph is the seed again afterwards."""
    yield
    assert graph_fingerprint() == seeded_graph


def set_date(label: str, item: str, day: dt.date | None, precision: str | None) -> None:
    field = "made_on" if label == "Claim" else "published"
    db.run_write(
        f"MATCH (n:{label} {{id: $id}}) SET n.{field} = $day, n.{field}_precision = $precision",
        {"id": item, "day": day, "precision": precision},
    )


def current_date(label: str, item: str) -> tuple[Any, Any]:
    field = "made_on" if label == "Claim" else "published"
    (record,) = run_cypher(
        f"MATCH (n:{label} {{id: $id}}) RETURN n.{field} AS day, n.{field}_precision AS p",
        {"id": item},
    ).records
    return record["day"], record["p"]


def test_every_query_that_takes_as_of_is_probed() -> None:
    assert sorted({p.query for p in PROBES}) == AS_OF_QUERIES
    for name in AS_OF_QUERIES:
        assert catalogue()[name].param("period_start"), f"{name} takes as_of without period_start"


def test_the_rule_is_written_in_one_place() -> None:
    """No query spells the rule itself: known_by is computed and compared in the fragments."""
    for path in sorted(CYPHER_DIR.rglob("*.cypher")):
        if path.parent.name == "fragments":
            continue
        code = strip_comments(path.read_text(encoding="utf-8"))  # strings kept: 'P1M'
        assert "known_by[" not in code, f"{path.name} compares with known_by itself"
        assert "duration('P1" not in code, f"{path.name} computes a period's end itself"
    for name in AS_OF_QUERIES:
        raw = code_only(catalogue()[name].path.read_text(encoding="utf-8"))
        assert "{{known_by}}" in raw, name
        assert "$period_start" not in raw, f"{name} reads period_start itself"


@pytest.mark.neo4j
@pytest.mark.parametrize("period_start", [False, True], ids=["period-end", "period-start"])
@pytest.mark.parametrize("precision", PRECISIONS, ids=[p[0] for p in PRECISIONS])
@pytest.mark.parametrize("probe", PROBES, ids=[p.id for p in PROBES])
def test_an_item_counts_from_its_day_not_the_day_before(
    graph_kept: None, probe: Probe, precision: tuple[str, dt.date, dt.date, dt.date],
    period_start: bool,
) -> None:  # fmt: skip
    name, stored, first_day_end, first_day_start = precision
    first_day = first_day_start if period_start else first_day_end
    before = current_date(probe.label, probe.item)
    set_date(probe.label, probe.item, stored, None if name == "day" else name)
    try:

        def shown_on(day: dt.date) -> bool:
            params = {**probe.params, "as_of": day.isoformat(), "period_start": period_start}
            return probe.shown(run_named(probe.query, params).rows)

        assert shown_on(first_day), f"{probe.item} ({stored}, {name}) not shown on {first_day}"
        day_before = first_day - dt.timedelta(days=1)
        assert not shown_on(day_before), (
            f"{probe.item} ({stored}, {name}) shown on {day_before}, before it was known"
        )
        assert shown_on(dt.date(2099, 12, 31)), "not shown long after"
    finally:
        set_date(probe.label, probe.item, *before)
