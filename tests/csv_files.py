"""Copies of CSV fixtures with cells changed, for tests of importers of real files."""

from __future__ import annotations

import csv
from pathlib import Path


def rewrite_csv(src: Path, dest: Path, key: str, change: dict[tuple[str, str], str]) -> Path:
    """A copy of `src` at `dest` with cells changed: {(value of `key` in the row, column): text}."""
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for (rid, column), text in change.items():
        row = next(r for r in rows if r[key] == rid)
        row[column] = text
    with dest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return dest
