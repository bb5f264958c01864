"""Who attributed what to an actor: the attribution, sponsorship and non-attribution claims
about its member records (cypher/identity/actor_attributions.cypher, as the Actor page), and
the stored actor a record belongs to. Both run through attrib.runner, like every UI query."""

from __future__ import annotations

from typing import Any

from attrib import runner

QUERY = "identity/actor_attributions.cypher"
STORED_ACTOR_QUERY = "identity/actor_of_record.cypher"
TIES_QUERY = "identity/actor_ties.cypher"
LIMIT = 500  # claims per actor at most; the caller says when it was reached
TIMEOUT = 60  # seconds: the CLI's; the UI passes its own


def actor_attributions(
    records: list[str], limit: int = LIMIT, timeout: float = TIMEOUT
) -> list[dict[str, Any]]:
    """The claims touching `records`, one row per claim (the query's columns), through the
    runner (read-only, timed, capped, errors in words).

    Example:
        actor_attributions(["hafnium", "attack:G0125"])
    """
    params = {"records": records, "limit": limit}
    return runner.run_file(QUERY, params, timeout=timeout, max_rows=limit).rows


def actor_ties(
    records: list[str], limit: int = LIMIT, timeout: float = TIMEOUT
) -> list[dict[str, Any]]:
    """The persons and groups tied to `records` by PART_OF (a person belonging to a group, a
    group part of another), one row per tie, through the runner.

    Example:
        actor_ties(["eurepoc:sandworm"])
    """
    params = {"records": records, "limit": limit}
    return runner.run_file(TIES_QUERY, params, timeout=timeout, max_rows=limit).rows


def stored_actor(record_id: str) -> dict[str, Any] | None:
    """The stored resolved actor an actor record belongs to (`attrib identity resolve`):
    actor_id, actor, members; None when it is not resolved."""
    rows = runner.run_file(STORED_ACTOR_QUERY, {"id": record_id}).rows
    return rows[0] if rows else None
