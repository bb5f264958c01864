"""Read STIX 2.1 bundles into validated, planned rows and a summary; never writes.

The import streams every bundle twice, so memory follows the number of objects (a small index
entry each), not the size of the files. One module per pass:

1. `bundles`: find the files, check each bundle's top level, stream its objects;
   `objects`: check each object on its own (spec_version, the stix2 library, confidence);
   `index`: keep the newest version of each id, what it becomes and why it is skipped.
2. `resolve` (no reading): look up references the bundles do not define (only to check that
   they exist); land identities and locations on the registry's organisations and countries;
   decide whether each relationship is a claim or a plain edge. Every actor stays its own
   record: the identity resolution (`loader.resolution`) joins records, not the importer.
3. `mapping`: stream the objects again and map them onto seed records; `planning`: check
   them with the seed format's checks and plan their rows in batches.
4. `summary`: what was read, imported, skipped and resolved.

`loader.load` writes the plan (nodes first, then edges) only when there is no problem at all.
Node ids are the STIX ids (stored as `stix_id` too), so a re-import changes nothing; what is
planned depends on the bundles and the registry only, never on what the database holds. The
mapping table is in docs/stix.md.

Example:
    >>> found = read_bundles([Path("bundle.json")])  # doctest: +SKIP
    >>> found.summary.lines()[0]  # doctest: +SKIP
    'STIX: 12 object(s) read from 1 bundle file(s)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from loader.problems import Problem, ValidationFailed
from loader.sources.contract import SKIPPED, Notice, ReadContext, Source, SourceRead
from loader.sources.files import input_files
from loader.sources.seed_yaml import YAML_SUFFIXES
from loader.sources.stix.attack import dataset_source_row
from loader.sources.stix.bundles import STIX_SUFFIXES, BundleReader, is_stix_path
from loader.sources.stix.index import index_bundles
from loader.sources.stix.leniency import MAX_ROUNDS, Exclusions
from loader.sources.stix.mapping import Mapper, StixRecord
from loader.sources.stix.planning import check_and_plan
from loader.sources.stix.problem_log import ProblemLog
from loader.sources.stix.resolve import KnownStix, known_stix_in_database, resolve
from loader.sources.stix.summary import StixSummary, summarise
from loader.spool import SpooledPlan

MAP_BATCH = 2000  # records validated and planned together


@dataclass(frozen=True)
class StixImport:
    """What the bundles hold: the planned rows (to write or to count) and the summary."""

    plan: SpooledPlan
    summary: StixSummary
    left_out: list[Problem] = field(default_factory=list)  # a lenient import's problems


def read_bundles(
    paths: list[Path],
    *,
    known_stix: KnownStix | None = None,
    lenient: bool = False,
) -> StixImport:
    """Validate every object of the bundles under `paths` and plan its rows.

    Args:
        paths: .json bundle files, or directories of them.
        known_stix: looks up the STIX ids the bundles reference but do not define, only to
            check that they exist (None: an empty database, as with `--wipe`, or a dry run).
        lenient: leave out the objects with problems and plan the rest
            (`StixImport.left_out` says what and why; loader.sources.stix.leniency); False
            refuses the whole input on any problem.

    Raises:
        ValidationFailed: every problem found (at most MAX_SHOWN shown, the rest counted);
            when lenient, only if a problem cannot be traced to an object (a file that is no
            STIX 2.1 bundle at all) or if no object is left to load.
    """
    files = input_files(paths, STIX_SUFFIXES, ".json bundle files")
    excluded = Exclusions()
    left_out: list[Problem] = []
    for _ in range(MAX_ROUNDS):
        log = ProblemLog()
        found = _read_once(files, log, known_stix, excluded)
        if found is not None and left_out and not sum(found.summary.imported.values()):
            found.plan.close()  # every object has problems: the input is bad, not messy
            raise ValidationFailed(left_out)
        if found is not None:
            return StixImport(found.plan, found.summary, left_out)
        before = excluded.size()
        traced = [excluded.blame(problem, blamed) for problem, blamed in log.found]
        if not lenient or not all(traced) or excluded.size() == before:
            raise ValidationFailed(log)
        left_out += [problem for problem, _ in log.found]
    raise ValidationFailed(log)


def _read_once(
    files: list[Path], log: ProblemLog, known_stix: KnownStix | None, excluded: Exclusions
) -> StixImport | None:
    """One run of the passes without the `excluded` objects; None when `log` got problems."""
    reader = BundleReader(files, log)
    index = index_bundles(reader, log, excluded)
    resolution = resolve(index, known_stix)
    mapper = Mapper(index.entries, resolution, index.bundles, log)
    plan = SpooledPlan()
    try:

        def checked(records: list[StixRecord]) -> None:
            if records:
                check_and_plan(records, mapper.labels, log, plan)

        batch: list[StixRecord] = []
        for bundle in index.bundles:
            for i, obj in reader.objects(bundle):
                if not isinstance(obj, dict) or obj.get("id") not in index.entries:
                    continue
                batch += mapper.map_object(bundle.number, i, obj)
                if len(batch) >= MAP_BATCH:
                    checked(batch)
                    batch = []
        checked(batch)
        for records in (mapper.merged_relations(), mapper.implied_sources()):
            for start in range(0, len(records), MAP_BATCH):
                checked(records[start : start + MAP_BATCH])
        if log:
            plan.close()
            return None
        plan.refs["Organisation"] += [org.row() for org in resolution.organisations.values()]
        plan.refs["Country"] += [country.row() for country in resolution.countries.values()]
        if mapper.cites_dataset:
            name, version = index.collection or ("", None)
            domain = name.replace("ATT&CK", "").strip()  # "Enterprise ATT&CK" -> "Enterprise"
            plan.add_node("Source", dataset_source_row(domain, version))
    except BaseException:
        plan.close()
        raise
    return StixImport(plan, summarise(files, index, resolution, mapper.imported))


def _is_mixed(path: Path) -> bool:
    return path.is_dir() and any(p.suffix in YAML_SUFFIXES for p in path.rglob("*"))


def _read(paths: list[Path], context: ReadContext) -> SourceRead:
    """STIX bundles, never mixed with seed YAML in one run."""
    yaml_too = [p for p in paths if not is_stix_path(p) or _is_mixed(p)]
    if yaml_too:
        raise ValidationFailed(
            [
                Problem(str(p), "-", "-", "seed YAML and STIX bundles (.json) cannot be loaded "
                        "in one run: load them one after the other")
                for p in yaml_too
            ]
        )  # fmt: skip
    found = read_bundles(
        paths, known_stix=context.lookups(known_stix_in_database), lenient=not context.strict
    )
    summary = found.summary
    notices = [Notice(SKIPPED, problem) for problem in found.left_out]
    return SourceRead(
        found.plan, "stix", summary=summary.lines(), records_read=summary.objects, notices=notices
    )


SOURCE = Source(
    name="stix",
    description="STIX 2.1 bundles (.json)",
    suffixes=STIX_SUFFIXES,
    looks_like=lambda path: path.suffix.lower() in STIX_SUFFIXES,
    read=_read,
)
