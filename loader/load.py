"""The loader's entry point and its one write path: read a source, validate, then write.

Every source (`loader.formats.SOURCES`, each declared by `loader.sources.contract.Source`)
returns validated, planned rows and never writes; only `load` wipes, applies the schema and
writes the plan (`loader.writer`).

Example:
    >>> from pathlib import Path
    >>> outcome = load([Path("seed_data")], dry_run=True)  # doctest: +SKIP
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from attrib.errors import UNREACHABLE
from attrib.identity.policy import load_policy
from loader import file_hashes, formats
from loader.bulk import BulkRun, bulk_write, check_bulk_possible
from loader.known_ids import label_clashes, lookup_known_ids
from loader.notices_file import write_notices
from loader.plan import Plan
from loader.problems import ValidationFailed
from loader.resolution import (
    ResolutionOutcome,
    complete_pending,
    mark_pending,
    write_resolution,
)
from loader.sources.contract import REPAIRED, SKIPPED, Lookup, Notice, ReadContext
from loader.validate import Dataset
from loader.writer import DEFAULT_BATCH_SIZE, LoadReport, apply_schema, wipe, write_plan

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "seed_data"


@dataclass
class LoadOutcome:
    dataset: Dataset  # ids and labels only: records are streamed, not held in memory
    plan: Plan  # row counts only once written (the rows are streamed)
    report: LoadReport | None  # None for a dry run
    source: str = ""  # the format read (loader.formats)
    identity: ResolutionOutcome | None = None  # the actors recomputed after the write
    notes: list[str] = field(default_factory=list)  # what the source held, what became of it
    records_read: int | None = None  # records (STIX objects, rows) the source read, if counted
    notices: list[Notice] = field(default_factory=list)  # records skipped or repaired
    problems_file: Path | None = None  # where the notices were written
    skipped: bool = False  # nothing changed since the last load: nothing was read or written


T = TypeVar("T")


def _if_reachable(lookup: Lookup[T]) -> Lookup[T]:
    """A dry run works without a database: unresolved ids then stay unresolved."""

    def wrapped(keys: set[str]) -> dict[str, T]:
        try:
            return lookup(keys)
        except UNREACHABLE:
            return {}

    return wrapped


@contextmanager
def _exits_cleanly_on_sigterm() -> Iterator[None]:
    """SIGTERM or SIGHUP (a `kill`, a closed terminal) ends a load through its `finally`
    clauses, so its spill directory is removed; a kill -9 leaves it to the next load."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    received: list[int] = []

    def leave(signum: int, _frame: object) -> None:
        received.append(signum)
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            previous[sig] = signal.signal(sig, leave)
    try:
        yield
    except Exception:
        # the signal came inside the driver, whose cleanup may raise an error of its own in
        # place of the SystemExit: the load still ends as the signal asked
        if received:
            raise SystemExit(128 + received[0]) from None
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def load(
    paths: list[Path],
    *,
    dry_run: bool = False,
    wipe_first: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    use_database_ids: bool = True,
    progress: Callable[[int], None] | None = None,
    on_plan: Callable[[Plan], None] | None = None,
    input_format: str | None = None,
    strict: bool = False,
    problems_file: Path | None = None,
    force: bool = False,
    bulk: bool | BulkRun = False,
    say: Callable[[str], None] = print,
) -> LoadOutcome:
    """Validate every record of `paths`, then write them (schema first) unless `dry_run`.

    Args:
        paths: files and directories of one format (`loader.formats`): seed YAML, STIX 2.1
            bundles, MISP galaxy cluster files, ATT&CK lookup files or EuRepoC CSV exports;
            formats are never mixed in one run.
        dry_run: validate and plan only.
        wipe_first: empty the graph before writing (after validation).
        batch_size: rows per write transaction.
        use_database_ids: let the input reference nodes already in the database.
        progress: called with the number of rows after each written batch.
        on_plan: called with the plan before anything is written.
        input_format: one of `loader.formats.FORMATS`; None: detected from the files.
        strict: refuse a third-party dataset on any problem, as curated input always is;
            otherwise its valid records load and the rest are reported (`LoadOutcome.notices`,
            written to a problems file: `loader.notices_file`).
        problems_file: where to write the notices (default: a new file in `problems_dir()`).
        force: read and write the input even when the graph records it as loaded unchanged
            (`loader.file_hashes`: otherwise such a load is skipped, `LoadOutcome.skipped`).
        bulk: write through `neo4j-admin database import` (`loader.bulk`): the local server
            only, into an empty database; the server is stopped and started again. A
            `BulkRun` also keeps the import files where it says and records the timings.
        say: where the bulk path says that it stops and starts the server.

    Raises:
        ValidationFailed: the input has problems; nothing was written.
        BulkRefused: `bulk` asked where it cannot be used; nothing was read or written.
    """
    if bulk and not dry_run:
        check_bulk_possible()  # before anything is read: a refusal changes nothing
    with _exits_cleanly_on_sigterm():
        return _load(
            paths, dry_run, wipe_first, batch_size, use_database_ids, progress, on_plan,
            input_format, strict, problems_file, force,
            (BulkRun() if bulk is True else bulk) or None, say,
        )  # fmt: skip


