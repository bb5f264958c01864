"""Bounds on the text of user-typed Cypher, checked before anything is sent to Neo4j.

Neo4j 5.26 parses and plans a statement recursively in a Bolt worker thread. Measured against
the real server (benchmarks/runaway-findings.md): EXPLAIN of 500 nested parentheses, 200
nested function calls, 300 nested list literals or 1,000 chained NOTs never answers (the
thread dies of a StackOverflowError and the reply is lost); a flat sum of 2,000 terms (8 KB)
costs 3.4 s of planning, 10,000 terms (40 KB) more than 30 s; 200 UNION branches make a plan
the Python driver cannot read (RecursionError). The longest catalogue query is 5.6 KB and
nests 7 deep. So: refuse before sending, with a message saying which bound was hit.
"""

from __future__ import annotations

import re

from attrib.cypher_text import code_only
from attrib.errors import QueryRefused

MAX_QUERY_BYTES = 8192
MAX_NESTING = 32  # brackets of any kind: ( [ {
MAX_PREFIX_CHAIN = 32  # NOT NOT ... / - - ... in a row
MAX_UNIONS = 50

_OPEN, _CLOSE = "([{", ")]}"
_NOT_CHAIN = re.compile(rf"(?:\bNOT\b\s*){{{MAX_PREFIX_CHAIN + 1},}}", re.IGNORECASE)
_SIGN_CHAIN = re.compile(rf"(?:[-+]\s*){{{MAX_PREFIX_CHAIN + 1},}}")
_UNION = re.compile(r"\bUNION\b", re.IGNORECASE)
_QUERY_OPTIONS = re.compile(r"^\s*CYPHER\b", re.IGNORECASE)


def nesting_depth(code: str) -> int:
    """The deepest bracket nesting of `code` (strings and comments already blanked)."""
    depth = deepest = 0
    for ch in code:
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def check_text_bounds(statement: str) -> None:
    """Refuse a statement too large or too deeply nested for Neo4j to parse within its limit.

    Raises:
        QueryRefused: with the bound that was exceeded and what to do.
    """
    size = len(statement.encode("utf-8"))
    if size > MAX_QUERY_BYTES:
        raise QueryRefused(
            f"The query is {size} bytes long; at most {MAX_QUERY_BYTES} are accepted here. "
            "Shorten it, or pass long lists as a parameter.",
            statement,
        )
    code = code_only(statement)
    if _QUERY_OPTIONS.match(code):
        raise QueryRefused(
            "Query options (CYPHER runtime=…, planner=…) are not accepted here; "
            "remove the CYPHER prefix.",
            statement,
        )
    depth = nesting_depth(code)
    if depth > MAX_NESTING:
        raise QueryRefused(
            f"The query nests brackets {depth} deep; at most {MAX_NESTING} are accepted "
            "(deeper nesting can crash Neo4j's parser). Flatten the expression.",
            statement,
        )
    if _NOT_CHAIN.search(code) or _SIGN_CHAIN.search(code):
        raise QueryRefused(
            f"The query chains more than {MAX_PREFIX_CHAIN} NOT or sign operators in a row; "
            "simplify the expression.",
            statement,
        )
    unions = len(_UNION.findall(code))
    if unions > MAX_UNIONS:
        raise QueryRefused(
            f"The query has {unions} UNIONs; at most {MAX_UNIONS} are accepted here.",
            statement,
        )
