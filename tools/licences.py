"""The licence check: every runtime dependency must allow an Apache-2.0 project to ship it.

What it checks: the installed distributions the app needs at run time, i.e. the closure of
`attribution-explorer`'s own requirements without its `test` extra (pytest, playwright and
the linters are never shipped). pip-licenses reads each one's licence from its metadata
(PEP 639 `License-Expression` first, then classifiers, then the `License` field); this module
judges the result. A licence passes when every part of it is permissive (MIT, BSD, Apache, …)
or file-level copyleft (MPL-2.0, used unmodified). GPL and AGPL fail, and so does anything
not recognised (LGPL included): each such package needs an entry in
`tools/licence-exceptions.toml` that says why it is acceptable.

The JavaScript the app serves to browsers from its own tree (`ui/**/vendor/*.js`, such as
Cytoscape.js) is checked too: each file needs its licence beside it (`LICENSE-<name>`, the
name without `.min`), and that text must be a permissive licence.

Usage: `python -m tools.licences` (also `make licences`, run by `.ci/run`) prints the table and
exits 1 when a package or a served file fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

PROJECT = "attribution-explorer"
EXCEPTIONS_FILE = Path(__file__).with_name("licence-exceptions.toml")
UI_DIR = Path(__file__).resolve().parent.parent / "ui"

# A licence text's tell-tale sentence -> its name (the first match wins: GPL before MIT, as a
# GPL text may quote a permissive one).
_LICENCE_TEXTS = (
    ("GNU AFFERO GENERAL PUBLIC LICENSE", "AGPL"),
    ("GNU LESSER GENERAL PUBLIC LICENSE", "LGPL"),
    ("GNU GENERAL PUBLIC LICENSE", "GPL"),
    ("Permission is hereby granted, free of charge", "MIT"),
    ("Apache License", "Apache-2.0"),
    ("Redistribution and use in source and binary forms", "BSD"),
    ("Permission to use, copy, modify, and/or distribute this software", "ISC"),
)

# Licence names and SPDX ids as pip-licenses reports them ("MIT License", "BSD-3-Clause",
# "Apache Software License", "Mozilla Public License 2.0 (MPL 2.0)", "MIT-CMU", ...).
_PERMISSIVE = re.compile(
    r"\b(MIT|BSD|0BSD|Apache|ISC|ISCL|PSF|Python|Zlib|CC0|Unlicense|HPND|AFL|MPL|"
    r"Mozilla Public License)\b",
    re.IGNORECASE,
)
_STRONG_COPYLEFT = re.compile(r"(?<![L])\b(A?GPL|GNU (Affero )?General Public)", re.IGNORECASE)
_WEAK_COPYLEFT = re.compile(r"\bLGPL|Lesser General Public", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """One package's licence and what the policy makes of it."""

    name: str
    version: str
    licence: str
    ok: bool
    why: str


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(project: str = PROJECT) -> list[str]:
    """The installed distributions `project` needs at run time (its extras left out), sorted.

    Raises:
        PackageNotFoundError: a required distribution is not installed (the check would
            otherwise pass on a partial environment).
    """
    found: dict[str, str] = {}
    pending: list[tuple[str, tuple[str, ...]]] = [(project, ())]
    while pending:
        name, extras = pending.pop()
        dist = distribution(name)
        for line in dist.requires or []:
            req = Requirement(line)
            contexts = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if req.marker and not any(req.marker.evaluate(ctx) for ctx in contexts):
                continue
            key = normalise(req.name)
            if key in found:
                continue
            try:
                found[key] = distribution(req.name).metadata["Name"]
            except PackageNotFoundError as missing:
                raise PackageNotFoundError(f"{req.name} (required by {name})") from missing
            pending.append((req.name, tuple(req.extras)))
    return sorted(found.values(), key=normalise)


def licence_parts(licence: str) -> list[list[str]]:
    """`licence` as alternatives of parts that all apply: "A OR B" gives [[A], [B]], and
    "A AND B" or pip-licenses' "A; B" (several classifiers) gives [[A, B]]."""
    return [
        [part.strip() for part in re.split(r"\s+AND\s+|;", alternative) if part.strip()]
        for alternative in re.split(r"\s+OR\s+", licence)
    ]


