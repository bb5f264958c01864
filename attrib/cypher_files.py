"""Cypher lives in .cypher files under cypher/; this module finds and reads them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"


@cache
def read(relative: str) -> str:
    """The text of cypher/<relative> (e.g. "load/merge_nodes.cypher"), cached."""
    return (CYPHER_DIR / relative).read_text(encoding="utf-8")


def strip_comments(text: str) -> str:
    """Drop // line comments outside string literals (enough for our own files)."""
    out = []
    for line in text.splitlines():
        in_single = in_double = False
        for i, ch in enumerate(line):
            if ch == "'" and not in_double:
                in_single = not in_single
            elif ch == '"' and not in_single:
                in_double = not in_double
            elif ch == "/" and line[i : i + 2] == "//" and not (in_single or in_double):
                line = line[:i]
                break
        out.append(line)
    return "\n".join(out)


def statements(relative: str) -> list[str]:
    """The ;-separated statements of a file such as schema.cypher, comments removed."""
    body = strip_comments(read(relative))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]
