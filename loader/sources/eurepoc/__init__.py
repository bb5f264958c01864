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
from loader.sources.contract import REPAIRED, SKIPPED, Notice, Source, SourceRead
from loader.sources.eurepoc import keys
from loader.sources.eurepoc.csvfile import (
    GLOBAL,
    REQUIRED,
    SIGNATURES,
    decode,
    kind_of_header,
    read_header,
    records,
)
from loader.sources.eurepoc.planning import Planner, Tally
from loader.sources.eurepoc.rows import Entry, Incident, RowReader
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
    path: Path, problems: ProblemList, reader: RowReader
) -> tuple[str | None, list[Incident] | list[Entry], int]:
    """(GLOBAL or ATTRIBUTIONS, its rows, how many rows it has); a file that cannot be read
    as a EuRepoC export at all adds to `problems`, a row that cannot be used to the notices."""
    file = str(path)
    try:
        header, rows = records(decode(path))
    except (OSError, ValueError) as exc:
        problems.append(Problem(file, "-", "-", str(exc)))
        return None, [], 0
    kind = kind_of_header(header)
    if kind is None:
        wanted = " / ".join(", ".join(cols) for cols in SIGNATURES.values())
        problems.append(Problem(file, "header", "-", f"not a EuRepoC export: expected {wanted}"))
        return None, [], 0
    bad = [c for c in REQUIRED[kind] if c not in header]
    bad += sorted({c for c in header if header.count(c) > 1})
    for column in bad:
        what = "appears twice" if column in header else "is missing (a required column)"
        problems.append(Problem(file, "header", column, f"the column {what}"))
    if bad:
        return kind, [], 0
    incidents: list[Incident] = []
    entries: list[Entry] = []
    count = 0
    try:
        for row in rows:
            count += 1
            if row.width != len(header):
                reader.notice(SKIPPED, row, f"row {row.number}", "-",
                              f"has {row.width} cells, the header {len(header)}")  # fmt: skip
            elif kind == GLOBAL:
                incidents += [i for i in [reader.incident(row)] if i]
            else:
                entries += [a for a in [reader.attribution(row)] if a]
    except csv.Error as exc:  # a broken quote, a NUL byte, a field past csv's size limit
        problems.append(Problem(file, "-", "-", f"not a readable CSV file: {exc}"))
    return kind, incidents if kind == GLOBAL else entries, count


def _without_repeats(incidents: list[Incident], notices: list[Notice]) -> dict[str, Incident]:
    """The incidents by ID; a repeated ID is skipped after its first row, with a notice."""
    out: dict[str, Incident] = {}
    for inc in incidents:
        first = out.get(inc.id)
        if first is None:
            out[inc.id] = inc
        else:
            message = f"repeats incident ID {inc.id} ({first.file}, {first.where}): skipped"
            notices.append(Notice(SKIPPED, Problem(inc.file, inc.where, "ID", message, inc.line)))
    return out


def _group_count(entries: tuple[Entry, ...], columns: tuple[str, ...]) -> int:
    """How many runs of consecutive entries say the same in `columns`."""
    keys = [(*(e.get(c) for c in columns), e.date) for e in entries]
    return sum(1 for i, key in enumerate(keys) if i == 0 or key != keys[i - 1])


def _check_count(inc: Incident, notices: list[Notice]) -> None:
    """number_of_attributions against the entries: EuRepoC lists one entry per attributed
    initiator, country and category, so entries that say the same are one attribution."""
    if inc.attributions is None or not inc.entries:
        return
    who = ("attribution_type", "attribution_basis", *keys.WHO)
    found = {len(inc.entries), _group_count(inc.entries, who),
             _group_count(inc.entries, who[:2])}  # fmt: skip
    if inc.attributions not in found:
        message = (
            f"number_of_attributions is {inc.attributions}, but the attribution columns hold "
            f"{len(inc.entries)} entries that group into {_group_count(inc.entries, who)} "
            "attributions: every entry is loaded"
        )
        notices.append(Notice(REPAIRED, Problem(inc.file, inc.where, "number_of_attributions",
                                                message, inc.line)))  # fmt: skip


