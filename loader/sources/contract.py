"""The Source contract: what every input format declares, once.

A source package (loader/sources/<name>) exports one `SOURCE`: its name, a description, how to
recognise its files, and how to read them into a plan and a summary. `loader.formats` lists the
sources (detection is a loop over them) and `loader.load` has one branch for all of them.
Adding a dataset is one package and one line in `loader.formats.SOURCES` (docs/datasets.md).

A source never writes: `read` returns planned rows (`loader.plan.Plan`) and what the analyst
should know; `loader.load` writes them.

Curated input (the seed YAML, an analyst's claims) is all-or-nothing: any problem refuses the
whole input. A third-party dataset (`curated=False`) loads every valid record and reports each
record it skipped or repaired (`SourceRead.notices`); `ReadContext.strict` makes it refuse on
any problem instead, as curated input does.

Example:
    >>> from loader.formats import source_named
    >>> source_named("eurepoc").description  # doctest: +SKIP
    'EuRepoC CSV exports (Global Database, Attribution dataset)'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from loader.plan import Plan
from loader.problems import Problem

T = TypeVar("T")
Lookup = Callable[[set[str]], dict[str, T]]

SKIPPED = "skipped"  # the record was left out
REPAIRED = "repaired"  # the record was loaded with a value changed or left out (the notice says)


class Lookups(Protocol):
    """How `loader.load` hands a source a database look-up: None when it must not look (a wipe
    comes first, or the caller asked for the input alone); during a dry run an unreachable
    database answers nothing instead of failing."""

    def __call__(self, lookup: Lookup[T]) -> Lookup[T] | None: ...


def _no_lookups(lookup: Lookup[T]) -> Lookup[T] | None:
    return None


@dataclass(frozen=True)
class ReadContext:
    """What a source may use besides its files."""

    lookups: Lookups = _no_lookups
    strict: bool = False  # a third-party dataset refuses the whole input on any problem


@dataclass(frozen=True)
class Notice:
    """A record a third-party import skipped or repaired, and why (file, line, id, field)."""

    action: str  # SKIPPED or REPAIRED
    problem: Problem

    def __str__(self) -> str:
        return f"{self.action}: {self.problem}"


@dataclass
class SourceRead:
    """What a source's `read` returns: the plan to write and what the analyst should know."""

    plan: Plan
    dataset: str  # attrib.identity.datasets (several comma-joined for a multi-galaxy MISP read)
    summary: list[str] = field(default_factory=list)  # printed after the load, one fact a line
    labels: dict[str, str] = field(default_factory=dict)  # id -> label the input defines/uses
    ids_checked: bool = False  # the source checked its ids against the graph's labels itself
    notices: list[Notice] = field(default_factory=list)  # skipped and repaired records
    records_read: int | None = None  # records of the input (None: the source does not count)
    version: str | None = None  # the dataset's version where the input says it (ATT&CK 18.1)

    def lines(self) -> list[str]:
        return self.summary

    def counts(self) -> Counter[str]:
        """Notices by action: how many records were skipped, how many repaired."""
        return Counter(n.action for n in self.notices)


@dataclass(frozen=True)
class Source:
    """One input format (see the module docstring)."""

    name: str  # what `attrib load --format` takes
    description: str  # what the files are, for messages and `--help`
    suffixes: tuple[str, ...]  # file suffixes the source reads
    # Whether one file is this source's (it may read a little of it; it never blocks on a
    # FIFO or a device). Asked in `loader.formats.SOURCES` order: the first source wins.
    looks_like: Callable[[Path], bool]
    read: Callable[[list[Path], ReadContext], SourceRead]
    curated: bool = False  # all-or-nothing whatever `strict` says
    # Whether a whole directory is this source's (a MISP clusters/ folder, ATT&CK's data/):
    # its reader then takes the directory and leaves out the files it does not read.
    owns_directory: Callable[[Path, list[Path]], bool] | None = None
