"""Which attribution is which: one claim key per attribution, whatever file or run it came from.

The Global Database numbers an incident's attributions by position (`1001:1`, `1001:2`) and
may carry no `attribution_ID`; the Attribution dataset keys them by `attribution_ID` alone.
Neither can name the other's attribution, and an import never looks into the database
(docs/identity.md), so the claim's key is made of what both files say about the attribution:
its incident, its date (with precision) and who attributed it to whom, folded
(`attrib.names.name_key`), the attributed country too when no initiator is named. Two
attributions of one incident that say exactly the same are told apart by their rank: position
in the Global Database, attribution_ID order in the Attribution dataset.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from attrib.names import name_key
from loader.sources.eurepoc.rows import Attribution

WHO = ("attributing_actor", "attribution_it_company", "attributing_country")


def signature(att: Attribution) -> tuple[str, ...]:
    """What both files say about an attribution: incident, date, attributor(s), attributed."""
    date = f"{att.date.value}/{att.date.precision}" if att.date else ""
    initiator = att.get("attributed_initiator")
    # the claim's object is the country only when no initiator is named
    attributed = [initiator] if initiator else ["", att.get("attributed_initiator_country") or ""]
    names = [name_key(att.get(col) or "") for col in WHO] + [name_key(t) for t in attributed]
    return (att.incident, date, *names)


def _natural(att: Attribution) -> tuple[int, tuple[int | str, ...]]:
    """attribution_ID order: 999 before 1000."""
    parts = tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", att.key) if p)
    return (0, parts) if all(isinstance(p, int) for p in parts) else (1, (att.key,))


def with_claim_keys(atts: Iterable[Attribution], by_position: bool) -> list[Attribution]:
    """The attributions with `claim_key` set, `<incident ID>:<digest of signature and rank>`.

    Args:
        atts: one file kind's attributions.
        by_position: rank identical attributions in the given order (Global Database), else
            in attribution_ID order (Attribution dataset).
    """
    items = list(atts)
    ranked = items if by_position else sorted(items, key=_natural)
    seen: Counter[tuple[str, ...]] = Counter()
    keys: dict[int, str] = {}
    for att in ranked:
        sig = signature(att)
        seen[sig] += 1
        text = "\x1f".join((*sig, str(seen[sig])))
        keys[id(att)] = f"{att.incident}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    return [replace(att, claim_key=keys[id(att)]) for att in items]
