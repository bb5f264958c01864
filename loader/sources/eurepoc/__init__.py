"""EuRepoC CSV exports (the Global Database and the Attribution dataset) as a planned import.

Every file is read and checked completely before anything is planned; problems name the file,
the row and the column, and nothing is written (loader.problems). The mapping onto the graph
is in `planning` (incidents, initiators, attribution and sponsorship claims) and `claimants`
(who made an attribution, its basis); docs/identity.md says what an importer plans.

Both files may describe the same attribution, and may be loaded in one run or in two, in
either order: an attribution is the claim `eurepoc:attribution:<claim key>` whichever file it
came from, its key made of what both files say about it (`keys`). The Global Database owns the
claims it describes (with its `sources_attribution` URLs); the Attribution dataset adds the
ones it alone describes, never overwriting (`planning`). One run plans what the two runs would
write, so the graph does not depend on how the files were loaded.

Example:
    >>> imported = read_eurepoc([Path("tests/fixtures/eurepoc/global.csv")])  # doctest: +SKIP
    >>> imported.dataset
    'eurepoc'
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from attrib.identity.datasets import EUREPOC
from loader.problems import Problem, ProblemList, ValidationFailed
from loader.sources.contract import Source, SourceRead
from loader.sources.eurepoc.csvfile import (
    GLOBAL,
    REQUIRED,
    SIGNATURES,
    decode,
    kind_of_header,
    read_header,
    records,
)
from loader.sources.eurepoc.keys import with_claim_keys
from loader.sources.eurepoc.planning import Planner, Tally
from loader.sources.eurepoc.rows import Attribution, Incident, RowReader
from loader.sources.files import find_files, input_files

__all__ = ["SOURCE", "looks_like_eurepoc", "read_eurepoc"]

SUFFIXES = (".csv",)


def looks_like_eurepoc(path: Path) -> bool:
    """A .csv file (or a directory of them) whose header is a EuRepoC export's."""
    files, problems = find_files(path, SUFFIXES) if path.is_dir() else ([path], [])
    if problems or not files:
        return False
    try:
        return all(
            f.suffix.lower() in SUFFIXES and kind_of_header(read_header(f)) is not None
            for f in files
        )
    except OSError:
        return False


def _read_file(
    path: Path, problems: ProblemList, absent: Counter[str]
) -> tuple[str | None, list[Incident] | list[Attribution]]:
    """(GLOBAL or ATTRIBUTIONS, its checked rows), problems added to `problems`."""
    file = str(path)
    try:
        header, rows = records(decode(path))
    except (OSError, ValueError) as exc:
        problems.append(Problem(file, "-", "-", str(exc)))
        return None, []
    kind = kind_of_header(header)
    if kind is None:
        wanted = " / ".join(", ".join(cols) for cols in SIGNATURES.values())
        problems.append(Problem(file, "header", "-", f"not a EuRepoC export: expected {wanted}"))
        return None, []
    bad = [c for c in REQUIRED[kind] if c not in header]
    bad += sorted({c for c in header if header.count(c) > 1})
    for column in bad:
        what = "appears twice" if column in header else "is missing (a required column)"
        problems.append(Problem(file, "header", column, f"the column {what}"))
    if bad:
        return kind, []
    reader = RowReader(file, absent=absent)
    incidents: list[Incident] = []
    attributions: list[Attribution] = []
    try:
        for row in rows:
            if row.width != len(header):
                reader.problem(row, f"row {row.number}", "-",
                               f"has {row.width} cells, the header {len(header)}")  # fmt: skip
            elif kind == GLOBAL:
                incidents += [i for i in [reader.incident(row)] if i]
            else:
                attributions += [a for a in [reader.attribution(row)] if a]
    except csv.Error as exc:  # a broken quote, a NUL byte, a field past csv's size limit
        problems.append(Problem(file, "-", "-", f"not a readable CSV file: {exc}"))
    problems += reader.problems
    return kind, incidents if kind == GLOBAL else attributions


