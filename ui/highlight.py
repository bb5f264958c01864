"""Matched words in bold: search results show where the query was found.

The text is data, so every piece is escaped (`ui.text.md`) and only the bold markers are ours.

Example:
    >>> highlight("A highly skilled actor", "Highly skilled")
    'A **highly** **skilled** actor'
"""

from __future__ import annotations

import re

from ui import text


def _pattern(query: str) -> re.Pattern[str] | None:
    words = sorted({w for w in query.split() if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _piece(raw: str) -> str:
    """One stretch of text, escaped, keeping the spaces at its ends (`md` trims them)."""
    lead = " " if raw[:1].isspace() else ""
    trail = " " if raw[-1:].isspace() and raw.strip() else ""
    return lead + text.md(raw) + trail


def highlight(value: object, query: str) -> str:
    """`value` as escaped Markdown with each occurrence of a query word in bold."""
    raw = "" if value is None else " ".join(str(value).split())
    pattern = _pattern(query)
    if pattern is None:
        return text.md(raw)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(raw):
        out.append(_piece(raw[last : found.start()]))
        out.append(f"**{text.md(found.group())}**")
        last = found.end()
    out.append(_piece(raw[last:]))
    return "".join(out)
