"""Which attribution is which: one claim key per statement, whatever file or run it came from.

The Global Database lists an incident's attribution entries by position and carries no
`attribution_ID`; the Attribution dataset keys its rows by `attribution_ID` (repeated once
per attributed initiator, sometimes empty). Neither can name the other's rows, and an import
never looks into the database (docs/identity.md), so a claim's key is made of what both files
say about the statement: its incident, date (with precision), type, basis, who attributed it
(the attributing columns) and to whom (the initiator as written, or the country when none is
named), folded (`attrib.names.name_key`); the claimant the rules infer is not part of it (the
Attribution dataset cannot name a receiver's government: the Global Database does). Entries
that say exactly the same are one claim: EuRepoC repeats an entry once for each country and
category of its initiator, and those become the claim's lists, not claims of their own.
"""

from __future__ import annotations

import hashlib

from attrib.names import name_key
from loader.sources.eurepoc.rows import Entry

WHO = ("attributing_actor", "attribution_it_company", "attributing_country")
WHAT = ("attribution_type", "attribution_basis")


def signature(entry: Entry, initiator: str | None) -> tuple[str, ...]:
    """What both files say about one attribution statement (module docstring)."""
    date = f"{entry.date.value}/{entry.date.precision}" if entry.date else ""
    attributed = [initiator] if initiator else ["", entry.get("attributed_initiator_country") or ""]
    names = [name_key(entry.get(col) or "") for col in (*WHO, *WHAT)]
    return (entry.incident, date, *names, *[name_key(t) for t in attributed])


def claim_key(entry: Entry, initiator: str | None) -> str:
    """`<incident ID>:<digest of the signature>`."""
    text = "\x1f".join(signature(entry, initiator))
    return f"{entry.incident}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"
