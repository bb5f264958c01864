"""How names are compared and made findable: one folding rule for every source and query.

Example:
    >>> name_key("Silk-Typhoon") == name_key("silk typhoon")
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any


def name_key(name: str) -> str:
    """Compare names ignoring case, spaces and punctuation: 'Silk Typhoon' == 'silk-typhoon'."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", "", folded)


def name_props(names: Iterable[str]) -> dict[str, Any]:
    """`name_keys` (every name folded) and `name_search` (the keys joined by spaces).

    A list property cannot be indexed for CONTAINS, so `name_search` carries the same keys as
    one string for "name contains" search through a TEXT index (search.cypher); keys have no
    spaces, so a space always separates two names.
    """
    keys = sorted({key for key in (name_key(n) for n in names) if key})
    return {"name_keys": keys, "name_search": " ".join(keys)}
