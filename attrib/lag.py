"""Attribution lag: how long after a campaign began it was attributed, denied, answered in law.

The rules live here and nowhere else (docs/graph-model.md, "Attribution lag", says the same in
prose). `cypher/queries/attribution_lag.cypher` returns each campaign's start and its dated
items; everything below is pure Python over those rows, used alike by `attrib lag` and the
explorer's Lag page and Attributions strip.

Phases. An item counts in at most one phase:
- legal: an attribution claim whose `basis` is 'legal', or an Event of kind 'legal-response'
  (sanctions, indictments) concerning the campaign;
- political: any other attribution claimed by a state or intergovernmental body (an
  Organisation of kind government, agency, intergovernmental, legislature or regulator), by a
  person who works for one, or whose basis is 'political';
- technical: any other attribution whose basis is 'technical' or whose claimant is a vendor,
  company or research organisation, or a person who works for one;
- denial: a denial claim whose subject is the campaign or which disputes one of its
  attributions.
Any other attribution (a newspaper's 'reporting', say) is not counted, and listed as such.

Days. A date is known as a day, a month or a year (`attrib.values.period_bounds`); the lag
from a campaign's start to an item is the range of whole days from the earliest to the latest
reading: a start of 2021-01-06 and a denial of 2021-03 give 54..84 days. A lag is exact when
that range is a single day, which needs both dates known to the day. The first item of a
phase lies between the smallest low and the smallest high bound of its items, so one day-dated
item earlier than every imprecise one still gives an exact first lag. Medians and quartiles
use exact lags only; every figure says how many were left out as imprecise (a range) or for
want of a start date. A lag below zero (an attribution dated before the campaign's start, as
a campaign's recorded start may be later than its first known activity) is kept and flagged.

Example:
    lags = campaign_lags(run_named("attribution_lag", {}).rows)
    aggregate(lags, "type")[0].stats.median   # days to the first technical attribution
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from attrib.values import period_bounds

Phase = Literal["technical", "political", "legal", "denial"]
PHASES: tuple[Phase, ...] = get_args(Phase)
GroupBy = Literal["type", "state", "year"]
GROUP_BYS: tuple[GroupBy, ...] = get_args(GroupBy)

# Claimant kinds (loader/models.py, Organisation.kind) whose attributions are political.
POLITICAL_KINDS = frozenset(
    {"government", "agency", "intergovernmental", "legislature", "regulator"}
)
TECHNICAL_KINDS = frozenset({"vendor", "company", "research"})
NO_STATE = "(no state link)"
NO_START = "(no start date)"


@dataclass(frozen=True)
class Item:
    """One dated item of a campaign, as the query returns it."""

    id: str
    type: str  # 'claim' or 'event'
    kind: str  # attribution, denial, legal-response
    date: str  # as precisely as known: "2021", "2021-03", "2021-03-02"
    precision: str  # day, month, year
    basis: str | None = None
    claimant: str | None = None
    claimant_kind: str | None = None  # an Organisation's kind, or 'person'
    employer_kinds: tuple[str, ...] = ()  # a person's organisations' kinds
    statement: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Item:
        return cls(
            id=str(row["item"]),
            type=str(row.get("type") or "claim"),
            kind=str(row.get("kind") or ""),
            date=str(row.get("date") or ""),
            precision=str(row.get("date_precision") or "day"),
            basis=row.get("basis"),
            claimant=row.get("claimant"),
            claimant_kind=row.get("claimant_kind"),
            employer_kinds=tuple(k for k in row.get("employer_kinds") or () if k),
            statement=row.get("statement"),
        )


def _claimant_is(item: Item, kinds: frozenset[str], noun: str) -> str | None:
    """Why the claimant puts the item in the phase of `kinds`: it is such a body, or a person
    working for one; None when neither."""
    if item.claimant_kind in kinds:
        return f"claimant is a {item.claimant_kind}{noun}"
    employer = sorted(set(item.employer_kinds) & kinds)
    if item.claimant_kind == "person" and employer:
        return f"claimant works for a {employer[0]}{noun}"
    return None


def phase_of(item: Item) -> tuple[Phase | None, str]:
    """The phase an item counts in, and why (the reason also says why it does not count).

    Example:
        phase_of(Item("c", "claim", "attribution", "2021-07-19", "day", basis="intelligence",
                      claimant_kind="agency"))  # ("political", "claimant is an agency")
    """
    if item.type == "event":
        if item.kind == "legal-response":
            return "legal", "a legal response (event)"
        return None, f"an event of kind {item.kind!r}"
    if item.kind == "denial":
        return "denial", "a denial"
    if item.kind != "attribution":
        return None, f"a {item.kind} claim"
    if item.basis == "legal":
        return "legal", "basis legal"
    political = _claimant_is(item, POLITICAL_KINDS, " body")
    if political:
        return "political", political
    if item.basis == "political":
        return "political", "basis political"
    if item.basis == "technical":
        return "technical", "basis technical"
    technical = _claimant_is(item, TECHNICAL_KINDS, "")
    if technical:
        return "technical", technical
    who = item.claimant_kind or "unknown"
    return None, f"basis {item.basis or 'unspecified'} and claimant kind {who}: not counted"


@dataclass(frozen=True)
class Lag:
    """Days from a campaign's start to an item: `low`..`high`, one value when exact."""

    low: int
    high: int

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def before_start(self) -> bool:
        """Dated before the campaign began, for certain (an exact lag below zero, or a range
        wholly below it)."""
        return self.high < 0

    def text(self) -> str:
        """ "55 d", "54 to 84 d"."""
        return f"{self.low} d" if self.exact else f"{self.low} to {self.high} d"


