"""When a named query finds nothing because it was given a name where it takes an id.

Analysts type what they know: `attrib query entity_profile -p id=APT28`, or paste the actor id
`attrib identity show` prints. The queries take record ids (`intrusion-set--…`, `misp:…`), so
both find nothing, and "0 rows" alone does not say why. After an empty result, each id
parameter's value is looked up as a name with the catalogue's `search` query: the records
that carry exactly that name are listed with their ids. A value that is an id finds no record
by name, so nothing is said about it.

`attrib identity show` uses the same courtesy for a name no record carries: the close names
(a typo away) and the names that contain it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from attrib.catalogue import CatalogueQuery
from attrib.errors import AttribError
from attrib.names import name_key
from attrib.runner import run_named

# A parameter that takes an id: its catalogue description says so ("the campaign id, e.g. …").
_TAKES_ID = re.compile(r"\bid\b", re.IGNORECASE)
# Resolved actors' ids (attrib.identity.resolve): a group of records, not a record.
RESOLVED_ACTOR_PREFIX = "actor:"
SHOWN = 5  # records named per hint


def _records_named(value: str) -> list[dict[str, Any]]:
    """Records whose name or alias is exactly `value` (folded), by the catalogue's search."""
    try:
        rows = run_named("search", {"q": value, "limit": SHOWN}).rows
    except AttribError:  # a hint is a courtesy: its failure must not fail the command
        return []
    return [r for r in rows if "exact" in (r.get("matched") or []) and r.get("id") != value]


def _one(row: dict[str, Any]) -> str:
    about = ", ".join(str(v) for v in (row.get("name"), row.get("dataset")) if v)
    return f"{row['id']} ({about})"


def id_hints(query: CatalogueQuery, params: dict[str, Any]) -> list[str]:
    """What to say after `query` found no rows with `params`: one line per id parameter whose
    value is a name (or a resolved actor's id) rather than a record's id; [] otherwise."""
    hints = []
    for param in query.params:
        value = params.get(param.name)
        if (
            param.type != "string"
            or not isinstance(value, str)
            or not _TAKES_ID.search(param.description)
        ):
            continue
        if value.startswith(RESOLVED_ACTOR_PREFIX):
            hints.append(
                f"{param.name}={value!r} is a resolved actor (a group of records); the queries "
                f'take a record\'s id: `attrib identity show "{value}"` lists its members.'
            )
            continue
        named = _records_named(value)
        if named:
            listed = "; ".join(_one(r) for r in named)
            hints.append(
                f"{param.name}={value!r} is not an id; records named so: {listed}. Pass one of "
                f"their ids (`attrib query search -p q=...` finds more)."
            )
    return hints


def close_names(text: str, names: list[str], shown: int = SHOWN) -> list[str]:
    """Names that look like `text` (a typo away), by difflib, case ignored."""
    by_fold: dict[str, str] = {}
    for name in sorted(names):
        by_fold.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(text.casefold(), list(by_fold), n=shown, cutoff=0.75)
    return [by_fold[c] for c in close]


def names_containing(text: str, names: list[str], shown: int = SHOWN) -> list[str]:
    """Names that hold `text` as a whole part but are not it ("Lazarus" -> "Lazarus Group"),
    shortest first: the names an analyst typing a fragment most likely meant."""
    key = name_key(text)
    if not key:
        return []
    found: dict[str, str] = {}  # one spelling per folded name
    for name in sorted(names):
        folded = name_key(name)
        if key in folded and folded != key:
            found.setdefault(folded, name)
    return sorted(found.values(), key=lambda n: (len(n), n.casefold()))[:shown]
