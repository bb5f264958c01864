"""Seed YAML, streamed: validate every record and plan the writes without holding the input.

`read_and_validate` + `build_plan` hold every record, its pydantic model and every planned row
at once: fine for the seed, ~1 GB at 100k nodes and ~10 GB at a million. This module gives the
same result (the same problems, the same rows) with memory that follows the number of ids, not
the size of the input:

1. **Scan** each file (parse, per-record model and rules) and spill its raw records to a
   temporary file; keep only id -> label (and a 64-bit hash per relation key, to find duplicate
   relations without a set of tuples).
2. **Check and plan**: stream the spilled records back; check every reference against the ids
   (ids the input does not define are looked up, e.g. in the database, after the pass) and spill
   the planned rows per label and edge shape (`loader.spool.SpooledPlan`) to the temporary
   directory.
3. `loader.load` writes them (`loader.writer.write_plan` streams the rows back in batches);
   nothing is written unless step 1 and 2 found no problem at all (`ValidationFailed`).

Problems are those of `loader.validate` (same wording, file, record, field and line); an id is
known from the record that defines it even when another field of that record is invalid.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrib.identity.datasets import SEED as SEED_DATASET
from loader import models as m
from loader.known_ids import lookup_known_ids
from loader.plan import edge_shape, record_rows
from loader.problems import Problem, ProblemList, ValidationFailed
from loader.sources.contract import ReadContext, Source, SourceRead
from loader.sources.seed_yaml import YAML_SUFFIXES, RawRecord, read_yaml_file, seed_files
from loader.spool import Spooled, SpooledPlan
from loader.validate import (
    Lookup,
    checked_records,
    duplicate_relation_problem,
    parse_record,
    reference_problems,
    references,
    relay_cycle_problem,
    relay_cycles,
    self_reference_problems,
)


def stream_validate_plan(
    paths: list[Path], lookup: Lookup | None = None
) -> tuple[dict[str, str], SpooledPlan]:
    """Validate every record under `paths` and plan its rows, streaming (see the module doc).

    Returns (id -> label of every id the input defines or references, the spooled plan).

    Raises:
        ValidationFailed: every problem found; the plan is discarded.
    """
    files = seed_files(paths)
    plan = SpooledPlan()
    try:
        labels = _check_and_plan(files, lookup, plan)
    except BaseException:
        plan.close()
        raise
    return labels, plan


def _check_and_plan(files: list[Path], lookup: Lookup | None, plan: SpooledPlan) -> dict[str, str]:
    read_problems = ProblemList()  # the file's own problems, listed first
    problems = ProblemList()
    labels: dict[str, str] = {}
    interned = {label: label for _, label in m.SECTIONS.values() if label}
    duplicates: list[RawRecord] = []
    relation_hashes = array("q")
    relays: dict[str, str] = {}  # source id -> the source it relays (for cycles)
    spill = _RawSpill(plan)

    # 1. scan: parse, per-record models and rules, ids
    for file in files:
        raws, bad = read_yaml_file(file, set(m.SECTIONS))
        read_problems += bad
        for raw, rec, rid, label in checked_records(raws, problems):
            if rid is not None and label is not None:
                if rid in labels:  # reported with the first definition's place below
                    duplicates.append(raw)
                    continue
                labels[rid] = interned[label]
            if isinstance(rec, m.Relation):
                relation_hashes.append(hash((rec.type, rec.from_, rec.to)))
            elif isinstance(rec, m.Organisation) and rec.country:  # its LOCATED_IN edge
                relation_hashes.append(hash(("LOCATED_IN", rec.id, rec.country)))
            elif isinstance(rec, m.Source) and rec.relays:
                relays[rec.id] = rec.relays
            spill.append(raw)
        del raws
    if duplicates:
        problems += _duplicate_problems(duplicates, spill)
    cycles = relay_cycles(relays)
    if cycles:
        where = _defining_records({rid for cycle in cycles for rid in cycle}, spill)
        problems += [relay_cycle_problem(where[rid], cycle) for cycle in cycles for rid in cycle]
    del relays
    suspects = _repeated(relation_hashes)
    del relation_hashes

    # 2. check references and plan, record by record; records with ids that the input does
    # not define wait for the lookup (usually none, or the few of a small file)
    relation_seen: dict[tuple[str, str, str], RawRecord] = {}
    # edges that two records plan (an organisation's country and a LOCATED_IN relation): held
    # until the end so that, as in build_plan, the last one wins
    held: dict[tuple[str, str, str], tuple[tuple[str, str, str], dict[str, Any]]] = {}
    waiting: list[tuple[RawRecord, m.Record]] = []
    missing: set[str] = set()

    def planned(rec: m.Record) -> None:
        nodes, edges = record_rows(rec, labels)
        for label, row in nodes:
            plan.add_node(label, row)
        for key, row in edges.items():
            shape = edge_shape(key, labels)
            if key[0] == "LOCATED_IN" and hash(key) in suspects:
                held[key] = (shape, row)
            else:
                plan.add_edge(shape, row)

    def check(raw: RawRecord, rec: m.Record, final: bool) -> bool:
        """Reference problems of one record; False if it must wait for the lookup."""
        unresolved = {ref for _, ref, _ in references(rec) if ref not in labels}
        if unresolved and not final:
            missing.update(unresolved)
            return False
        problems.extend(reference_problems(raw, rec, labels))
        return True

    for raw in spill:
        parsed, _ = parse_record(raw)  # valid: it passed the scan
        assert parsed is not None
        rec = parsed
        problems.extend(self_reference_problems(raw, rec))
        if isinstance(rec, m.Relation) and hash((rec.type, rec.from_, rec.to)) in suspects:
            key = (rec.type, rec.from_, rec.to)
            other = relation_seen.get(key)
            if other is not None:
                problems.append(duplicate_relation_problem(raw, key, other))
            relation_seen[key] = raw
        if check(raw, rec, final=False):
            if not problems and not read_problems:
                planned(rec)
        else:
            waiting.append((raw, rec))

    # one look-up of every id the input references but does not define, and of every id it
    # defines: an id the graph holds under another label would fail the write halfway
    defined = set(labels)
    asked = missing | defined
    known = lookup(asked) if (lookup and asked) else {}
    clashes = {rid: got for rid, got in known.items() if rid in defined and got != labels[rid]}
    if clashes:
        problems += _clash_problems(clashes, spill)
    for rid, label in known.items():
        labels.setdefault(rid, label)
    if missing:
        for raw, rec in waiting:
            check(raw, rec, final=True)
            if not problems and not read_problems:
                planned(rec)
    if read_problems or problems:
        raise ValidationFailed(_together(read_problems, problems))
    for shape, row in held.values():
        plan.add_edge(shape, row)
    return labels


def _together(first: ProblemList, then: ProblemList) -> ProblemList:
    out = ProblemList(first)
    out.extend(then)
    if first.first_dropped:  # counted, not kept: the counts carry over
        out.more.update(first.more)
        out.first_dropped = out.first_dropped or first.first_dropped
    out.more.update(then.more)
    out.first_dropped = out.first_dropped or then.first_dropped
    return out


class _RawSpill:
    """Raw records between the scan and the check, in the plan's directory (as tuples: smaller
    and faster to pickle than the dataclass)."""

    def __init__(self, plan: SpooledPlan) -> None:
        self._items: Spooled[tuple[Any, ...]] = plan.spooled()

    def append(self, raw: RawRecord) -> None:
        self._items.append((raw.file, raw.section, raw.index, raw.data, raw.line, raw.field_lines))

    def __iter__(self) -> Iterator[RawRecord]:
        for item in self._items:
            yield RawRecord(*item)


def _repeated(hashes: array[int]) -> set[int]:
    """Hash values that occur more than once (candidate duplicate relations)."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pandas
        seen: set[int] = set()
        out: set[int] = set()
        for h in hashes:
            (out if h in seen else seen).add(h)
        return out
    values = np.frombuffer(hashes, dtype=np.int64) if len(hashes) else np.empty(0, np.int64)
    values = np.sort(values)
    return {int(v) for v in values[1:][values[1:] == values[:-1]]}


