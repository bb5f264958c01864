"""Validation problems: one per mistake, naming the file, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass


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


class ValidationFailed(Exception):
    """Raised when input has problems; nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the input")