def _duplicates(items: list[tuple[str, str, str, str]], what: str) -> list[Problem]:
    """(id, file, where, column) seen twice -> one problem per later occurrence."""
    first: dict[str, tuple[str, str]] = {}
    out = []
    for key, file, where, column in items:
        if key in first:
            other = first[key]
            out.append(Problem(file, where, column, f"duplicate {what} {key}: also {other[1]} "
                                                    f"of {other[0]}"))  # fmt: skip
        else:
            first[key] = (file, where)
    return out


def read_eurepoc(paths: list[Path]) -> SourceRead:
    """Read EuRepoC exports (files or directories of .csv files), check them all, plan them.

    Args:
        paths: Global Database and/or Attribution dataset CSV files, in any order.

    Raises:
        ValidationFailed: a file, row or cell is wrong; nothing is planned or written.
    """
    files = input_files(paths, SUFFIXES, ".csv files")
    problems = ProblemList()
    absent: Counter[str] = Counter()
    incidents: list[Incident] = []
    rows: list[Attribution] = []
    global_files: list[str] = []
    for path in files:
        kind, items = _read_file(path, problems, absent)
        if kind == GLOBAL:
            global_files.append(str(path))
            incidents += items  # type: ignore[arg-type]
        else:
            rows += items  # type: ignore[arg-type]
    problems += _duplicates([(i.id, i.file, i.where, "ID") for i in incidents], "incident ID")
    keyed = [(a.key, a.file, a.where, "attribution_ID") for i in incidents for a in i.attributions]
    problems += _duplicates(
        [k for k in keyed if ":" not in k[0]], "attribution_ID in the Global Database"
    )
    problems += _duplicates([(a.key, a.file, a.where, "attribution_ID") for a in rows],
                            "attribution_ID")  # fmt: skip
    known = {i.id for i in incidents}
    if global_files:
        problems += [
            Problem(a.file, a.where, "incident_ID", f"incident {a.incident} is not in the "
                    f"Global Database file(s) of this import: {', '.join(global_files)}")
            for a in rows if a.incident not in known
        ]  # fmt: skip
    if problems:
        raise ValidationFailed(problems)
    planner = Planner()
    for inc in incidents:  # the Global Database first: it owns what it describes
        planner.incident(inc)
        for att in with_claim_keys(inc.attributions, by_position=True):
            planner.attribution(att, inc.name or f"EuRepoC incident {inc.id}")
    for att in with_claim_keys(rows, by_position=False):  # as if loaded alone
        planner.incident_ref(att.incident)
        planner.attribution(att, f"EuRepoC incident {att.incident}", owned=False)
    plan = planner.finish()
    return SourceRead(plan, EUREPOC, _summary(planner.tally, planner.initiators, absent))


def _summary(tally: Tally, initiators: int, absent: Counter[str]) -> list[str]:
    registered = sum(tally.claimants.values())
    lines = [
        f"EuRepoC: {tally.incidents} incidents, {tally.attributions} attribution claims "
        f"({tally.merged} described by both files, planned once; {tally.contested} contested; "
        f"{tally.undated} without a date), {tally.sponsorships} sponsorship claims.",
        f"  {initiators} initiator records; {len(tally.claimants)} claimants: {registered} "
        f"in the registry, {len(tally.claimants) - registered} not (org-<name>).",
    ]
    if absent:
        shown = ", ".join(f"{text!r} {n}" for text, n in sorted(absent.items()))
        lines.append(f"  {sum(absent.values())} values treated as absent: {shown}.")
    for why, n in sorted(tally.skipped.items()):
        lines.append(f"  Skipped: {n} {why}.")
    return lines


SOURCE = Source(
    name="eurepoc",
    description="EuRepoC CSV exports (Global Database, Attribution dataset)",
    suffixes=SUFFIXES,
    # any .csv file: the reader says what a file that is not a EuRepoC export lacks
    looks_like=lambda path: path.suffix.lower() in SUFFIXES,
    read=lambda paths, _context: read_eurepoc(paths),
)