def lag_between(start: str | None, date: str | None) -> Lag | None:
    """The lag from `start` to `date` (both as precisely as known); None when either is
    missing or unreadable.

    Example:
        lag_between("2021-01-06", "2021-03") == Lag(54, 84)
    """
    begun, said = period_bounds(start or ""), period_bounds(date or "")
    if begun is None or said is None:
        return None
    return Lag((said[0] - begun[1]).days, (said[1] - begun[0]).days)


@dataclass(frozen=True)
class Milestone:
    """The first item of one phase of a campaign."""

    phase: Phase
    item: Item  # the item that may have come first (the earliest possible date)
    lag: Lag | None  # None: the campaign has no start date
    count: int  # items in this phase


@dataclass(frozen=True)
class NotCounted:
    campaign_id: str
    item: Item
    reason: str


@dataclass(frozen=True)
class CampaignLag:
    """One campaign: its start, its state links and the first item of each phase."""

    id: str
    name: str
    start: str | None  # as precisely as known
    states: dict[str, tuple[str, ...]]  # country name -> the routes linking it ('sponsorship', ...)
    milestones: dict[Phase, Milestone]
    not_counted: tuple[NotCounted, ...] = ()

    @property
    def start_year(self) -> int | None:
        bounds = period_bounds(self.start or "")
        return bounds[0].year if bounds else None


def _first(phase: Phase, items: list[Item], start: str | None) -> Milestone:
    """The phase's first item and the range its lag lies in (see the module doc)."""
    bounds = {item.id: period_bounds(item.date) for item in items}
    dated = [i for i in items if bounds[i.id] is not None]
    # the item with the earliest possible date (of two starting alike, the more precise)
    first = min(dated, key=lambda i: (bounds[i.id], i.id)) if dated else items[0]
    lags = [lag for lag in (lag_between(start, i.date) for i in dated) if lag]
    lag = Lag(min(x.low for x in lags), min(x.high for x in lags)) if lags else None
    return Milestone(phase, first, lag, len(items))


