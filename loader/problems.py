"""Validation problems: one per mistake, naming the file, the record and the field."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHOWN = 200  # problems listed one by one; a broken 100k-record file must not print 300k lines


@dataclass(frozen=True)
class Problem:
    file: str
    record: str  # e.g. "claims[3] (id: ms-attribution)" or "bundle objects[12] (campaign--…)"
    field: str  # dotted path, or "-" when the whole record or file is wrong
    message: str
    line: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.file}:{self.line}" if self.line else self.file]
        parts.append(self.record if self.record != "-" else "(whole file)")
        if self.field != "-":
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.message])


def _kind(problem: Problem) -> str:
    return "the whole file" if problem.field == "-" else f"'{problem.field}'"


class ProblemList(list[Problem]):
    """Problems as they are found: the first MAX_SHOWN kept, the rest only counted by field, so
    memory stays small however broken the input is. `total` counts them all."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        super().__init__()
        self.more: Counter[str] = Counter()
        self.first_dropped: Problem | None = None
        self.extend(problems)

    @property
    def total(self) -> int:
        return len(self) + sum(self.more.values())

    def append(self, problem: Problem) -> None:
        if len(self) < MAX_SHOWN:
            super().append(problem)
        else:
            self.more[_kind(problem)] += 1
            self.first_dropped = self.first_dropped or problem

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> ProblemList:  # type: ignore[override,misc]
        self.extend(problems)
        return self

    def shown(self) -> list[Problem]:
        """The kept problems, and a line counting the rest by field."""
        if self.first_dropped is None:
            return list(self)
        common = ", ".join(f"{kind} ({n:,})" for kind, n in self.more.most_common(5))
        others = f", and {len(self.more) - 5} other fields" if len(self.more) > 5 else ""
        summary = (
            f"... and {sum(self.more.values()):,} more problems of these kinds: {common}{others}"
        )
        return [*self, Problem(self.first_dropped.file, "-", "-", summary)]


class ValidationFailed(Exception):
    """Raised when input has problems; nothing has been written.

    `problems` holds at most MAX_SHOWN of them and a line counting the rest; `total` counts all.
    """

    def __init__(self, problems: list[Problem]):
        found = problems if isinstance(problems, ProblemList) else ProblemList(problems)
        self.total = found.total
        self.problems = found.shown()
        super().__init__(f"{self.total} problem(s) in the input")
