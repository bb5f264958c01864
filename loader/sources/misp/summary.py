"""What a galaxy became, counted for the analyst: records, names, claims, what was skipped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from attrib.identity.datasets import misp_dataset
from loader.sources.misp import model as g


@dataclass
class Tallies:
    """What one galaxy became, for the summary."""

    records: int = 0
    names: int = 0
    namings: int = 0
    unattributed: int = 0  # names whose producer is unknown without producer.json
    claims: Counter[str] = field(default_factory=Counter)  # record claim kind -> n
    renames: int = 0
    skipped_links: Counter[str] = field(default_factory=Counter)  # related type -> n
    countries: int = 0
    sponsorships: int = 0
    unknown_countries: Counter[str] = field(default_factory=Counter)
    absent_countries: Counter[str] = field(default_factory=Counter)  # "Unknown": no country


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{key} {n}" for key, n in sorted(counter.items())) or "none"


def summary_lines(galaxy: g.Galaxy, t: Tallies, producers: Path | None) -> list[str]:
    """The lines `attrib load` prints for one galaxy."""
    version = f" version {galaxy.version}" if galaxy.version else ""
    out = [
        f"MISP galaxy {galaxy.name} ({galaxy.type}{version}, {galaxy.path}): {t.records} actor "
        f"records of dataset {misp_dataset(galaxy.type)}",
        f"  names: {t.names}; naming claims (name-attribution): {t.namings}"
        + (f", name-givers from {producers}" if producers else ""),
        f"  equivalence claims: {_counts(t.claims)}"
        + (f"; Microsoft renamings (same-as): {t.renames}" if t.renames else ""),
        f"  related links skipped (not about identity): {_counts(t.skipped_links)}",
        f"  countries (OPERATES_FROM): {t.countries}; sponsorship claims (CFR): {t.sponsorships}",
    ]
    if t.unattributed:
        out.append(
            f"  {t.unattributed} name-attributions without a claim: no producer.json "
            "next to the file says who their producer is; pass it to keep who gave "
            "those names"
        )
    if t.absent_countries:
        out.append(f"  countries given as unknown (no link): {_counts(t.absent_countries)}")
    if t.unknown_countries:
        out.append(f"  countries not in the registry (not linked): {_counts(t.unknown_countries)}")
    return out
