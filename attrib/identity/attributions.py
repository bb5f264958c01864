"""Who attributed what to an actor: the attribution, sponsorship and non-attribution claims
about its member records (cypher/identity/actor_attributions.cypher, as the Actor page)."""

from __future__ import annotations

from typing import Any

from attrib import cypher_text, db
from attrib.values import to_plain

QUERY = "identity/actor_attributions.cypher"
LIMIT = 500  # claims per actor at most; the caller says when it was reached
TIMEOUT = 60  # seconds


def actor_attributions(records: list[str], limit: int = LIMIT) -> list[dict[str, Any]]:
    """The claims touching `records`, one row per claim (the query's columns)."""
    found = db.read(cypher_text.read(QUERY), {"records": records, "limit": limit}, timeout=TIMEOUT)
    return [to_plain(dict(r)) for r in found.records]