def campaign_lag(row: Mapping[str, Any]) -> CampaignLag:
    """One row of `attribution_lag` as a CampaignLag."""
    start = row.get("first_seen") or None
    by_phase: dict[Phase, list[Item]] = {}
    skipped: list[NotCounted] = []
    for raw in row.get("items") or []:
        item = Item.from_row(raw)
        phase, reason = phase_of(item)
        if phase is None:
            skipped.append(NotCounted(str(row["campaign_id"]), item, reason))
        else:
            by_phase.setdefault(phase, []).append(item)
    states: dict[str, list[str]] = {}
    for link in row.get("states") or []:
        routes = states.setdefault(str(link["state"]), [])
        if link.get("via") not in routes:
            routes.append(str(link.get("via")))
    return CampaignLag(
        id=str(row["campaign_id"]),
        name=str(row.get("campaign") or row["campaign_id"]),
        start=start,
        states={k: tuple(v) for k, v in sorted(states.items())},
        milestones={p: _first(p, by_phase[p], start) for p in PHASES if p in by_phase},
        not_counted=tuple(skipped),
    )


def campaign_lags(rows: Iterable[Mapping[str, Any]]) -> list[CampaignLag]:
    """Every row of `attribution_lag` as a CampaignLag, in the query's order."""
    return [campaign_lag(row) for row in rows]


# --- Figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Exact lags of one group: n, median, quartiles, extremes; and what was left out."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    low: int | None
    high: int | None
    left_out_imprecise: int  # a month- or year-dated start or item: a range, not a number
    left_out_undated: int  # the campaign has no start date
    before_start: int  # exact lags below zero, kept in the figures

    @classmethod
    def of(cls, milestones: Iterable[Milestone]) -> Stats:
        chosen = list(milestones)
        exact = sorted(m.lag.low for m in chosen if m.lag and m.lag.exact)
        q1, median, q3 = quartiles(exact)
        return cls(
            n=len(exact),
            median=median,
            q1=q1,
            q3=q3,
            low=exact[0] if exact else None,
            high=exact[-1] if exact else None,
            left_out_imprecise=sum(1 for m in chosen if m.lag and not m.lag.exact),
            left_out_undated=sum(1 for m in chosen if m.lag is None),
            before_start=sum(1 for d in exact if d < 0),
        )


def quartiles(values: list[int]) -> tuple[float | None, float | None, float | None]:
    """(first quartile, median, third quartile), linear between ranks ("inclusive", as a
    spreadsheet's QUARTILE); one value is all three; none gives Nones.

    Example:
        quartiles([10, 20, 30, 40]) == (17.5, 25.0, 32.5)
    """
    if not values:
        return None, None, None
    if len(values) == 1:
        only = float(values[0])
        return only, only, only
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


@dataclass(frozen=True)
class Group:
    """The figures of one phase within one group (a state, a year; None for by type)."""

    key: str | None
    phase: Phase
    stats: Stats
    via: tuple[str, ...] = ()  # by state: the routes linking its campaigns to the state


def group_keys(lag: CampaignLag, by: GroupBy) -> list[str | None]:
    """The groups a campaign counts in: by type one (None); by state each linked country (a
    campaign linked to two counts under both) or NO_STATE; by year its start's year or
    NO_START."""
    if by == "state":
        return list(lag.states) or [NO_STATE]
    if by == "year":
        return [str(lag.start_year) if lag.start_year else NO_START]
    return [None]


def aggregate(lags: Iterable[CampaignLag], by: GroupBy = "type") -> list[Group]:
    """The figures per group and phase, groups in order (states by name, years ascending),
    phases in PHASES order; a phase no campaign of the group reached is left out.

    Example:
        [(g.key, g.phase, g.stats.median) for g in aggregate(lags, "year")]
    """
    buckets: dict[tuple[str | None, Phase], list[Milestone]] = {}
    routes: dict[tuple[str | None, Phase], set[str]] = {}
    for lag in lags:
        for key in group_keys(lag, by):
            for phase, milestone in lag.milestones.items():
                buckets.setdefault((key, phase), []).append(milestone)
                routes.setdefault((key, phase), set()).update(lag.states.get(key or "", ()))
    order = sorted(buckets, key=lambda kp: (kp[0] or "", PHASES.index(kp[1])))
    return [
        Group(key, phase, Stats.of(buckets[(key, phase)]), tuple(sorted(routes[(key, phase)])))
        for key, phase in order
    ]


# --- One document, for the CLI's JSON and CSV and the explorer's download --------------------


