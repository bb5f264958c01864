"""The whole graph as sorted text lines with every value's type, and the schema, for comparing
two loads exactly (tests/test_bulk_load.py: the bulk load against the online one).

`attrib.fingerprint` hashes values as text, so a date and the string "2021-03-02" hash alike;
here each value carries its Neo4j type, so a date written as a string is a difference.

    python -m tests.graph_dump OUT.txt     # against the server of ATTRIB_DATA_DIR / NEO4J_*
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from attrib import cypher_text, db


def typed(value: Any) -> Any:
    """A value with its type: [type, text] for scalars, lists element by element."""
    if isinstance(value, list):
        return ["list", [typed(v) for v in value]]
    if isinstance(value, dict):
        return {k: typed(v) for k, v in sorted(value.items())}
    return [type(value).__name__, value if isinstance(value, int | float | str) else str(value)]


def graph_lines() -> list[str]:
    """One line per node (labels, properties), relationship (ends' ids, type, properties),
    constraint and index; sorted, so element ids and write order do not matter."""
    nodes = db.read(cypher_text.read("admin/fingerprint_nodes.cypher"), timeout=300).records
    edges = db.read(cypher_text.read("admin/fingerprint_edges.cypher"), timeout=300).records
    lines = sorted(
        "node " + json.dumps([sorted(r["labels"]), typed(r["props"])], ensure_ascii=False)
        for r in nodes
    )
    lines += sorted(
        "edge " + json.dumps([r["from"], r["type"], r["to"], typed(r["props"])]) for r in edges
    )
    for kind in ("constraint", "index"):
        rows = db.read(cypher_text.read(f"admin/{kind}_listing.cypher"), timeout=60).records
        lines += [f"{kind} " + json.dumps(typed(dict(r))) for r in rows]
    return lines


def main(argv: list[str]) -> int:
    lines = graph_lines()
    Path(argv[0]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
