"""A query's result as one JSON document, the same for the CLI and the explorer.

`attrib query|cypher --format json` prints it and the explorer's "Download JSON" button
serves it, both built here, so a script written against one reads the other:

    {"query": "competing_attributions",   # the catalogue name; null for typed Cypher
     "params": {"campaign": "exchange-2021"},
     "keys": ["claimant", ...],            # the columns, in order
     "rows": [{"claimant": "Microsoft", ...}, ...],
     "truncated": false}                   # true: the row cap cut the result
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from attrib.values import to_plain


class Answer(Protocol):
    """What a result document is made of: `attrib.runner.QueryOutcome` and the UI's cached
    `Result` both have it."""

    @property
    def params(self) -> Mapping[str, Any]: ...

    @property
    def keys(self) -> Sequence[str]: ...

    @property
    def rows(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def truncated(self) -> bool: ...


def result_document(answer: Answer, name: str | None) -> dict[str, Any]:
    """The JSON-ready document of a query's answer (see the module doc).

    Args:
        answer: the rows and what produced them.
        name: the catalogue query that ran, or None for typed Cypher.

    Example:
        result_document(run_named("newest_claims", {"limit": 5}), "newest_claims")["rows"]
    """
    return {
        "query": name,
        "params": to_plain(dict(answer.params)),
        "keys": list(answer.keys),
        "rows": to_plain([dict(row) for row in answer.rows]),
        "truncated": bool(answer.truncated),
    }


def result_json(answer: Answer, name: str | None) -> str:
    """`result_document` as indented JSON text (non-ASCII kept as is: names in Japanese)."""
    return json.dumps(result_document(answer, name), indent=2, ensure_ascii=False)
