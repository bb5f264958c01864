"""The checks of seed records: each record on its own, then every reference between records.

`check_record` (model and cross-field rules), `reference_problems`, `self_reference_problems`
and `duplicate_relation_problem` are what every source runs (`loader.sources.seed_stream` for
YAML, `loader.sources.stix.planning` for STIX); each problem names file, record and field.

`validate_records` / `read_and_validate` are the in-memory pipeline: every record held at once.
The loader does not use them; they stay as the independent oracle that
tests/test_loader_stream.py compares the streamed pipeline with, and for tests that read the
validated records themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from attrib.identity.datasets import RECORD_CLAIM_KINDS
from loader import models as m
from loader.problems import Problem, ValidationFailed
from loader.sources.seed_yaml import RawRecord, read_yaml_file, seed_files

ANY_ENTITY = frozenset(m.ENTITY_LABELS)

# Relation type -> (labels allowed at `from`, labels allowed at `to`).
RELATION_ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "USES": (frozenset({"Actor", "Campaign"}), frozenset({"Tool", "Infrastructure"})),
    "TARGETS": (
        frozenset({"Actor", "Campaign"}),
        frozenset({"Sector", "Organisation", "Country"}),
    ),
    "AFFECTED": (frozenset({"Campaign"}), frozenset({"Organisation", "Country", "Sector"})),
    "EXPLOITS": (frozenset({"Actor", "Campaign", "Tool"}), frozenset({"Vulnerability"})),
    "OPERATES_FROM": (frozenset({"Actor"}), frozenset({"Country"})),
    "LOCATED_IN": (frozenset({"Infrastructure", "Organisation"}), frozenset({"Country"})),
    "PART_OF": (
        frozenset({"Organisation", "Campaign"}),
        frozenset({"Organisation", "Country", "Campaign"}),
    ),
    "WORKS_FOR": (frozenset({"Person"}), frozenset({"Organisation"})),
    "IN_SECTOR": (frozenset({"Organisation"}), frozenset({"Sector"})),
    "RELATED_TO": (ANY_ENTITY, ANY_ENTITY),
}

# Claim kind -> (labels allowed as subject, labels allowed as object or None if no object).
CLAIM_ENDPOINTS: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {
    "attribution": (
        frozenset({"Campaign", "Actor"}),
        frozenset({"Actor", "Organisation", "Country", "Person"}),
    ),
    "sponsorship": (frozenset({"Actor", "Campaign"}), frozenset({"Organisation", "Country"})),
    "denial": (ANY_ENTITY, None),
    "corroboration": (ANY_ENTITY, None),
    "non-attribution": (frozenset({"Actor"}), frozenset({"Campaign", "Actor"})),
    "alias": (frozenset({"Actor"}), frozenset({"Actor"})),
    "fact": (ANY_ENTITY, ANY_ENTITY),
    # two actor records are (or are not) one group: docs/identity.md
    **{kind: (frozenset({"Actor"}), frozenset({"Actor"})) for kind in RECORD_CLAIM_KINDS},
}
CLAIMANT_LABELS = frozenset({"Organisation", "Person"})


@dataclass
class Dataset:
    """Validated records, grouped; `labels` maps every id to its node label."""

    records: list[tuple[RawRecord, m.Record]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def of(self, model: type[m.Record]) -> list[m.Record]:
        return [rec for _, rec in self.records if isinstance(rec, model)]


def _loc(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    return ".".join(parts).replace(".from_", ".from") if parts else "-"


def _pydantic_problems(raw: RawRecord, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = _loc(err["loc"])
        top = loc.split(".")[0]
        if top == "from_":
            loc = "from" + loc[5:]
            top = "from"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling against docs/seed-format.md)"
        elif err["type"] == "missing":
            msg = "required field is missing"
        out.append(Problem(raw.file, raw.label, loc, msg, raw.field_lines.get(top, raw.line)))
    return out


def parse_record(raw: RawRecord) -> tuple[m.Record | None, list[Problem]]:
    """Validate one raw record against its section's model."""
    model, _ = m.SECTIONS[raw.section]
    if not isinstance(raw.data, dict):
        kind = type(raw.data).__name__
        return None, [
            Problem(raw.file, raw.label, "-", f"a record must be a mapping, got {kind}", raw.line)
        ]
    try:
        return model.model_validate(raw.data), []
    except ValidationError as exc:
        return None, _pydantic_problems(raw, exc)


