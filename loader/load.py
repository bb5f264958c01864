"""The loader's entry point: read, validate everything, then (unless a dry run) write.

Example:
    >>> from pathlib import Path
    >>> outcome = load([Path("seed_data")], dry_run=True)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import neo4j.exceptions

from attrib import cypher_files, db
from attrib.settings import NotConfigured
from loader.plan import Plan, build_plan
from loader.validate import Dataset, read_and_validate
from loader.writer import DEFAULT_BATCH_SIZE, LoadReport, apply_schema, wipe, write_plan

DEFAULT_SEED = Path(__file__).resolve().parent.parent / "seed_data"


@dataclass
class LoadOutcome:
    dataset: Dataset
    plan: Plan
    report: LoadReport | None  # None for a dry run


def lookup_known_ids(ids: set[str]) -> dict[str, str]:
    """Labels of already-loaded nodes, so input may reference them (read-only)."""
    query = cypher_files.read("load/known_ids.cypher")
    result = db.read(query, {"ids": sorted(ids)}, timeout=30)
    return {rec["id"]: rec["label"] for rec in result.records}


def _lookup_if_reachable(ids: set[str]) -> dict[str, str]:
    """A dry run works without a database: unresolved ids then stay unresolved."""
    try:
        return lookup_known_ids(ids)
    except (NotConfigured, neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError):
        return {}


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

    Raises:
        ValidationFailed: the input has problems; nothing was written.
    """
    lookup = None
    if use_database_ids and not wipe_first:
        lookup = _lookup_if_reachable if dry_run else lookup_known_ids
    dataset = read_and_validate(paths, lookup)
    plan = build_plan(dataset)
    if on_plan:
        on_plan(plan)
    if dry_run:
        return LoadOutcome(dataset, plan, None)
    if wipe_first:
        wipe()
    apply_schema()
    report = write_plan(plan, batch_size=batch_size, progress=progress)
    return LoadOutcome(dataset, plan, report)
