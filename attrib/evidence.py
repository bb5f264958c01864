"""How much independent evidence stands behind a claim: originals apart from the reports
relaying them. The one "independent source" rule of the explorer: the Claim page, the claim
cards and cells (ui/evidence.py) and claim_evidence's `independent` column apply it.

A cited source is independent unless it relays, directly or through a chain, a source the
same claim cites (`relaying`, on the `sources` maps the catalogue queries return, whose
`relayed` lists every source each relays; the rule's Cypher is written once, in
cypher/fragments/evidence.cypher, and claim_evidence's `independent` uses it too).
Grouped by original (`origin_groups`, on the rows of
`cypher/queries/claim_evidence.cypher`: one per claim and cited source, each with its
`origin`, the source at the end of its `RELAYS` chain), eight news reports of one vendor blog
are one original and seven relays, not eight sources. Everything here is pure, so views and
tests use it without a database.

Example:
    >>> claim = "claim-microsoft-attribution-exchange-hafnium"
    >>> rows = run_named("claim_evidence", {"id": claim}).rows
    >>> evidence_summary(rows)
    'Microsoft Security, 1 original + 7 reports relaying it'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]


@dataclass(frozen=True)
class OriginGroup:
    """The cited sources that go back to one original (`origin`)."""

    origin: str
    publisher: str
    cited: bool  # the original itself is among the cited sources
    sources: tuple[str, ...]  # every cited source of the group, the original included

    @property
    def relays(self) -> int:
        return len(self.sources) - (1 if self.cited else 0)

    def text(self) -> str:
        """ "Microsoft Security, 1 original + 7 reports relaying it"."""
        reports = _plural(self.relays, "report")
        if not self.cited:
            return f"{reports} relaying {self.publisher} (the original is not cited)"
        if not self.relays:
            return f"{self.publisher}, 1 original"
        return f"{self.publisher}, 1 original + {reports} relaying it"


def relaying(sources: Sequence[Row]) -> list[Row]:
    """The cited sources that are not independent: each relays, directly or through a chain,
    another source cited beside it (the maps' `relayed`: every id it relays, as
    cypher/fragments/evidence.cypher gives them)."""
    cited = {s.get("id") for s in sources}
    return [s for s in sources if set(s.get("relayed") or []) & cited]


def independence_text(sources: Sequence[Row]) -> str:
    """ "3 independent + 4 relaying them", or "" when none relays another cited source."""
    relays = len(relaying(sources))
    return f"{len(sources) - relays} independent + {relays} relaying them" if relays else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def origin_groups(rows: Sequence[Row]) -> list[OriginGroup]:
    """The cited sources grouped by original, largest group first (each source once)."""
    members: dict[str, dict[str, None]] = {}
    publisher: dict[str, str] = {}
    for row in rows:
        origin = str(row.get("origin") or row["source"])
        members.setdefault(origin, {})[str(row["source"])] = None
        publisher[origin] = str(row.get("origin_publisher") or row.get("publisher") or origin)
    groups = [
        OriginGroup(origin, publisher[origin], origin in sources, tuple(sources))
        for origin, sources in members.items()
    ]
    return sorted(groups, key=lambda g: (-len(g.sources), g.origin))


def independent_sources(rows: Sequence[Row]) -> int:
    """How many independent originals the rows rest on (cited or relayed)."""
    return len(origin_groups(rows))


def evidence_summary(rows: Sequence[Row]) -> str:
    """One line per original, joined by "; ", e.g. "Microsoft Security, 1 original + 7 reports
    relaying it"; "no sources" when there are none."""
    if not rows:
        return "no sources"
    return "; ".join(group.text() for group in origin_groups(rows))


def independent_claimants(rows: Sequence[Row]) -> list[list[str]]:
    """Claimants grouped so that two resting on a common original are one group.

    The rows of several claims (a campaign's attributions): the NCSC and the Foreign Secretary
    citing the same government release are one voice, not two. Each group's names are sorted;
    the groups come largest first.
    """
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    first_claimant: dict[str, str] = {}  # origin -> the first claimant citing it
    for row in rows:
        who = str(row.get("claimant") or row.get("claimant_id") or "unknown claimant")
        origin = str(row.get("origin") or row["source"])
        find(who)
        if origin in first_claimant:
            parent[find(who)] = find(first_claimant[origin])
        else:
            first_claimant[origin] = who
    groups: dict[str, list[str]] = {}
    for name in parent:
        groups.setdefault(find(name), []).append(name)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))


def claimant_summary(rows: Sequence[Row]) -> str:
    """ "2 independent claimants: Dominic Raab + NCSC; Microsoft" (claimants sharing an
    original joined by "+")."""
    groups = independent_claimants(rows)
    if not groups:
        return "no claimants"
    named = "; ".join(" + ".join(group) for group in groups)
    return f"{_plural(len(groups), 'independent claimant')}: {named}"
