"""Benchmark: import a ~100 MB STIX 2.1 bundle and report peak memory and time.

Generates a synthetic bundle (identities, intrusion sets, campaigns, malware, tools, reports and
relationships with descriptions and external references) into a temporary directory, then
imports it with `loader.load.load` into the configured Neo4j (NEO4J_URI…, or the local server of
`attrib neo4j start`). Run it against a scratch server, e.g.:

    ATTRIB_DATA_DIR=/tmp/bench-neo4j .venv/bin/attrib neo4j start
    ATTRIB_DATA_DIR=/tmp/bench-neo4j .venv/bin/python benchmarks/stix_memory.py --wipe

Not a test: it takes minutes. The target is < 1 GB peak RSS for a 100 MB bundle.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from attrib import db
from loader.load import load

TS = "2021-03-02T00:00:00.000Z"
TEXT = (
    "Synthetic description for the STIX import benchmark: the group was seen using the tool "
    "against several sectors; the vendor assesses the link with moderate confidence based on "
    "overlapping infrastructure, code reuse and victimology. "
)


def _id(stype: str, n: int) -> str:
    return f"{stype}--{uuid.UUID(int=(zlib.crc32(stype.encode()) << 64) | n, version=4)}"


def _obj(stype: str, n: int, **props: Any) -> dict[str, Any]:
    return {
        "type": stype,
        "spec_version": "2.1",
        "id": _id(stype, n),
        "created": TS,
        "modified": TS,
        **props,
    }


def _objects(scale: int) -> Iterator[dict[str, Any]]:
    vendors = 20
    actors, campaigns, tools = scale, scale, 2 * scale
    for n in range(vendors):
        yield _obj("identity", n, name=f"Vendor {n}", identity_class="organization")
    for n in range(actors):
        yield _obj(
            "intrusion-set",
            n,
            name=f"Bench Group {n:06d}",
            aliases=[f"BG-{n:06d}", f"Bench Cluster {n:06d}"],
            description=TEXT,
            created_by_ref=_id("identity", n % vendors),
        )
    for n in range(campaigns):
        yield _obj("campaign", n, name=f"Bench Operation {n:06d}", description=TEXT)
    for n in range(tools):
        yield _obj("malware", n, name=f"BenchWare {n:06d}", is_family=True, description=TEXT)
    rel = 0
    for n in range(campaigns):
        rel += 1
        yield _obj(
            "relationship",
            rel,
            relationship_type="attributed-to",
            source_ref=_id("campaign", n),
            target_ref=_id("intrusion-set", n % actors),
            confidence=(n * 7) % 101,
            description=TEXT,
            created_by_ref=_id("identity", n % vendors),
            external_references=[
                {
                    "source_name": f"Vendor {n % vendors} blog",
                    "description": f"Vendor {n % vendors}. Report {n}.",
                    "url": f"https://bench.example/reports/{n}",
                }
            ],
        )
        for k in range(8):
            rel += 1
            yield _obj(
                "relationship",
                rel,
                relationship_type="uses",
                source_ref=_id("intrusion-set", n % actors),
                target_ref=_id("malware", (n * 8 + k) % tools),
                description=TEXT,
                created_by_ref=_id("identity", (n + k) % vendors),
            )
    for n in range(scale // 10):
        yield _obj(
            "report",
            n,
            name=f"Bench report {n}",
            published=TS,
            object_refs=[
                _id("relationship", 1 + 9 * ((n * 10 + k) % campaigns)) for k in range(10)
            ],
            created_by_ref=_id("identity", n % vendors),
        )


def generate(path: Path, scale: int) -> int:
    """Write the bundle object by object (the generator never holds it); returns its size."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"type": "bundle", "id": "{_id("bundle", 1)}", "objects": [\n')
        for i, obj in enumerate(_objects(scale)):
            out.write(("," if i else "") + json.dumps(obj) + "\n")
        out.write("]}\n")
    return path.stat().st_size


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=int, default=12000, help="actors (a bundle of about 8.3 kB per actor)"
    )
    parser.add_argument("--wipe", action="store_true", help="empty the graph first")
    parser.add_argument("--twice", action="store_true", help="import again (idempotency)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stix-bench-") as tmp:
        path = Path(tmp) / "bundle.json"
        started = time.perf_counter()
        size = generate(path, args.scale)
        print(f"generated {size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
        print(f"peak RSS before import: {peak_rss_mb():.0f} MB")
        runs = 2 if args.twice else 1
        for run in range(runs):
            started = time.perf_counter()
            outcome = load([path], wipe_first=args.wipe and run == 0)
            elapsed = time.perf_counter() - started
            assert outcome.report is not None and outcome.records_read is not None
            t = outcome.report.totals()
            print(
                f"import {run + 1}: {outcome.records_read} objects in {elapsed:.1f} s; "
                f"created {t.created}, updated {t.updated}, unchanged {t.unchanged}"
            )
            print(f"peak RSS: {peak_rss_mb():.0f} MB")
    db.close()


if __name__ == "__main__":
    main()
