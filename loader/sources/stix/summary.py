"""What a STIX import did besides planning rows: counts by type, skips by reason, shared nodes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from loader.sources.stix.index import Index
from loader.sources.stix.resolve import Resolution


@dataclass(frozen=True)
class StixSummary:
    """Printed by `attrib load` after the plan (see `lines`)."""

    files: list[str] = field(default_factory=list)
    objects: int = 0
    imported: Counter[str] = field(default_factory=Counter)  # STIX type -> objects mapped
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)  # (reason, type) -> n
    older_versions: int = 0
    organisations: int = 0  # registry organisations the identities landed on
    countries: int = 0  # registry countries the locations landed on

    def lines(self) -> list[str]:
        """Human-readable summary, one fact per line."""
        out = [f"STIX: {self.objects} object(s) read from {len(self.files)} bundle file(s)"]
        if self.imported:
            out.append(
                "imported: " + ", ".join(f"{t} {n}" for t, n in sorted(self.imported.items()))
            )
        by_reason: dict[str, list[str]] = {}
        for (reason, stype), n in sorted(self.skipped.items()):
            by_reason.setdefault(reason, []).append(f"{stype} {n}")
        out += [f"skipped ({reason}): {', '.join(parts)}" for reason, parts in by_reason.items()]
        if self.older_versions:
            out.append(f"older versions ignored: {self.older_versions}")
        if self.organisations or self.countries:
            out.append(
                f"identities and locations resolved through the registry: {self.organisations} "
                f"organisation(s), {self.countries} country(ies)"
            )
        return out


def summarise(
    files: list[Path], index: Index, resolution: Resolution, imported: Counter[str]
) -> StixSummary:
    """The summary of the passes: read and indexed, resolved, mapped."""
    skipped: Counter[tuple[str, str]] = Counter()
    for sid in index.entries:
        reason = resolution.skipped.get(sid)
        if reason:
            skipped[(reason, sid.split("--", 1)[0])] += 1
    return StixSummary(
        files=[str(f) for f in files],
        objects=index.objects,
        imported=imported,
        skipped=skipped,
        older_versions=index.older_versions,
        organisations=len(resolution.organisations),
        countries=len(resolution.countries),
    )
