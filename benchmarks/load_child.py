"""One run of the real loader in its own process, for its time and peak memory (VmHWM).

    python -m benchmarks.load_child PATH [--wipe] [--batch-size N] [--bulk [--keep-files DIR]]

Prints one JSON object: seconds (total, validation, writing, of which the identity resolution
after the last batch), created / updated / unchanged, rows, rows per second, what the
resolution made (actors, suspect chains) and the process's peak resident memory; with --bulk
(loader.bulk, into an empty database) also where the bulk write's time went and the import
tool's arguments. The benchmark server must be the one `benchmarks.run` started
(ATTRIB_DATA_DIR set, no NEO4J_URI).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss as a fallback), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path)
    ap.add_argument("--wipe", action="store_true")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--bulk", action="store_true", help="through neo4j-admin database import")
    ap.add_argument("--keep-files", type=Path, help="with --bulk: keep the import files here")
    args = ap.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # "type does not exist yet" notices

    from attrib import db
    from loader.bulk import BulkRun
    from loader.load import load

    bulk = BulkRun(keep_files=args.keep_files) if args.bulk else None

    marks: dict[str, float] = {}

    def mark(what: str, first: bool = False) -> None:
        """When `what` happened (its first time, or its last)."""
        if not (first and what in marks):
            marks[what] = time.perf_counter()

    started = time.perf_counter()
    outcome = load(
        [args.path],
        wipe_first=args.wipe,
        batch_size=args.batch_size,
        on_plan=lambda _plan: mark("planned", first=True),
        progress=lambda _rows: mark("written"),
        bulk=bulk or False,
        say=lambda line: print(line, file=sys.stderr),
    )
    ended = time.perf_counter()
    from benchmarks.identity_scale import coverage

    stored = coverage()  # after the load: every record in an actor, none a runaway
    db.close()
    assert outcome.report is not None
    totals = outcome.report.totals()
    rows = outcome.plan.node_count() + outcome.plan.edge_count()
    planned = marks.get("planned", started)
    resolution = outcome.identity.resolution if outcome.identity else None
    actors = resolution.actors if resolution else []
    json.dump(
        {
            "path": str(args.path),
            "wipe": args.wipe,
            "batch_size": args.batch_size,
            "seconds": round(ended - started, 2),
            "validate_seconds": round(planned - started, 2),
            "write_seconds": round(ended - planned, 2),
            "nodes": outcome.plan.node_count(),
            "edges": outcome.plan.edge_count(),
            "rows": rows,
            "rows_per_s": round(rows / (ended - started), 1),
            "write_rows_per_s": round(rows / max(ended - planned, 1e-9), 1),
            "skipped": outcome.skipped,  # unchanged since the last load: nothing read or written
            "created": totals.created,
            "updated": totals.updated,
            "unchanged": totals.unchanged,
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "identity": {
                "resolution_seconds": round(ended - marks.get("written", planned), 2),
                "records": sum(len(a.members) for a in actors),
                "actors": len(actors),
                "largest_actor": max((len(a.members) for a in actors), default=0),
                "suspect_chains": [len(c.records) for c in resolution.suspect]
                if resolution
                else [],
                "max_members": resolution.policy.max_members if resolution else 0,
                "records_without_actor": stored["records"] - stored["members"],
                "largest_stored_actor": stored["largest"],
            },
            **(
                {
                    "bulk": {
                        "files_seconds": round(bulk.files_seconds, 2),
                        "import_seconds": round(bulk.import_seconds, 2),
                        "offline_seconds": round(bulk.offline_seconds, 2),
                        "schema_seconds": round(bulk.schema_seconds, 2),
                        "arguments": bulk.arguments,
                    }
                }
                if bulk
                else {}
            ),
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