def _rid_of(raw: RawRecord) -> str | None:
    rid = raw.data.get("id") if isinstance(raw.data, dict) else None
    return rid.strip() if isinstance(rid, str) else None


def _defining_records(wanted: set[str], spill: _RawSpill) -> dict[str, RawRecord]:
    """The first spilled record defining each of `wanted` ids (one pass over the spill)."""
    first: dict[str, RawRecord] = {}
    for raw in spill:
        rid = _rid_of(raw)
        if rid is not None and rid in wanted and rid not in first:
            first[rid] = raw
    return first


def _clash_problems(clashes: dict[str, str], spill: _RawSpill) -> list[Problem]:
    """Ids the input defines that the graph already holds under another label."""
    out = []
    for rid, raw in _defining_records(set(clashes), spill).items():
        label = m.SECTIONS[raw.section][1]
        out.append(
            Problem(
                raw.file,
                raw.label,
                "id",
                f"id {rid!r} is already a {clashes[rid]} in the graph, so it cannot be a "
                f"{label} (ids are unique across every kind of record): choose another id",
                raw.field_lines.get("id", raw.line),
            )
        )
    return out


def _duplicate_problems(duplicates: list[RawRecord], spill: _RawSpill) -> list[Problem]:
    """'duplicate id' problems, naming where each id was first defined."""
    # the first definitions were spilled; the duplicates were not
    first = _defining_records({_rid_of(dup) or "" for dup in duplicates}, spill)
    out = []
    for raw in duplicates:
        rid = _rid_of(raw)
        other = first.get(rid or "")
        if other is None:
            continue
        out.append(
            Problem(
                raw.file,
                raw.label,
                "id",
                f"duplicate id {rid!r}: already used by {other.label} in {other.file}:{other.line}",
                raw.field_lines.get("id", raw.line),
            )
        )
    return out


def _read(paths: list[Path], context: ReadContext) -> SourceRead:
    labels, plan = stream_validate_plan(paths, context.lookups(lookup_known_ids))
    return SourceRead(plan, SEED_DATASET, labels=labels, ids_checked=True)


SOURCE = Source(
    name="seed",
    description="seed YAML (docs/seed-format.md)",
    suffixes=YAML_SUFFIXES,
    looks_like=lambda path: path.suffix.lower() in YAML_SUFFIXES,
    read=_read,
    curated=True,
)
