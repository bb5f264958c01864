"""The problems of one STIX import, in the order they were found, capped for huge bundles."""

from __future__ import annotations

from loader.problems import Problem

MAX_PROBLEMS = 200  # a broken 100 MB bundle must not print a million lines


class ProblemLog:
    """Every problem up to MAX_PROBLEMS, then a count of the rest."""

    def __init__(self, first_file: str) -> None:
        self._first_file = first_file
        self._problems: list[Problem] = []
        self._dropped = 0

    def add(self, file: str, record: str, fld: str, message: str) -> None:
        if len(self._problems) < MAX_PROBLEMS:
            self._problems.append(Problem(file, record, fld, message))
        else:
            self._dropped += 1

    def extend(self, problems: list[Problem]) -> None:
        """Problems found elsewhere (the alias resolution), kept as they are, uncapped."""
        self._problems += problems

    def __bool__(self) -> bool:
        return bool(self._problems)

    def all(self) -> list[Problem]:
        """The problems, and a last line saying how many more were not kept."""
        out = list(self._problems)
        if self._dropped:
            out.append(
                Problem(
                    self._first_file,
                    "-",
                    "-",
                    f"... and {self._dropped} more problem(s) not shown",
                )
            )
        return out
