"""The problems of one STIX import, in the order they were found, capped for huge bundles."""

from __future__ import annotations

from loader.problems import Problem, ProblemList


class ProblemLog(ProblemList):
    """A ProblemList (the first MAX_SHOWN kept, the rest counted) that the passes add to."""

    def add(self, file: str, record: str, fld: str, message: str) -> None:
        self.append(Problem(file, record, fld, message))