def judge_licence(licence: str) -> tuple[bool, str]:
    """Whether `licence` alone (no exception) lets us ship the package, and why not."""
    if not licence.strip() or licence.strip().upper() == "UNKNOWN":
        return False, "no licence in its metadata"
    reasons = []
    for alternative in licence_parts(licence):
        failing = [part for part in alternative if not _part_ok(part)]
        if not failing:
            return True, ""
        reasons.append(_part_reason(failing[0]))
    return False, "; ".join(dict.fromkeys(reasons))


def _part_ok(part: str) -> bool:
    if _STRONG_COPYLEFT.search(part) or _WEAK_COPYLEFT.search(part):
        return False
    return bool(_PERMISSIVE.search(part))


def _part_reason(part: str) -> str:
    if _WEAK_COPYLEFT.search(part):
        return f"weak copyleft ({part.strip()}): it needs an exception saying how it is used"
    if _STRONG_COPYLEFT.search(part):
        return f"strong copyleft ({part.strip()}): an Apache-2.0 project cannot ship it"
    return f"{part.strip()!r} is not a licence this check recognises"


def judge(
    packages: Iterable[dict[str, str]], exceptions: dict[str, dict[str, str]]
) -> list[Verdict]:
    """The verdict on each pip-licenses row (`Name`, `Version`, `License`). An exception
    applies only to the licence it was written for: a package that changes its licence is
    judged again."""
    verdicts = []
    for row in packages:
        name, version, licence = row["Name"], row["Version"], row["License"]
        ok, why = judge_licence(licence)
        exception = exceptions.get(normalise(name))
        if not ok and exception and exception.get("licence") == licence:
            ok, why = True, f"allowed by {EXCEPTIONS_FILE.name}"
        verdicts.append(Verdict(name, version, licence, ok, why))
    return verdicts


def load_exceptions(path: Path = EXCEPTIONS_FILE) -> dict[str, dict[str, str]]:
    """The allow-list, keyed by normalised package name; each entry needs `licence` and `why`.

    Raises:
        ValueError: an entry lacks its licence or its reason.
    """
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    for name, entry in table.items():
        for field in ("licence", "why"):
            if not str(entry.get(field, "")).strip():
                raise ValueError(f"{path}: [{name}] has no {field!r}")
    return {normalise(name): entry for name, entry in table.items()}


def read_licences(names: list[str]) -> list[dict[str, str]]:
    """pip-licenses' rows for `names` (installed distributions), from their metadata."""
    command = [sys.executable, "-m", "piplicenses", "--from=mixed", "--format=json"]
    command += ["--with-system", "--packages", *names]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rows: list[dict[str, str]] = json.loads(output)
    return rows


def licence_of_text(text: str) -> str:
    """The licence a LICENSE file's text is, by its tell-tale sentence; "" when unknown."""
    folded = " ".join(text.split()).upper()
    for sentence, name in _LICENCE_TEXTS:
        if sentence.upper() in folded:
            return name
    return ""


def served_files(ui_dir: Path = UI_DIR) -> list[Verdict]:
    """The verdict on each vendored JavaScript file the app serves to browsers."""
    verdicts = []
    for script in sorted(ui_dir.rglob("vendor/*.js")):
        name = script.name.removesuffix(".js").removesuffix(".min")
        licence_file = script.with_name(f"LICENSE-{name}")
        if not licence_file.is_file():
            verdicts.append(Verdict(str(script), "", "", False, f"no {licence_file.name}"))
            continue
        licence = licence_of_text(licence_file.read_text(encoding="utf-8", errors="replace"))
        ok, why = judge_licence(licence or "UNKNOWN")
        verdicts.append(Verdict(str(script.relative_to(ui_dir.parent)), "", licence, ok, why))
    return verdicts


def main() -> int:
    """Print every runtime dependency's and served file's licence and verdict; 1 when any
    fails."""
    names = runtime_closure()
    rows = read_licences(names)
    listed = {normalise(row["Name"]) for row in rows}
    unlisted = [name for name in names if normalise(name) not in listed]
    verdicts = judge(rows, load_exceptions()) + served_files()
    width = max(len(v.name) for v in verdicts)
    for v in sorted(verdicts, key=lambda v: normalise(v.name)):
        mark = "ok  " if v.ok else "FAIL"
        note = f"  ({v.why})" if v.why else ""
        print(f"{mark} {v.name:<{width}} {v.version:<12} {v.licence}{note}")
    failed = [v for v in verdicts if not v.ok]
    for name in unlisted:
        print(f"FAIL {name}: installed but pip-licenses returned no row for it")
    print(
        f"{len(verdicts)} runtime packages and served files, {len(failed) + len(unlisted)} failing"
    )
    return 1 if failed or unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
