"""A content fingerprint of the whole graph: proves that something changed nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from attrib import cypher_text, db


@dataclass(frozen=True)
class Fingerprint:
    nodes: int
    relationships: int
    sha256: str


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)  # dates, times, points


def graph_fingerprint() -> Fingerprint:
    """Counts and a SHA-256 over every node and relationship with all their properties."""
    nodes = db.read(cypher_text.read("admin/fingerprint_nodes.cypher"), timeout=120).records
    edges = db.read(cypher_text.read("admin/fingerprint_edges.cypher"), timeout=120).records
    lines = sorted(json.dumps(_canonical([sorted(r["labels"]), r["props"]])) for r in nodes)
    lines += sorted(
        json.dumps(_canonical([r["from"], r["type"], r["to"], r["props"]])) for r in edges
    )
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return Fingerprint(len(nodes), len(edges), digest)