def _load(
    paths: list[Path],
    dry_run: bool,
    wipe_first: bool,
    batch_size: int,
    use_database_ids: bool,
    progress: Callable[[int], None] | None,
    on_plan: Callable[[Plan], None] | None,
    input_format: str | None,
    strict: bool,
    problems_file: Path | None,
    force: bool,
    bulk: BulkRun | None,
    say: Callable[[str], None],
) -> LoadOutcome:

    def lookups(lookup: Lookup[T]) -> Lookup[T] | None:
        """Database look-ups: none into a graph about to be wiped."""
        if not use_database_ids or wipe_first:
            return None
        return _if_reachable(lookup) if dry_run else lookup

    policy = load_policy()  # a broken policy file is refused before anything is written
    # a load killed between its records and their resolution: completed first, and said (a
    # wiping load need not: the wipe takes the marker, and its own resolution covers all)
    finished = None if dry_run or wipe_first else complete_pending(policy)
    source = formats.source_named(input_format or formats.detect_format(paths))
    # the input's files are hashed; unchanged since a completed load, the load is skipped
    inputs = file_hashes.input_of(source, paths, strict=strict, database_ids=use_database_ids)
    verdict = None if dry_run or wipe_first else file_hashes.check(inputs, policy.digest())
    if verdict and verdict.skip and not force:
        lines = verdict.lines(inputs)
        return LoadOutcome(Dataset(labels={}), Plan(), LoadReport(), source.name, notes=lines,
                           skipped=True)  # fmt: skip
    read = source.read(paths, ReadContext(lookups=lookups, strict=strict or source.curated))
    plan = read.plan
    dataset = Dataset(labels=read.labels)  # records are not held
    if not read.ids_checked:  # the source did not check its ids against the graph itself
        known_ids = lookups(lookup_known_ids)
        clashes = label_clashes(plan, known_ids, ", ".join(map(str, paths))) if known_ids else []
        if clashes:
            plan.close()
            raise ValidationFailed(clashes)
    notes = [*([finished] if finished else []), *read.lines()]
    written = write_notices(read.notices, source.name, problems_file) if read.notices else None
    if written:
        counts = read.counts()
        notes.append(f"{counts[SKIPPED]} record(s) skipped and {counts[REPAIRED]} repaired, "
                     f"each with file, line, record, field and reason: {written}")  # fmt: skip
    found = (read.records_read, read.notices, written)
    try:
        if on_plan:
            on_plan(plan)
        if dry_run:
            return LoadOutcome(dataset, plan, None, source.name, None, notes, *found)
        if bulk is not None:
            report = bulk_write(plan, progress=progress, say=say, run=bulk)
            mark_pending()  # the import wrote the records offline; cleared once resolved
        else:
            if wipe_first:
                wipe()
            else:
                file_hashes.forget(inputs)  # recorded again only once the load has completed
            apply_schema()
            mark_pending()  # cleared once the resolution below is written
            report = write_plan(plan, batch_size=batch_size, progress=progress)
    finally:
        plan.close()  # the row counts stay; the spooled rows are removed
    # the actors an analyst sees are computed from every dataset's records, whatever was
    # loaded before (docs/identity.md)
    identity = write_resolution(policy)
    file_hashes.record(inputs, policy.digest(), read.version, written)
    if verdict:  # each file's state first, then what the input held
        notes[:0] = verdict.lines(inputs, forced=force)
    return LoadOutcome(dataset, plan, report, source.name, identity, notes, *found)
