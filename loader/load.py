"""The loader's entry point: read, validate everything, then (unless a dry run) write.

Example:
    >>> from pathlib import Path
    >>> outcome = load([Path("seed_data")], dry_run=True)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import neo4j.exceptions

from attrib import cypher_text, db
from attrib.settings import NotConfigured
from loader.plan import Plan
from loader.problems import Problem, ValidationFailed
from loader.sources.seed_yaml import YAML_SUFFIXES
from loader.sources.stix import aliases
from loader.sources.stix import importer as stix_import
from loader.stream import stream_validate_plan
from loader.validate import Dataset
from loader.writer import DEFAULT_BATCH_SIZE, LoadReport, apply_schema, wipe, write_plan

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "seed_data"


@dataclass
class LoadOutcome:
    dataset: Dataset  # ids and labels only: records are streamed, not held in memory
    plan: Plan  # row counts only once written (the rows are streamed)
    report: LoadReport | None  # None for a dry run
    stix: stix_import.StixSummary | None = None  # what a STIX import mapped, skipped, resolved


def lookup_known_ids(ids: set[str]) -> dict[str, str]:
    """Labels of already-loaded nodes, so input may reference them (read-only)."""
    query = cypher_text.read("load/known_ids.cypher")
    result = db.read(query, {"ids": sorted(ids)}, timeout=30)
    return {rec["id"]: rec["label"] for rec in result.records}


UNREACHABLE = (NotConfigured, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError)


def _lookup_if_reachable(ids: set[str]) -> dict[str, str]:
    """A dry run works without a database: unresolved ids then stay unresolved."""
    try:
        return lookup_known_ids(ids)
    except UNREACHABLE:
        return {}


T = TypeVar("T")


def _if_reachable(lookup: Callable[[set[str]], dict[str, T]]) -> Callable[[set[str]], dict[str, T]]:
    def wrapped(keys: set[str]) -> dict[str, T]:
        try:
            return lookup(keys)
        except UNREACHABLE:
            return {}

    return wrapped


def _is_mixed(path: Path) -> bool:
    return path.is_dir() and any(p.suffix in YAML_SUFFIXES for p in path.rglob("*"))


def _load_stix(
    paths: list[Path],
    *,
    dry_run: bool,
    wipe_first: bool,
    batch_size: int,
    use_database_ids: bool,
    progress: Callable[[int], None] | None,
    on_plan: Callable[[Plan], None] | None,
) -> LoadOutcome:
    """The STIX branch: bundles are streamed (see loader.stix_import)."""
    yaml_too = [p for p in paths if not stix_import.is_stix_path(p) or _is_mixed(p)]
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
    known_stix: stix_import.KnownStix | None = None
    known_actors: aliases.KnownActors | None = None
    known_countries: aliases.KnownCountries | None = None
    if use_database_ids and not wipe_first:
        wrap = _if_reachable if dry_run else (lambda f: f)
        known_stix = wrap(stix_import.known_stix_in_database)
        known_actors = wrap(aliases.known_actors_in_database)
        known_countries = wrap(aliases.known_countries_in_database)
    outcome = stix_import.import_bundles(
        paths,
        dry_run=dry_run,
        wipe_first=wipe_first,
        batch_size=batch_size,
        known_stix=known_stix,
        known_actors=known_actors,
        known_countries=known_countries,
        progress=progress,
        on_plan=on_plan,
    )
    return LoadOutcome(Dataset(), outcome.plan, outcome.report, outcome.summary)


def load(
    paths: list[Path],
    *,
    dry_run: bool = False,
    wipe_first: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    use_database_ids: bool = True,
    progress: Callable[[int], None] | None = None,
    on_plan: Callable[[Plan], None] | None = None,
) -> LoadOutcome:
    """Validate every record of `paths`, then write them (schema first) unless `dry_run`.

    `paths` are seed YAML files and directories, or STIX 2.1 bundles: a `.json` file or a
    directory of them is imported as STIX (`loader.stix_import`), never mixed with YAML.

    Raises:
        ValidationFailed: the input has problems; nothing was written.
    """
    if any(stix_import.is_stix_path(p) for p in paths):
        return _load_stix(
            paths,
            dry_run=dry_run,
            wipe_first=wipe_first,
            batch_size=batch_size,
            use_database_ids=use_database_ids,
            progress=progress,
            on_plan=on_plan,
        )
    lookup = None
    if use_database_ids and not wipe_first:
        lookup = _lookup_if_reachable if dry_run else lookup_known_ids
    # Streamed (loader.stream): every record is validated before the first write, but memory
    # follows the number of ids, not the size of the input; the plan's rows wait on disk.
    labels, plan = stream_validate_plan(paths, lookup)
    dataset = Dataset(labels=labels)  # records are not held
    try:
        if on_plan:
            on_plan(plan)
        if dry_run:
            return LoadOutcome(dataset, plan, None)
        if wipe_first:
            wipe()
        apply_schema()
        report = write_plan(plan, batch_size=batch_size, progress=progress)
    finally:
        plan.close()  # the row counts stay; the spooled rows are removed
    return LoadOutcome(dataset, plan, report)
