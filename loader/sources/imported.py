"""What a real-world importer returns: the validated plan and a summary for the analyst.

Importers (loader/sources/*) never write; `loader.load` writes the plan, then recomputes the
actors. docs/identity.md says what an importer plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loader.plan import Plan


@dataclass
class Imported:
    plan: Plan
    dataset: str  # attrib.identity.datasets
    # what the input held and what became of it: records, names, equivalences, skipped values
    summary: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.summary
