"""The MISP galaxy fixtures and plan readers the MISP tests share: the small clusters written for
them (tests/fixtures/misp/small, MISP's format) with their UUID prefixes, and the planned rows
and edges of a plan by id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loader.plan import Plan

FIXTURES = Path(__file__).parent / "fixtures" / "misp"
SMALL = FIXTURES / "small"
TA = "11111111-1111-4111-8111-00000000000"  # + 1..5: the small threat-actor clusters
MAG = "22222222-2222-4222-8222-00000000000"  # + 1..4: the small Microsoft clusters


def rows(plan: Plan, label: str) -> dict[str, dict[str, Any]]:
    """A label's planned node properties by id."""
    return {row["id"]: row["props"] for row in plan.nodes[label]}


def edges(plan: Plan, etype: str, frm: str, to: str) -> dict[str, list[str]]:
    """A relationship type's planned targets by source id."""
    out: dict[str, list[str]] = {}
    for row in plan.edges[(etype, frm, to)]:
        out.setdefault(row["from"], []).append(row["to"])
    return out
