"""The text bounds on user-typed Cypher (attrib.query_bounds): pure, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from attrib.cypher_text import expand_fragments
from attrib.errors import QueryRefused
from attrib.query_bounds import (
    MAX_NESTING,
    MAX_PREFIX_CHAIN,
    MAX_QUERY_BYTES,
    MAX_UNIONS,
    check_text_bounds,
)
from tests.runaway_queries import RUNAWAY

CATALOGUE = sorted(Path(__file__).parents[1].joinpath("cypher", "queries").glob("*.cypher"))


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda p: p.stem)
def test_catalogue_queries_are_within_the_bounds(path: Path) -> None:
    check_text_bounds(expand_fragments(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("RETURN " + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1), "nests brackets"),
        ("RETURN " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1), "nests brackets"),
        ("RETURN " + "NOT " * (MAX_PREFIX_CHAIN + 1) + "true", "NOT or sign"),
        ("RETURN " + "- " * (MAX_PREFIX_CHAIN + 1) + "1", "NOT or sign"),
        (" UNION ".join(["RETURN 1 AS x"] * (MAX_UNIONS + 2)), "UNIONs"),
        ("RETURN '" + "x" * MAX_QUERY_BYTES + "'", "bytes long"),
        ("CYPHER runtime=slotted RETURN 1", "Query options"),
    ],
)
def test_refused_with_the_bound_named(text: str, says: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        check_text_bounds(text)
    assert says in refused.value.message


def test_the_size_bound_counts_bytes_not_characters() -> None:
    # 8,000 CJK characters: under the bound as characters, three times over it as UTF-8.
    cjk = "RETURN '" + "中" * 8000 + "'"
    assert len(cjk) < MAX_QUERY_BYTES < len(cjk.encode("utf-8"))
    with pytest.raises(QueryRefused) as refused:
        check_text_bounds(cjk)
    assert refused.value.message.startswith(
        f"The query is {len(cjk.encode('utf-8'))} bytes long; at most {MAX_QUERY_BYTES} "
    )
    # exactly at the bound in bytes (an emoji is 4) passes
    quoted = "RETURN ''"
    room = MAX_QUERY_BYTES - len(quoted)
    check_text_bounds("RETURN '" + "🙂" * (room // 4) + "x" * (room % 4) + "'")


def test_brackets_inside_strings_and_comments_do_not_count() -> None:
    deep = "(" * (MAX_NESTING * 2)
    check_text_bounds(f"RETURN '{deep}' AS s // {deep}")


@pytest.mark.parametrize(
    "query",
    [q for q in RUNAWAY if q.shape == "parser" and q.name != "huge-or-of-ands"],
    ids=lambda q: q.name,
)
def test_parser_runaways_are_refused_before_sending(query: object) -> None:
    with pytest.raises(QueryRefused):
        check_text_bounds(query.text)  # type: ignore[attr-defined]