def _rule_problems(raw: RawRecord, rec: m.Record) -> list[tuple[str, str]]:
    """Rules that span several fields of one record: (field, message) pairs."""
    out: list[tuple[str, str]] = []
    if (
        isinstance(rec, m.Campaign)
        and rec.first_seen
        and rec.last_seen
        and rec.last_seen < rec.first_seen
    ):
        out.append(("last_seen", f"{rec.last_seen} is before first_seen {rec.first_seen}"))
    if isinstance(rec, m.Claim):
        kind = rec.kind
        if kind == "denial":
            if not rec.disputes:
                out.append(("disputes", "a denial must list the claims it disputes"))
            if rec.object:
                out.append(("object", "a denial has no object: it disputes claims"))
        elif kind == "corroboration":
            if not rec.supports:
                out.append(("supports", "a corroboration must list the claims it supports"))
            if rec.object:
                out.append(("object", "a corroboration has no object: it supports claims"))
        elif kind in ("attribution", "sponsorship", "non-attribution", *RECORD_CLAIM_KINDS) and (
            not rec.object
        ):
            out.append(("object", f"a {kind} claim needs an object"))
        if kind != "denial" and rec.disputes:
            out.append(("disputes", "only denials dispute claims"))
        if kind != "corroboration" and rec.supports:
            out.append(("supports", "only corroborations support claims"))
        if kind == "alias" and not (rec.object or rec.alias):
            out.append(("object", "an alias claim needs an object (an actor) or an alias name"))
        if kind != "alias" and rec.alias:
            out.append(("alias", "only alias claims have an alias"))
        if rec.naming and not rec.alias:
            out.append(("naming", "only an alias claim that names an alias says how it was named"))
        if kind != "fact":
            for name in ("value", "unit", "as_of"):
                if getattr(rec, name) not in (None, ""):
                    out.append((name, "only fact claims have value, unit and as_of"))
    return out


def references(rec: m.Record) -> list[tuple[str, str, frozenset[str]]]:
    """(field path, referenced id, allowed labels) for every reference in a record."""
    src = frozenset({"Source"})
    out: list[tuple[str, str, frozenset[str]]] = []
    if isinstance(rec, m.Entity):
        out += [(f"sources[{i}]", s, src) for i, s in enumerate(rec.sources)]
        if isinstance(rec, m.Organisation) and rec.country:
            out.append(("country", rec.country, frozenset({"Country"})))
    elif isinstance(rec, m.Event):
        out += [(f"concerns[{i}]", c, ANY_ENTITY) for i, c in enumerate(rec.concerns)]
        out += [(f"sources[{i}]", s, src) for i, s in enumerate(rec.sources)]
    elif isinstance(rec, m.Relation):
        frm, to = RELATION_ENDPOINTS[rec.type]
        out += [("from", rec.from_, frm), ("to", rec.to, to)]
        out += [(f"sources[{i}]", s, src) for i, s in enumerate(rec.sources)]
    elif isinstance(rec, m.Claim):
        subj, obj = CLAIM_ENDPOINTS[rec.kind]
        out += [("claimant", rec.claimant, CLAIMANT_LABELS), ("subject", rec.subject, subj)]
        if rec.object and obj:
            out.append(("object", rec.object, obj))
        out += [(f"disputes[{i}]", d, frozenset({"Claim"})) for i, d in enumerate(rec.disputes)]
        out += [(f"supports[{i}]", d, frozenset({"Claim"})) for i, d in enumerate(rec.supports)]
        out += [(f"sources[{i}]", s, src) for i, s in enumerate(rec.sources)]
    elif isinstance(rec, m.Source) and rec.relays:
        out.append(("relays", rec.relays, src))
    return out


Lookup = Callable[[set[str]], dict[str, str]]


def check_record(raw: RawRecord) -> tuple[m.Record | None, list[Problem]]:
    """One record on its own: its model, then the rules across its fields."""
    rec, found = parse_record(raw)
    if rec is not None:
        found += [
            Problem(raw.file, raw.label, fld, msg, raw.field_lines.get(fld, raw.line))
            for fld, msg in _rule_problems(raw, rec)
        ]
    return rec, found


R = TypeVar("R", bound=RawRecord)


def checked_records(
    raws: Iterable[R], problems: list[Problem]
) -> Iterator[tuple[R, m.Record, str | None, str | None]]:
    """(raw, record, id, label) of every record that passes `check_record`.

    The problems of every record go to `problems`; `id` and `label` are None for a relation.
    """
    for raw in raws:
        rec, found = check_record(raw)
        problems += found
        if rec is None:
            continue
        label = m.SECTIONS[raw.section][1]
        rid = getattr(rec, "id", None) if label is not None else None
        yield raw, rec, rid, label


def reference_problems(raw: RawRecord, rec: m.Record, labels: Mapping[str, str]) -> list[Problem]:
    """A problem for every reference that is unknown or points at the wrong kind of record."""
    out = []
    for fld, ref, allowed in references(rec):
        line = raw.field_lines.get(fld.split("[")[0], raw.line)
        got = labels.get(ref)
        if got is None:
            message = f"unknown id {ref!r}: no record has this id"
        elif got not in allowed:
            message = f"{ref!r} is a {got}, expected {' or '.join(sorted(allowed))}"
        else:
            continue
        out.append(Problem(raw.file, raw.label, fld, message, line))
    return out


