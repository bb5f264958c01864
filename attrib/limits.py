"""The limits on every query the explorer runs, declared once with defaults and help text.

Both the CLI (`attrib cypher --timeout/--max-rows`) and the UI read them from here; README.md
documents each one (a test checks). A requested value is clamped to the limit's range, so a
caller can ask for less, never for more.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One limit: its default, the smallest and largest value a caller may ask for."""

    name: str
    default: float
    minimum: float
    maximum: float
    help: str

    def clamp(self, requested: float | None) -> float:
        """The value to use: the default when nothing is asked, else clamped to the range."""
        if requested is None:
            return self.default
        return min(max(requested, self.minimum), self.maximum)


LIMITS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit(
            name="timeout_seconds",
            default=10,
            minimum=0.1,
            maximum=60,
            help="Seconds a query may run before Neo4j stops it (default 10, at most 60).",
        ),
        Limit(
            name="max_rows",
            default=1000,
            minimum=1,
            maximum=10000,
            help="Rows returned at most; more are cut off and the result marked truncated "
            "(default 1000, at most 10000).",
        ),
        Limit(
            name="max_result_mb",
            default=16,
            minimum=1,
            maximum=16,
            help="Megabytes a result may hold (strings by length, numbers and list items 8 "
            "bytes each), whatever its row count: a larger result is refused with a message "
            "(16, the same for every query).",
        ),
    )
}


def timeout_seconds(requested: float | None = None) -> float:
    """The transaction timeout to use for a requested one (None: the default)."""
    return LIMITS["timeout_seconds"].clamp(requested)


def max_result_bytes() -> int:
    """The weight a capped result may have, in bytes (see attrib.values.weight)."""
    return int(LIMITS["max_result_mb"].default * 1024 * 1024)


def max_rows(requested: int | None = None) -> int:
    """The row cap to use for a requested one (None: the default)."""
    return int(LIMITS["max_rows"].clamp(requested))
