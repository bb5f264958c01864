"""Identity at 1x, 10x and 100x the real record count: resolution, the report, the actor page.

    python -m benchmarks.identity_scale [--db]   # figures and goals; --db: also in Neo4j

The real data (the seed, MITRE ATT&CK, the MISP galaxies, an EuRepoC-sized file) has 1,472
actor records (benchmarks/identity.md). The synthetic evidence here has what makes real
identity hard, at any size: many vendors (14 datasets), groups tracked by one to six of them
under each vendor's own name, names shared across vendors, generic names one vendor gives to
several of its groups (ambiguous), a vendor's own renamings in chains (ATT&CK's revoked-by),
cross-vendor same-as claims, loose MISP-style `similar` links (some between groups that are
not one), naming claims, distinct claims, and one runaway chain of same-as claims through
0.5% of the records (the benchmark corpus's alias claims were such a chain: 2,500 records in
one actor) that the resolution must report as suspect, not write as one actor.

Measured, per size: resolution (attrib.identity.resolve, CPU and wall time), the Identity
report (views.report) and the actor page's core (views.find_actors + actor_document for a few
names). The goal: resolution time grows no worse than n log n from 10x to 100x (CPU time,
which other sessions on a shared machine disturb less than wall time, with 50% slack for the
noise that remains). With `--db` (or from benchmarks.run) the 10x and 100x evidence is also
written into Neo4j and `write_resolution` timed there: read, resolve, write.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

REAL_RECORDS = 1472  # benchmarks/identity.md: the real datasets' actor records
SCALES = (1, 10, 100)
GROWTH_SLACK = 1.5  # measured growth may exceed n log n's by this factor (shared-core noise)
VENDORS = (
    "mitre-attack", "misp-threat-actor", "misp-microsoft-activity-group", "eurepoc", "seed",
    *(f"vendor-{i:02d}" for i in range(1, 10)),
)  # fmt: skip
ADJ = ("Silk", "Midnight", "Fancy", "Cozy", "Velvet", "Iron", "Sandy", "Lazy", "Red", "Blue")
NOUN = ("Typhoon", "Blizzard", "Bear", "Panda", "Kitten", "Chollima", "Spider", "Tempest")
GENERIC = tuple(f"{a} {n}" for a in ADJ for n in NOUN)  # 80 names vendors reuse: ambiguous


@dataclass
class Synthetic:
    """Plain rows both the in-memory evidence and the database plan are built from."""

    records: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)
    # (id, kind, subject, object, claimant dataset, confidence, relation)
    claims: list[tuple[str, str, str, str, str, int, str]] = field(default_factory=list)
    namings: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, record, name, by

    def evidence(self) -> Any:
        from attrib.identity.evidence import Evidence, Naming, Record, RecordClaim

        ev = Evidence()
        for rid, dataset, name, aliases in self.records:
            ev.records[rid] = Record(rid, dataset, name, aliases, (), rid, "")
        for cid, kind, sub, obj, by, conf, relation in self.claims:
            ev.record_claims.append(
                RecordClaim(cid, kind, sub, obj, f"org-{by}", by, by, conf, "", "", (), relation)
            )
        for cid, rid, name, by in self.namings:
            ev.namings.append(Naming(cid, rid, name, f"org-{by}", by, by, "given", by))
        return ev


def synthetic(n_records: int, seed: int = 1) -> Synthetic:
    """About `n_records` actor records with realistic name overlap (the module docstring)."""
    r = random.Random(seed)
    out = Synthetic()
    group_records: list[list[str]] = []
    g = 0
    while len(out.records) < n_records:
        canonical = f"{r.choice(ADJ)} {r.choice(NOUN)} {g}"
        vendors = r.sample(VENDORS, r.choice((1, 1, 1, 2, 2, 3, 3, 4, 5, 6)))
        own_names = {v: f"{v.split('-')[-1].upper()}-{g}" for v in vendors}
        ids = []
        for v in vendors:
            rid = f"{v}:{g}"
            aliases = [canonical] if r.random() < 0.6 else []
            aliases += [own_names[o] for o in vendors if o != v and r.random() < 0.5]
            if r.random() < 0.1:
                aliases.append(r.choice(GENERIC))  # reused for other groups: ambiguous
            out.records.append((rid, v, own_names[v], tuple(aliases)))
            ids.append(rid)
            if r.random() < 0.3:
                out.namings.append((f"naming:{rid}", rid, own_names[v], v))
            if r.random() < 0.03:  # the vendor renamed it: a chain of its own records
                prev = rid
                for k in range(r.randint(1, 3)):
                    old = f"{rid}:old{k}"
                    out.records.append((old, v, f"{own_names[v]}-old{k}", ()))
                    out.claims.append((f"revoked:{old}", "same-as", old, prev, v, 100, ""))
                    prev = old
        if len(ids) > 1 and r.random() < 0.2:
            a, b = r.sample(ids, 2)
            out.claims.append((f"same:{a}", "same-as", a, b, r.choice(VENDORS), 85, ""))
        group_records.append(ids)
        g += 1
    for i, ids in enumerate(group_records):  # loose links, some between groups that are not one
        if r.random() < 0.02 and i > 0:
            other = group_records[r.randrange(i)]
            out.claims.append(
                (f"similar:{i}", "same-as", ids[0], other[0], "misp-threat-actor", 70, "similar")
            )
        if r.random() < 0.005 and i > 0:
            other = group_records[r.randrange(i)]
            out.claims.append((f"distinct:{i}", "distinct", ids[0], other[0], "seed", 90, ""))
    # the runaway chain: one dataset saying its records are one, record after record (as the
    # benchmark corpus's seed alias claims did), so no rule refuses it
    own = sorted(rid for rid, dataset, _, _ in out.records if dataset == "seed")
    chain = r.sample(own, min(len(own), max(60, n_records // 200)))
    for a, b in itertools.pairwise(chain):
        out.claims.append((f"runaway:{a}", "same-as", a, b, "seed", 60, ""))
    return out


def _clock(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(CPU seconds, wall seconds, result) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def measure_memory(
    scales: tuple[int, ...] = SCALES, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Resolution, report and actor page core in memory, at each scale of the real count."""
    from attrib.identity.policy import Policy
    from attrib.identity.resolve import resolve
    from attrib.identity.views import actor_document, find_actors, report

    sizes: dict[str, Any] = {}
    for scale in scales:
        data = synthetic(REAL_RECORDS * scale)
        evidence = data.evidence()
        n = len(evidence.records)
        cpu, wall, res = _clock(partial(resolve, evidence, Policy()))
        _, rep_wall, _ = _clock(partial(report, evidence, res))
        names = [evidence.records[rid].name for rid in sorted(evidence.records)[:: n // 5][:5]]
        page_ms = []
        for name in names:
            started = time.perf_counter()
            for actor in find_actors(evidence, res, name):
                actor_document(evidence, res, actor)
            page_ms.append((time.perf_counter() - started) * 1000)
        biggest = max(len(a.members) for a in res.actors)
        sizes[f"{scale}x"] = {
            "records": n,
            "claims": len(evidence.record_claims),
            "namings": len(evidence.namings),
            "actors": len(res.actors),
            "largest_actor": biggest,
            "suspect_chains": len(res.suspect),
            "suspect_records": sum(len(s.records) for s in res.suspect),
            "refused": len(res.refused),
            "ambiguous": len(res.ambiguous),
            "resolve_cpu_s": round(cpu, 3),
            "resolve_wall_s": round(wall, 3),
            "report_s": round(rep_wall, 3),
            "actor_page_ms_p50": round(statistics.median(page_ms), 1),
            "actor_page_ms_max": round(max(page_ms), 1),
        }
        log(
            f"identity {scale}x: {n} records -> {len(res.actors)} actors (largest {biggest}, "
            f"{len(res.suspect)} suspect chain(s)); resolve {cpu:.2f} s CPU / {wall:.2f} s, "
            f"report {rep_wall:.2f} s, actor page p50 {statistics.median(page_ms):.0f} ms"
        )
    return sizes


def growth(sizes: dict[str, Any], low: str = "10x", high: str = "100x") -> dict[str, Any]:
    """The measured growth of resolution time from `low` to `high` against n log n's."""
    a, b = sizes[low], sizes[high]
    n1, n2 = a["records"], b["records"]
    measured = b["resolve_cpu_s"] / a["resolve_cpu_s"]
    nlogn = (n2 * math.log(n2)) / (n1 * math.log(n1))
    return {
        "from": low,
        "to": high,
        "records": [n1, n2],
        "measured_ratio": round(measured, 2),
        "nlogn_ratio": round(nlogn, 2),
        "exponent": round(math.log(measured) / math.log(n2 / n1), 2),
        "met": measured <= GROWTH_SLACK * nlogn,
    }


def plan_of(data: Synthetic) -> Any:
    """The synthetic evidence as loader rows (records, claims, naming claims, their edges)."""
    from attrib.names import name_props
    from loader.plan import Plan

    plan = Plan()
    for dataset in VENDORS:
        oid, sid = f"org-{dataset}", f"dataset:{dataset}"
        plan.nodes["Organisation"].append(
            {"id": oid, "props": {"id": oid, "name": dataset, "kind": "vendor"}}
        )
        plan.nodes["Source"].append({"id": sid, "props": {"id": sid, "title": dataset}})
    for rid, dataset, name, aliases in data.records:
        props = {"id": rid, "dataset": dataset, "source_id": rid, "name": name,
                 "aliases": list(aliases), "kind": "intrusion-set",
                 **name_props([name, *aliases])}  # fmt: skip
        plan.nodes["Actor"].append({"id": rid, "props": props})

    def claim(cid: str, subject: str, by: str, props: dict[str, Any]) -> None:
        plan.nodes["Claim"].append({"id": cid, "props": {"id": cid, "dataset": by, **props}})
        plan.edges[("SUBJECT", "Claim", "Actor")].append({"from": cid, "to": subject, "props": {}})
        plan.edges[("CLAIMED_BY", "Claim", "Organisation")].append(
            {"from": cid, "to": f"org-{by}", "props": {}}
        )
        plan.edges[("CITES", "Claim", "Source")].append(
            {"from": cid, "to": f"dataset:{by}", "props": {}}
        )

    for cid, kind, sub, obj, by, conf, relation in data.claims:
        extra = {"misp_relation": relation} if relation else {}
        claim(cid, sub, by, {"kind": kind, "object_record": obj, "confidence": conf, **extra})
    for cid, rid, name, by in data.namings:
        claim(cid, rid, by, {"kind": "alias", "alias": name, "naming": "given",
                             **name_props([name])})  # fmt: skip
    return plan


def coverage() -> dict[str, int]:
    """Actor records, those in a resolved actor, and the largest actor (cypher/bench/)."""
    from attrib import cypher_text, db

    row = db.read(cypher_text.read("bench/identity_coverage.cypher"), timeout=300).records[0]
    return {"records": row["records"], "members": row["members"], "largest": row["largest"]}


def measure_db(
    scales: tuple[int, ...] = (10, 100), log: Callable[[str], None] = print
) -> dict[str, Any]:
    """At each scale, in the (benchmark) database, wiped: write the evidence, then time the
    resolution a load runs after it (read the evidence, resolve, write the actors)."""
    from loader.resolution import write_resolution
    from loader.writer import apply_schema, wipe, write_plan

    out: dict[str, Any] = {}
    for scale in scales:
        data = synthetic(REAL_RECORDS * scale)
        wipe()
        apply_schema()
        started = time.perf_counter()
        write_plan(plan_of(data), batch_size=1000)
        written = time.perf_counter() - started
        started = time.perf_counter()
        outcome = write_resolution()
        first = time.perf_counter() - started
        started = time.perf_counter()
        write_resolution()  # unchanged: what every later load pays
        again = time.perf_counter() - started
        members = coverage()
        out[f"{scale}x"] = {
            "records": len(data.records),
            "write_evidence_s": round(written, 1),
            "resolution_first_s": round(first, 1),
            "resolution_again_s": round(again, 1),
            "actors": len(outcome.resolution.actors),
            "suspect_chains": len(outcome.resolution.suspect),
            "records_without_actor": members["records"] - members["members"],
            "largest_stored_actor": members["largest"],
        }
        log(f"identity db {scale}x: {out[f'{scale}x']}")
    wipe()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", action="store_true", help="also in Neo4j (.data/bench-neo4j, wiped)")
    args = ap.parse_args(argv)
    sizes = measure_memory()
    grew = growth(sizes)
    print(f"growth 10x -> 100x: {grew}")
    if args.db:
        from benchmarks.run import setup_env, start_server

        setup_env()
        start_server()
        print(measure_db())
    return 0 if grew["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