def self_reference_problems(raw: RawRecord, rec: m.Record) -> list[Problem]:
    """A claim may not dispute or support itself; a source may not relay itself."""
    if isinstance(rec, m.Source) and rec.relays == rec.id:
        line = raw.field_lines.get("relays", raw.line)
        return [Problem(raw.file, raw.label, "relays", "a source cannot relay itself", line)]
    if not isinstance(rec, m.Claim):
        return []
    return [
        Problem(
            raw.file,
            raw.label,
            fld,
            f"a claim cannot {verb} itself",
            raw.field_lines.get(fld, raw.line),
        )
        for fld, verb in (("disputes", "dispute"), ("supports", "support"))
        if rec.id in getattr(rec, fld)
    ]


def relay_cycles(relays: Mapping[str, str]) -> list[list[str]]:
    """Every cycle of two or more sources in `relays` (source id -> the id it relays).

    Each cycle is listed once, from its smallest id, in relay order. A source relaying itself
    is `self_reference_problems`' to report.
    """
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in relays:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = relays.get(node)
        if node is not None and node in on_path:
            cycle = path[path.index(node) :]
            if len(cycle) > 1:
                first = cycle.index(min(cycle))
                cycles.append(cycle[first:] + cycle[:first])
        done.update(path)
    return cycles


def relay_cycle_problem(raw: RawRecord, cycle: list[str]) -> Problem:
    """The problem of one source in a relay cycle (one for each source of the cycle)."""
    rid = _source_id(raw)
    at = cycle.index(rid) if rid in cycle else 0
    loop = " -> ".join([*cycle[at:], *cycle[:at], cycle[at]])
    return Problem(
        raw.file,
        raw.label,
        "relays",
        f"the relays form a cycle ({loop}): a source can only relay one published before it; "
        "remove `relays` from the source that is the original",
        raw.field_lines.get("relays", raw.line),
    )


def _source_id(raw: RawRecord) -> str | None:
    rid = raw.data.get("id") if isinstance(raw.data, dict) else None
    return rid.strip() if isinstance(rid, str) else None


def duplicate_relation_problem(
    raw: RawRecord, key: tuple[str, str, str], other: RawRecord
) -> Problem:
    return Problem(
        raw.file,
        raw.label,
        "-",
        f"duplicate relation {key[1]} -{key[0]}-> {key[2]} (also {other.file}:{other.line})",
        raw.line,
    )


def validate_records(raws: list[RawRecord], lookup: Lookup | None = None) -> Dataset:
    """Validate records and their references, in memory; raise ValidationFailed with every problem.

    A test oracle (see the module doc): the loader validates with `loader.sources.seed_stream`.

    Args:
        raws: parsed records from any number of files.
        lookup: finds ids that the input references but does not define (id -> label), e.g.
            in the database, so a small file can add claims about known actors.
    """
    problems: list[Problem] = []
    data = Dataset()
    first_seen_at: dict[str, RawRecord] = {}
    for raw, rec, rid, label in checked_records(raws, problems):
        if rid is not None and label is not None:
            if rid in first_seen_at:
                other = first_seen_at[rid]
                problems.append(
                    Problem(
                        raw.file,
                        raw.label,
                        "id",
                        f"duplicate id {rid!r}: "
                        f"already used by {other.label} in {other.file}:{other.line}",
                        raw.field_lines.get("id", raw.line),
                    )
                )
                continue
            first_seen_at[rid] = raw
            data.labels[rid] = label
        data.records.append((raw, rec))

    missing = {ref for _, rec in data.records for _, ref, _ in references(rec)} - set(data.labels)
    known = lookup(missing) if (lookup and missing) else {}
    labels = data.labels = {**known, **data.labels}
    relayed = {
        rec.id: (raw, rec.relays)
        for raw, rec in data.records
        if isinstance(rec, m.Source) and rec.relays
    }
    for cycle in relay_cycles({rid: target for rid, (_, target) in relayed.items()}):
        problems += [relay_cycle_problem(relayed[rid][0], cycle) for rid in cycle]
    relation_keys: dict[tuple[str, str, str], RawRecord] = {}
    for raw, rec in data.records:
        problems += reference_problems(raw, rec, labels) + self_reference_problems(raw, rec)
        if isinstance(rec, m.Relation):
            key = (rec.type, rec.from_, rec.to)
            if key in relation_keys:
                problems.append(duplicate_relation_problem(raw, key, relation_keys[key]))
            relation_keys[key] = raw
    if problems:
        raise ValidationFailed(problems)
    return data


def read_and_validate(paths: list[Path], lookup: Lookup | None = None) -> Dataset:
    """Parse every YAML file under `paths` and validate all of it, in memory (a test oracle)."""
    raws: list[RawRecord] = []
    problems: list[Problem] = []
    for file in seed_files(paths):
        found, bad = read_yaml_file(file, set(m.SECTIONS))
        raws += found
        problems += bad
    try:
        data = validate_records(raws, lookup)
    except ValidationFailed as exc:
        raise ValidationFailed(problems + exc.problems) from None
    if problems:
        raise ValidationFailed(problems)
    return data
