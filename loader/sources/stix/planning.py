"""Validate mapped STIX records with the seed format's own checks, then plan their rows.

The records of a batch are checked like seed YAML records (`loader.validate`: the model and
rules of each record, its references, no claim about itself); problems name the STIX object
and property. Rows are planned (`loader.plan.record_rows`) only while the import has no
problem at all, into the one spooled plan the loader writes from; a record's properties that the
seed model has no field for (`StixRecord.props`, `cites`) are added to its rows.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any, Protocol

from loader import models as m
from loader.plan import edge_shape, record_rows
from loader.problems import Problem
from loader.sources.stix.mapping import StixRecord
from loader.sources.stix.problem_log import ProblemLog
from loader.validate import checked_records, reference_problems, self_reference_problems


class RowSink(Protocol):
    """Where planned rows go: a SpooledPlan (bundles), or a plan in memory (small inputs)."""

    def add_node(self, label: str, row: dict[str, Any]) -> None: ...

    def add_edge(self, shape: tuple[str, str, str], row: dict[str, Any]) -> None: ...


def check_and_plan(
    records: list[StixRecord], labels: MutableMapping[str, str], log: ProblemLog, plan: RowSink
) -> None:
    """Check a batch of records against `labels` (every node id -> label); plan the valid."""
    problems: list[Problem] = []
    valid: list[tuple[StixRecord, m.Record]] = []
    defined: dict[str, str] = {}  # ids only the batch defines, such as alias claims
    for raw, rec, rid, label in checked_records(records, problems):
        valid.append((raw, rec))
        if rid is not None and label is not None:
            defined[rid] = label
    labels = ChainMap(defined, labels)
    for raw, rec in valid:
        problems += reference_problems(raw, rec, labels) + self_reference_problems(raw, rec)
    by_where = {raw.where: raw for raw in records}  # a problem's record is its raw's `where`
    for problem in problems:
        raw = by_where[problem.record]
        merged = raw.data.get("stix_ids") if isinstance(raw.data, dict) else None  # relations
        log.add(*raw.in_stix_terms(problem), blamed=tuple(merged or ()))
    if log:
        return  # no point planning what will not be written
    for raw, rec in valid:
        nodes, edges = record_rows(rec, labels)
        for label, row in nodes:
            row["props"].update(raw.props)  # dataset, ATT&CK ids ... (docs/identity.md)
            plan.add_node(label, row)
        for key, row in edges.items():
            plan.add_edge(edge_shape(key, labels), row)
        for source in raw.cites:
            rid = getattr(rec, "id")  # noqa: B009 - only records with an id cite
            row = {"from": rid, "to": source, "props": {}}
            plan.add_edge(("CITES", labels[rid], "Source"), row)
