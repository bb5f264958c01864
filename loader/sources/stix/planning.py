"""Validate mapped STIX records with the seed format's own checks, then plan their rows.

The records of a batch are checked like seed YAML records (`loader.validate`: the model and
rules of each record, its references, no claim about itself); problems name the STIX object
and property. Rows are planned (`loader.plan.record_rows`) only while the import has no
problem at all, into the one spooled plan the loader writes from.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping

from loader import models as m
from loader.plan import edge_shape, record_rows
from loader.problems import Problem
from loader.sources.stix.mapping import StixRecord
from loader.sources.stix.problem_log import ProblemLog
from loader.spool import SpooledPlan
from loader.validate import check_record, reference_problems, self_reference_problems


def check_and_plan(
    records: list[StixRecord], labels: MutableMapping[str, str], log: ProblemLog, plan: SpooledPlan
) -> None:
    """Check a batch of records against `labels` (every node id -> label); plan the valid."""
    found: list[tuple[StixRecord, Problem]] = []
    valid: list[tuple[StixRecord, m.Record]] = []
    defined: dict[str, str] = {}  # ids only the batch defines, such as alias claims
    for raw in records:
        rec, problems = check_record(raw)
        found += [(raw, p) for p in problems]
        if rec is not None:
            valid.append((raw, rec))
            label = m.SECTIONS[raw.section][1]
            if label is not None:
                defined[getattr(rec, "id")] = label  # noqa: B009 - every labelled record has one
    labels = ChainMap(defined, labels)
    for raw, rec in valid:
        problems = reference_problems(raw, rec, labels) + self_reference_problems(raw, rec)
        found += [(raw, p) for p in problems]
    for raw, problem in found:
        log.add(*raw.in_stix_terms(problem))
    if log:
        return  # no point planning what will not be written
    for _, rec in valid:
        nodes, edges = record_rows(rec, labels)
        for label, row in nodes:
            plan.add_node(label, row)
        for key, row in edges.items():
            plan.add_edge(edge_shape(key, labels), row)
