"""The loader's entry point and its one write path: read a source, validate, then write.

Every source (seed YAML: `loader.sources.seed_stream`; STIX bundles: `loader.sources.stix`)
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
from typing import Protocol, TypeVar

from attrib import cypher_text, db
from attrib.errors import UNREACHABLE
from attrib.identity.policy import load_policy
from loader import formats
from loader.plan import Plan
from loader.problems import Problem, ValidationFailed
from loader.resolution import ResolutionOutcome, write_resolution
from loader.sources.seed_stream import stream_validate_plan
from loader.sources.seed_yaml import YAML_SUFFIXES
from loader.sources.stix.bundles import is_stix_path
from loader.sources.stix.resolve import known_stix_in_database
from loader.sources.stix.source import read_bundles
from loader.sources.stix.summary import StixSummary
from loader.spool import SpooledPlan
from loader.validate import Dataset
from loader.writer import DEFAULT_BATCH_SIZE, LoadReport, apply_schema, wipe, write_plan

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "seed_data"


@dataclass
class LoadOutcome:
    dataset: Dataset  # ids and labels only: records are streamed, not held in memory
    plan: Plan  # row counts only once written (the rows are streamed)
    report: LoadReport | None  # None for a dry run
    stix: StixSummary | None = None  # what a STIX import mapped, skipped, resolved
    identity: ResolutionOutcome | None = None  # the actors recomputed after the write
    notes: list[str] = field(default_factory=list)  # what a real-dataset import held


LOOKUP_CHUNK = 20_000  # ids per look-up query


def lookup_known_ids(ids: set[str]) -> dict[str, str]:
    """Labels of already-loaded nodes among `ids` (read-only): references to them resolve, and
    an id the input defines under another label is refused before anything is written."""
    query = cypher_text.read("load/known_ids.cypher")
    ordered = sorted(ids)
    found: dict[str, str] = {}
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        result = db.read(query, {"ids": chunk}, timeout=60)
        found.update((rec["id"], rec["label"]) for rec in result.records)
    return found


def label_clashes(plan: Plan, lookup: Lookup[str], where: str) -> list[Problem]:
    """Planned nodes whose id the graph already holds under another label (any source)."""
    planned: dict[str, str] = {}
    for label, rows in plan.nodes.items():
        for row in rows:
            planned[row["id"]] = label
    known = lookup(set(planned)) if planned else {}
    return [
        Problem(
            where,
            f"{planned[nid]} {nid}",
            "id",
            f"id {nid!r} is already a {got} in the graph, so it cannot be a {planned[nid]}: "
            "ids are unique across every kind of record",
        )
        for nid, got in sorted(known.items())
        if got != planned[nid]
    ]


T = TypeVar("T")
Lookup = Callable[[set[str]], dict[str, T]]


def _if_reachable(lookup: Lookup[T]) -> Lookup[T]:
    """A dry run works without a database: unresolved ids then stay unresolved."""

    def wrapped(keys: set[str]) -> dict[str, T]:
        try:
            return lookup(keys)
        except UNREACHABLE:
            return {}

    return wrapped


class _Lookups(Protocol):
    """How `load` wraps a database look-up: None when it must not look."""

    def __call__(self, lookup: Lookup[T]) -> Lookup[T] | None: ...


def _is_mixed(path: Path) -> bool:
    return path.is_dir() and any(p.suffix in YAML_SUFFIXES for p in path.rglob("*"))


def _read_stix(paths: list[Path], lookups: _Lookups) -> tuple[SpooledPlan, StixSummary]:
    """STIX bundles, never mixed with seed YAML in one run."""
    yaml_too = [p for p in paths if not is_stix_path(p) or _is_mixed(p)]
    if yaml_too:
        raise ValidationFailed(
            [
                Problem(
                    str(p),
                    "-",
                    "-",
                    "seed YAML and STIX bundles (.json) cannot be loaded in one run: "
                    "load them one after the other",
                )
                for p in yaml_too
            ]
        )
    found = read_bundles(paths, known_stix=lookups(known_stix_in_database))
    return found.plan, found.summary


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

    Raises:
        ValidationFailed: the input has problems; nothing was written.
    """
    with _exits_cleanly_on_sigterm():
        return _load(
            paths, dry_run, wipe_first, batch_size, use_database_ids, progress, on_plan,
            input_format,
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
) -> LoadOutcome:

    def lookups(lookup: Lookup[T]) -> Lookup[T] | None:
        """Database look-ups: none into a graph about to be wiped."""
        if not use_database_ids or wipe_first:
            return None
        return _if_reachable(lookup) if dry_run else lookup

    stix: StixSummary | None = None
    notes: list[str] = []
    plan: Plan
    policy = load_policy()  # a broken policy file is refused before anything is written
    dataset = Dataset()  # records are not held
    chosen = input_format or formats.detect_format(paths)
    if chosen in formats.READERS or chosen == formats.STIX:
        if chosen == formats.STIX:
            plan, stix = _read_stix(paths, lookups)
        else:
            imported = formats.READERS[chosen](paths)
            plan, notes = imported.plan, imported.lines()
        known_ids = lookups(lookup_known_ids)
        clashes = label_clashes(plan, known_ids, ", ".join(map(str, paths))) if known_ids else []
        if clashes:
            plan.close()
            raise ValidationFailed(clashes)
    else:
        # Every record is validated before the first write, but memory follows the number of
        # ids, not the size of the input; the plan's rows wait on disk.
        dataset.labels, plan = stream_validate_plan(paths, lookups(lookup_known_ids))
    try:
        if on_plan:
            on_plan(plan)
        if dry_run:
            return LoadOutcome(dataset, plan, None, stix, notes=notes)
        if wipe_first:
            wipe()
        apply_schema()
        report = write_plan(plan, batch_size=batch_size, progress=progress)
    finally:
        plan.close()  # the row counts stay; the spooled rows are removed
    # the actors an analyst sees are computed from every dataset's records, whatever was
    # loaded before (docs/identity.md)
    return LoadOutcome(dataset, plan, report, stix, write_resolution(policy), notes)
