"""A synthetic EuRepoC Global Database CSV of the real dataset's size, for the scale benchmark.

EuRepoC 1.1 holds about 1,650 incidents and 2,600 attributions. This writes a file of that
size in the Global Database's exact format (the columns of tests/fixtures/eurepoc/global.csv):
`;`-separated attribution columns, Python-style URL lists, "Not available" cells, dates at
day, month and year precision, contested attributions, and skewed popularity (a few
initiators such as APT28 and attributors such as Microsoft carry most attributions, with
names real data shares with ATT&CK and MISP). The same arguments always give the same bytes.

Usage:
    python -m benchmarks.eurepoc_synthetic                    # -> benchmarks/corpus/eurepoc-seed1/
    python -m benchmarks.eurepoc_synthetic --incidents 1650 --attributions 2600 --seed 1 --check
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from loader.sources.eurepoc.csvfile import PER_ATTRIBUTION

# the Global Database's columns, in its order (attribution columns as the importer names them)
COLUMNS = [
    *("ID", "name", "description", "start_date", "end_date", "inclusion_criteria"),
    *("source_incident_detection_disclosure", "incident_type", "receiver_name"),
    *("receiver_country", "receiver_region", "receiver_category", "initiator_name"),
    *("initiator_country", "initiator_category", "number_of_attributions"),
    *PER_ATTRIBUTION,
    *("sources_attribution", "number_of_political_responses", "political_response_date"),
    *("political_response_type", "political_response_country", "political_response_actor"),
    *("number_of_legal_responses", "legal_response_date", "legal_response_type"),
    *("legal_response_country", "legal_response_actor", "sources_url", "added_to_DB"),
    "updated_at",
]
NA = "Not available"

# (initiator, country, category): names shared with ATT&CK / MISP, and the dataset's own.
INITIATORS = [
    ("APT28", "Russia", "State"),
    ("APT29", "Russia", "State"),
    ("Sandworm", "Russia", "State"),
    ("Turla", "Russia", "State"),
    ("Lazarus Group", "North Korea", "State"),
    ("Kimsuky", "North Korea", "State"),
    ("Hafnium", "China", "State"),
    ("APT41", "China", "Non-state actor, state-affiliation suggested"),
    ("APT10", "China", "State"),
    ("Charming Kitten", "Iran", "State"),
    ("MuddyWater", "Iran", "State"),
    ("Killnet", "Russia", "Non-state-group"),
    ("Anonymous Sudan", "Sudan", "Non-state-group"),
    ("LockBit", "Russia", "Non-state-group"),
    *((f"Unnamed group {n}", "Not available", "Unknown - not attributed") for n in range(1, 200)),
]
COMPANIES = [
    "Microsoft",
    "Mandiant",
    "CrowdStrike",
    "Kaspersky",
    "ESET",
    "Recorded Future",
    "Symantec",
    "Proofpoint",
    "Check Point",
    "SentinelOne",
    "Small Security Firm",
]
ACTORS = ["National Cyber Security Centre", "CISA", "FBI", "CERT-UA", "Minister of the Interior"]
COUNTRIES = [
    "United States",
    "United Kingdom",
    "Germany",
    "France",
    "Ukraine",
    "Netherlands",
    "Poland",
    "Estonia",
    "Lithuania",
    "Japan",
    "South Korea",
    "EU (region)",
]
TYPES = [
    ("Attribution by third-party", "IT-security community attributes attacker"),
    ("Attribution by receiver government / state entity", "Official statement by government"),
    ("Media report (e.g., Reuters)", "Media-based attribution"),
    ("Self-attribution", "Attacker confirms"),
    ("Legal attribution", "Indictment"),
    ("Contested attribution", "Attribution given, type unclear"),
]
INCIDENT_TYPES = ["Data theft", "Disruption", "Hijacking with Misuse", "Ransomware", "Doxing"]


def _skewed(rng: random.Random, items: list[str] | list[tuple[str, str, str]]) -> int:
    """An index, the first items much likelier (as a few groups carry most attributions)."""
    return min(int(rng.paretovariate(1.2)) - 1, len(items) - 1)


def _date(rng: random.Random, year: int) -> str:
    precision = rng.random()
    if precision < 0.15:
        return str(year)
    if precision < 0.35:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _urls(rng: random.Random, key: str, n: int) -> str:
    return repr([f"https://news.example/{key}/{i}" for i in range(n)])


def _attribution(rng: random.Random, year: int) -> dict[str, str]:
    name, country, category = INITIATORS[_skewed(rng, INITIATORS)]
    kind, basis = TYPES[rng.choices(range(len(TYPES)), weights=(40, 25, 20, 6, 4, 5))[0]]
    by = rng.random()
    return {
        "attribution_date": _date(rng, year + rng.randint(0, 2)),
        "attribution_type": kind,
        "attribution_basis": basis,
        "attributing_actor": rng.choice(ACTORS) if 0.55 < by < 0.75 else NA,
        "attribution_it_company": COMPANIES[_skewed(rng, COMPANIES)] if by < 0.55 else NA,
        "attributing_country": rng.choice(COUNTRIES) if by > 0.6 else NA,
        "attributed_initiator": name if rng.random() > 0.08 else NA,
        "attributed_initiator_country": country,
        "attributed_initiator_category": category,
    }


def incidents(n: int, attributions: int, seed: int) -> list[dict[str, str]]:
    """`n` Global Database rows holding `attributions` attributions in all."""
    rng = random.Random(seed)
    counts = [0] * n
    for _ in range(attributions):
        counts[rng.randrange(n)] += 1
    rows = []
    for i, count in enumerate(counts):
        iid = str(1000 + i)
        year = rng.randint(2000, 2023)
        initiator = INITIATORS[_skewed(rng, INITIATORS)]
        atts = [_attribution(rng, year) for _ in range(count)]
        row = dict.fromkeys(COLUMNS, NA)
        row.update(
            ID=iid,
            name=f"Synthetic incident {iid}",
            description=f"A synthetic incident of {year} for the scale benchmark.",
            start_date=_date(rng, year),
            end_date=_date(rng, year) if rng.random() < 0.4 else NA,
            incident_type="; ".join(rng.sample(INCIDENT_TYPES, rng.randint(1, 2))),
            receiver_name=f"Receiver {iid}",
            receiver_country="; ".join(rng.sample(COUNTRIES, rng.randint(1, 2))),
            receiver_category="State institutions / political system",
            initiator_name=initiator[0] if count else "Unknown",
            initiator_country=initiator[1] if count else "Unknown",
            initiator_category=initiator[2],
            number_of_attributions=str(count),
            sources_attribution=(
                _urls(rng, iid, rng.randint(1, 3))
                if count < 2 or rng.random() < 0.5
                else "; ".join(_urls(rng, f"{iid}-{k}", 1) for k in range(count))
            ),
            sources_url=_urls(rng, f"{iid}-incident", rng.randint(0, 3)),
            added_to_DB="2023-04-20",
            updated_at="2023-04-20",
        )
        for column in PER_ATTRIBUTION:
            row[column] = "; ".join(a[column] for a in atts) if atts else NA
        rows.append(row)
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--incidents", type=int, default=1650)
    ap.add_argument("--attributions", type=int, default=2600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="the CSV to write (default: benchmarks/corpus/…)")
    ap.add_argument("--check", action="store_true", help="read it back with the importer")
    args = ap.parse_args(argv)
    out = args.out or Path(__file__).parent / "corpus" / f"eurepoc-seed{args.seed}" / "global.csv"
    write(out, incidents(args.incidents, args.attributions, args.seed))
    print(f"wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)")
    if args.check:
        from loader.sources.eurepoc import read_eurepoc

        started = time.perf_counter()
        imported = read_eurepoc([out])
        print("\n".join(imported.lines()))
        print(f"read and planned in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
