"""The problems of one STIX import, in the order they were found, capped for huge bundles."""

from __future__ import annotations

from loader.problems import Problem, ProblemList


class ProblemLog(ProblemList):
    """A ProblemList (the first MAX_SHOWN kept, the rest counted) that the passes add to.

    `found` keeps every problem with the STIX ids it blames, uncapped (a lenient import leaves
    each blamed object out and reports every one; the objects themselves are not kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[Problem, tuple[str, ...]]] = []

    def add(
        self, file: str, record: str, fld: str, message: str, blamed: tuple[str, ...] = ()
    ) -> None:
        problem = Problem(file, record, fld, message)
        self.append(problem)
        self.found.append((problem, blamed))
