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
from dataclasses import dataclass, field
from pathlib import Path

from attrib import cypher_text, db
from attrib.local_server import LocalNeo4jError, offline_import
from attrib.local_server.state import live_state
from attrib.settings import NotConfigured, current
from loader.bulk_csv import ImportFiles, write_import_files
from loader.plan import Plan
from loader.writer import LoadReport, Tally, apply_schema, chunks, edge_query, node_query

BULK_DIR_PREFIX = "attrib-bulk-"
SCHEMA_WAIT_SECONDS = 3600  # index population over a whole imported graph (L: a million nodes)
POLL_SECONDS = 2.0
EMPTY_LIST_BATCH = 5_000


class BulkRefused(Exception):
    """--bulk cannot be used here; the message says why. Nothing was read or changed."""


@dataclass
class BulkRun:
    """A bulk write's options and where its time went (the benchmarks read them)."""

    keep_files: Path | None = None  # keep the import files here (default: removed after)
    files_seconds: float = 0.0  # the plan written as CSV
    import_seconds: float = 0.0  # the import tool alone
    offline_seconds: float = 0.0  # the server stopped: stop, import, start
    schema_seconds: float = 0.0  # constraints and indexes created and populated
    arguments: list[str] = field(default_factory=list)  # the tool's file arguments


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


def _await_indexes(say: Callable[[str], None]) -> None:
    """Poll until every index is online: queries planned before then would not use them."""
    deadline = time.monotonic() + SCHEMA_WAIT_SECONDS
    query = cypher_text.read("admin/indexes_not_online.cypher")
    while True:
        pending = db.read(query, timeout=30).records
        failed = [r["name"] for r in pending if r["state"] == "FAILED"]
        if failed:
            raise LocalNeo4jError(
                f"index(es) {', '.join(failed)} failed to populate; see the server's "
                "debug.log, then load again with `attrib load --wipe` (without --bulk)"
            )
        if not pending:
            return
        if time.monotonic() > deadline:
            raise LocalNeo4jError(
                f"the indexes were not online after {SCHEMA_WAIT_SECONDS} s: "
                + ", ".join(f"{r['name']} {r['populationPercent']:.0f}%" for r in pending)
            )
        time.sleep(POLL_SECONDS)


def _set_empty_lists(files: ImportFiles) -> None:
    """The empty lists the files left out, set as the online load sets them (by id: after
    the constraints exist, so each row is an index seek)."""
    for label, rows in files.empty_node_lists.items():
        query = node_query("load/bulk_empty_lists_nodes.cypher", label)
        for batch in chunks(rows, EMPTY_LIST_BATCH):
            db.run_write(query, {"rows": batch})
    for shape, rows in files.empty_edge_lists.items():
        query = edge_query("load/bulk_empty_lists_edges.cypher", shape)
        for batch in chunks(rows, EMPTY_LIST_BATCH):
            db.run_write(query, {"rows": batch})


def bulk_write(
    plan: Plan,
    *,
    progress: Callable[[int], None] | None = None,
    say: Callable[[str], None] = print,
    run: BulkRun | None = None,
) -> LoadReport:
    """Write a validated plan through the import tool, then apply the schema.

    Call `check_bulk_possible` first (loader.load does). Every node and relationship the
    import creates is counted as created.

    Args:
        plan: the plan `loader.load` made (the same as for the online load).
        progress: called with the number of rows as the files are written.
        say: one line per step for the screen (the server stops and starts).
        run: options (`keep_files`: the benchmarks time the import tool alone on them),
            filled with where the time went.

    Raises:
        loader.bulk_csv.BulkUnsupported: a value the files cannot carry (before any stop).
        attrib.local_server.LocalNeo4jError: the import failed or the server would not
            stop or start.
    """
    timings = run or BulkRun()
    with tempfile.TemporaryDirectory(prefix=BULK_DIR_PREFIX) as tmp:
        workdir = Path(tmp)
        target = timings.keep_files or workdir / "files"
        target.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        say(f"Writing the plan as import files ({plan.node_count() + plan.edge_count()} rows) ...")
        files = write_import_files(plan, target, progress)
        timings.files_seconds = time.monotonic() - started
        timings.arguments = files.arguments()
        db.close()  # its connections end with the server
        done = offline_import.import_offline(timings.arguments, workdir, say)
        timings.import_seconds, timings.offline_seconds = done.seconds, done.stopped_seconds
    started = time.monotonic()
    say("Creating the constraints and indexes (cypher/schema.cypher) ...")
    apply_schema(wait=False)
    _await_indexes(say)
    _set_empty_lists(files)
    timings.schema_seconds = time.monotonic() - started
    report = LoadReport()
    for label, count in files.node_rows.items():
        report.nodes[label] = Tally(created=count)
    for etype, count in files.relationship_rows.items():
        report.edges[etype] = Tally(created=count)
    return report
