"""How deep or large a statement Neo4j 5.26 can EXPLAIN before it stops answering (lab script).

Each statement is only EXPLAINed (parsed and planned, never run), from a worker thread that the
script stops waiting for after a bound: "NO ANSWER" means Neo4j never replied on that
connection (its parser or planner died of a StackOverflowError and the reply was lost).

Usage: eval "$(attrib neo4j env)"; python -m benchmarks.runaway_lab.parse_depth
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import neo4j

DRIVER = neo4j.GraphDatabase.driver(
    os.environ["NEO4J_URI"],
    auth=(os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")),
)


def one(label: str, text: str, wait: float = 20.0) -> None:
    """EXPLAIN `text` and print how it ended within `wait` seconds."""
    box: dict[str, Any] = {}

    def work() -> None:
        started = time.perf_counter()
        try:
            with DRIVER.session() as s:
                s.run(text).consume()
            box["r"] = f"answered {time.perf_counter() - started:6.2f}s"
        except Exception as e:
            took = time.perf_counter() - started
            box["r"] = f"error    {took:6.2f}s {type(e).__name__}: {str(e)[:120]}"

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(wait)
    print(f"{label:26} {len(text):6} chars  {box.get('r', f'NO ANSWER after {wait}s')}", flush=True)


def nest(opening: str, closing: str, core: str, depth: int) -> str:
    return opening * depth + core + closing * depth


def main() -> None:
    for n in (40, 100, 200, 300, 500, 1000):
        one(f"parens {n}", "EXPLAIN RETURN " + nest("(", ")", "1", n) + " AS x")
    for n in (40, 100, 200, 300):
        one(f"abs() {n}", "EXPLAIN RETURN " + nest("abs(", ")", "1", n) + " AS x")
    for n in (100, 300, 1000):
        one(f"lists {n}", "EXPLAIN RETURN " + nest("[", "]", "1", n) + " AS x")
    for n in (1000, 5000):
        one(f"NOT chain {n}", "EXPLAIN RETURN " + "NOT " * n + "true AS x")
    for n in (500, 1000, 2000, 5000, 10000):
        one(f"flat sum {n}", "EXPLAIN RETURN " + " + ".join(["1"] * n) + " AS x", 60)
    for n in (10, 20, 40):
        ors = " OR ".join(f"(n.a = {i} AND n.b = {i})" for i in range(n))
        one(f"OR of ANDs {n}", f"EXPLAIN MATCH (n) WHERE {ors} RETURN count(n)", 60)
    for n in (200, 2000):
        one(f"unions {n}", "EXPLAIN " + " UNION ".join(f"RETURN {i} AS x" for i in range(n)), 60)
    one("after all: RETURN 1", "RETURN 1")


if __name__ == "__main__":
    main()