def read_eurepoc(paths: list[Path], *, strict: bool = False) -> SourceRead:
    """Read EuRepoC exports (files or directories of .csv files) as published, plan them.

    Every usable row is loaded; a row or value that was skipped or repaired is a notice
    (file, line, id, column, why). With `strict`, any notice refuses the whole input.

    Args:
        paths: Global Database and/or Attribution dataset CSV files, in any order.
        strict: refuse the input on any problem (as curated input is).

    Raises:
        ValidationFailed: a file that is not a readable EuRepoC export (always), or any
            problem at all with `strict`; nothing is planned or written.
    """
    files = input_files(paths, SUFFIXES, ".csv files")
    problems = ProblemList()
    absent: Counter[str] = Counter()
    incidents: list[Incident] = []
    entries: list[Entry] = []
    notices: list[Notice] = []
    read = 0
    for path in files:
        reader = RowReader(str(path), absent=absent)
        kind, items, count = _read_file(path, problems, reader)
        read += count
        notices += reader.notices
        if kind == GLOBAL:
            incidents += items  # type: ignore[arg-type]
        else:
            entries += items  # type: ignore[arg-type]
    if problems:
        raise ValidationFailed(problems)
    by_id = _without_repeats(incidents, notices)
    for inc in by_id.values():
        _check_count(inc, notices)
    if strict and notices:
        raise ValidationFailed([n.problem for n in notices])
    planner = Planner()
    for inc in by_id.values():  # the Global Database's incidents, records and responses
        planner.incident(inc)
        for entry in inc.entries:
            planner.entry(entry, inc)
    for entry in entries:  # the Attribution dataset's attributions: on their own
        planner.incident_ref(entry.incident)
        planner.entry(entry, None)
    plan = planner.finish()
    summary = _summary(planner.tally, planner.initiators, absent, notices, read)
    return SourceRead(plan, EUREPOC, summary, notices=notices, records_read=read)


def _summary(
    tally: Tally, initiators: int, absent: Counter[str], notices: list[Notice], read: int
) -> list[str]:
    claims = tally.attributions or 1
    party = tally.kinds["party"]
    self_claims = sum(n for rule, n in tally.rules.items() if "self-attribution" in rule)
    lines = [
        f"EuRepoC: {read} rows read: {tally.incidents} incidents, {tally.entries} attribution "
        f"entries -> {tally.attributions} attribution claims ({tally.contested} contested; "
        f"{tally.undated} undated; {tally.year_dates} dated by year only, as EuRepoC's "
        f"1 January means; {tally.before_start} dated before their incident began), "
        f"{tally.sponsorships} state links, {sum(tally.responses.values())} political and legal "
        "responses.",
        f"  Claimants: {party} of {tally.attributions} claims ({party * 100 // claims}%) name a "
        f"party ({tally.named} named in the row, {self_claims} self-attributions, "
        f"{party - tally.named - self_claims} governments or receivers inferred "
        f"from attribution_basis); {tally.kinds['category']} an unnamed kind of claimant; "
        f"{tally.kinds['pending']} left to the Global Database; {tally.kinds['none']} where the "
        "row says nothing.",
        f"  {initiators} initiator records, {tally.persons} persons, {tally.sponsors} "
        f"sponsors and units named in brackets, {tally.part_of} part-of links.",
    ]
    if absent:
        shown = ", ".join(f"{text!r} {n}" for text, n in sorted(absent.items()))
        lines.append(f"  {sum(absent.values())} values treated as absent: {shown}.")
    for why, n in sorted(tally.skipped.items()):
        lines.append(f"  Left out: {n} {why}.")
    if notices:
        by_action = Counter(n.action for n in notices)
        lines.append(
            f"  {by_action[REPAIRED]} values repaired and {by_action[SKIPPED]} rows skipped "
            "(each listed in the problems file)."
        )
    return lines


SOURCE = Source(
    name="eurepoc",
    description="EuRepoC CSV exports (Global Database, Attribution dataset)",
    suffixes=SUFFIXES,
    # any .csv file: the reader says what a file that is not a EuRepoC export lacks
    looks_like=lambda path: path.suffix.lower() in SUFFIXES,
    read=lambda paths, context: read_eurepoc(paths, strict=context.strict),
)
