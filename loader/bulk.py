"""`attrib load --bulk`: a first load through `neo4j-admin database import`, the server stopped.

The input is read, validated and planned exactly as for the online load (`loader.load`); only
the write differs. The plan becomes CSV files (`loader.bulk_csv`), the local server is stopped,
the import tool builds the database from the files, the server is started again, then the
schema (`cypher/schema.cypher`: constraints and indexes) is applied and the resolved actors
are written, as after an online load. The result is the same graph (tests/test_bulk_load.py
compares the two fingerprints).

It can be used only where it cannot destroy anything: on the local server that `attrib neo4j
start` manages (the tool writes its files) and into an empty database (the tool replaces it).
Otherwise `check_bulk_possible` says why, before anything is read or changed.

Example:
    >>> check_bulk_possible()  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from attrib import cypher_text, db
from attrib.local_server import offline_import
from attrib.local_server.state import live_state
from attrib.settings import NotConfigured, current
from loader.bulk_csv import write_import_files
from loader.plan import Plan
from loader.writer import LoadReport, Tally, apply_schema

BULK_DIR_PREFIX = "attrib-bulk-"


class BulkRefused(Exception):
    """--bulk cannot be used here; the message says why. Nothing was read or changed."""


@dataclass
class BulkTimings:
    """Where a bulk write's time went (the benchmarks report them)."""

    files_seconds: float = 0.0  # the plan written as CSV
    import_seconds: float = 0.0  # the import tool alone
    offline_seconds: float = 0.0  # the server stopped: stop, import, start
    schema_seconds: float = 0.0  # constraints and indexes created and populated
    import_files: Path | None = None  # kept only when asked (keep_files)


def check_bulk_possible() -> None:
    """Refuse --bulk unless the database is the local server's and holds nothing.

    Raises:
        BulkRefused: NEO4J_URI names a server (the import tool cannot write its files), the
            local server is not running, NEO4J_DATABASE names another database, or the
            database holds nodes or relationships.
    """
    if os.environ.get("NEO4J_URI"):
        raise BulkRefused(
            "--bulk writes the database files with neo4j-admin database import, so it works "
            "only on the local server that `attrib neo4j start` manages; NEO4J_URI names "
            "another server. Load without --bulk (nothing was changed)."
        )
    if live_state() is None:
        raise BulkRefused(
            "--bulk needs the local server running: start it with `attrib neo4j start` "
            "(nothing was changed)."
        )
    try:
        database = current().database
    except NotConfigured as exc:
        raise BulkRefused(f"{exc} (nothing was changed)") from None
    if database not in (None, offline_import.DATABASE):
        raise BulkRefused(
            f"--bulk imports into the local server's database {offline_import.DATABASE!r}, "
            f"and NEO4J_DATABASE names {database!r} (nothing was changed)."
        )
    counts = db.read(cypher_text.read("load/counts.cypher"), timeout=60).records[0]
    if counts["nodes"] or counts["relationships"]:
        raise BulkRefused(
            f"--bulk loads only into an empty database (the import tool replaces it), and this "
            f"one holds {counts['nodes']} nodes and {counts['relationships']} relationships. "
            "Load without --bulk, or empty it first with `attrib load --wipe` on a small "
            "input (nothing was changed)."
        )


def bulk_write(
    plan: Plan,
    *,
    progress: Callable[[int], None] | None = None,
    say: Callable[[str], None] = print,
    timings: BulkTimings | None = None,
    keep_files: Path | None = None,
) -> LoadReport:
    """Write a validated plan through the import tool, then apply the schema.

    Call `check_bulk_possible` first (loader.load does). Every node and relationship the
    import creates is counted as created.

    Args:
        plan: the plan `loader.load` made (the same as for the online load).
        progress: called with the number of rows as the files are written.
        say: one line per step for the screen (the server stops and starts).
        timings: filled with where the time went.
        keep_files: write the import files here and keep them (the benchmarks time the
            import tool alone on them); default: a temporary directory, removed after.

    Raises:
        loader.bulk_csv.BulkUnsupported: a value the files cannot carry (before any stop).
        attrib.local_server.LocalNeo4jError: the import failed or the server would not
            stop or start.
    """
    timings = timings or BulkTimings()
    with tempfile.TemporaryDirectory(prefix=BULK_DIR_PREFIX) as tmp:
        workdir = Path(tmp)
        target = keep_files or workdir / "files"
        target.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        say(f"Writing the plan as import files ({plan.node_count() + plan.edge_count()} rows) ...")
        files = write_import_files(plan, target, progress)
        timings.files_seconds = time.monotonic() - started
        timings.import_files = keep_files
        db.close()  # its connections end with the server
        run = offline_import.import_offline(files.arguments(), workdir, say)
        timings.import_seconds, timings.offline_seconds = run.seconds, run.stopped_seconds
    started = time.monotonic()
    say("Creating the constraints and indexes (cypher/schema.cypher) ...")
    apply_schema()
    timings.schema_seconds = time.monotonic() - started
    report = LoadReport()
    for label, count in files.node_rows.items():
        report.nodes[label] = Tally(created=count)
    for etype, count in files.relationship_rows.items():
        report.edges[etype] = Tally(created=count)
    return report