def _number(value: float | None) -> float | int | None:
    """55.0 as 55 (days read as whole numbers where they are)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 1)


def group_row(group: Group, by: GroupBy) -> dict[str, Any]:
    """One group as a flat row (the CLI's table and CSV, the explorer's table)."""
    s = group.stats
    row: dict[str, Any] = {} if by == "type" else {by: group.key}
    row.update(
        phase=group.phase,
        n=s.n,
        median=_number(s.median),
        q1=_number(s.q1),
        q3=_number(s.q3),
        min=s.low,
        max=s.high,
        left_out_imprecise=s.left_out_imprecise,
        left_out_undated=s.left_out_undated,
        before_start=s.before_start,
    )
    if by == "state":
        row["via"] = ", ".join(group.via)  # the routes: named, operates from, sponsorship
    return row


def milestone_doc(m: Milestone) -> dict[str, Any]:
    return {
        "item": m.item.id,
        "claimant": m.item.claimant,
        "date": m.item.date,
        "days": m.lag.low if m.lag and m.lag.exact else None,
        "days_range": [m.lag.low, m.lag.high] if m.lag else None,
        "exact": bool(m.lag and m.lag.exact),
        "before_start": bool(m.lag and m.lag.before_start),
        "items": m.count,
    }


def campaign_doc(lag: CampaignLag) -> dict[str, Any]:
    return {
        "campaign_id": lag.id,
        "campaign": lag.name,
        "first_seen": lag.start,
        "states": [{"state": s, "via": list(v)} for s, v in lag.states.items()],
        "milestones": {p: milestone_doc(m) for p, m in lag.milestones.items()},
    }


@dataclass(frozen=True)
class Summary:
    """Everything one view shows: the groups, the campaigns, what was not counted."""

    by: GroupBy
    groups: list[Group]
    campaigns: list[CampaignLag]
    truncated: bool = False
    not_counted: list[NotCounted] = field(default_factory=list)

    def left_out(self) -> dict[str, int]:
        """Milestones left out of the figures, by reason, over every phase (a campaign counted
        under two states counts once here)."""
        all_milestones = [m for c in self.campaigns for m in c.milestones.values()]
        return {
            "imprecise": sum(1 for m in all_milestones if m.lag and not m.lag.exact),
            "no_start_date": sum(1 for m in all_milestones if m.lag is None),
            "attributions_not_counted": len(self.not_counted),
        }

    def document(self) -> dict[str, Any]:
        """The JSON document (`attrib lag --format json`, the explorer's download)."""
        by_type = {g.phase: g.stats for g in aggregate(self.campaigns, "type")}
        return {
            "by": self.by,
            "medians": {  # every phase, n 0 where none has an exact lag
                p: {
                    "median": _number(by_type[p].median) if p in by_type else None,
                    "n": by_type[p].n if p in by_type else 0,
                }
                for p in PHASES
            },
            "groups": [group_row(g, self.by) for g in self.groups],
            "left_out": self.left_out(),
            "campaigns": [campaign_doc(c) for c in self.campaigns],
            "not_counted": [
                {
                    "campaign_id": n.campaign_id,
                    "item": n.item.id,
                    "claimant": n.item.claimant,
                    "reason": n.reason,
                }
                for n in self.not_counted
            ],
            "truncated": self.truncated,
        }


def summarise(
    rows: Iterable[Mapping[str, Any]], by: GroupBy = "type", *, truncated: bool = False
) -> Summary:
    """The rows of `attribution_lag` as the figures grouped `by`.

    Args:
        rows: the query's rows (`run_named("attribution_lag", ...).rows`).
        by: 'type' (phase alone), 'state' (the attributed country) or 'year' (of the start).
        truncated: the row cap cut the rows (said in the document).

    Example:
        summarise(run_named("attribution_lag", {}).rows).document()["medians"]["technical"]
    """
    if by not in GROUP_BYS:
        raise ValueError(f"by must be one of {', '.join(GROUP_BYS)}, not {by!r}")
    campaigns = campaign_lags(rows)
    return Summary(
        by=by,
        groups=aggregate(campaigns, by),
        campaigns=campaigns,
        truncated=truncated,
        not_counted=[n for c in campaigns for n in c.not_counted],
    )
