"""What a lenient STIX import leaves out: the objects its problems name.

A third-party bundle with one broken object should not cost the analyst the other ten
thousand. The import runs its passes; when they find problems, each problem is traced to what
it is about, and the passes run again without those objects, until a run is clean. A round
rather than a patch in place because leaving an object out changes what refers to it (a
relationship to a left-out actor is then skipped like one to a revoked actor), and the
passes already know how to handle a skipped object.

What a problem is about, from its record locator:
- `objects[12] (campaign--…)` or `relationship campaign--… (…)`: the STIX ids it names (a
  merged relationship blames every STIX relationship merged into it);
- `objects[12]` without a usable id: that position of that file.
A problem that names none of these cannot be traced, and the import refuses as a strict one
would: a file that cannot be read as a STIX 2.1 bundle at all (not JSON, STIX 2.0, no objects;
its problem's record is `-`), or a source made from an external reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loader.problems import Problem

STIX_ID = re.compile(r"\b[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}\b")
POSITION = re.compile(r"^objects\[(\d+)\]")
MAX_ROUNDS = 6  # a chain of left-out objects is short; a longer one means a bug, not data
EXCLUDED = "has problems"  # the skip reason of a left-out object (summary and notices)


@dataclass
class Exclusions:
    """STIX ids and (file, position) pairs left out of the next round."""

    ids: set[str] = field(default_factory=set)
    positions: set[tuple[str, int]] = field(default_factory=set)

    def blame(self, problem: Problem, blamed: tuple[str, ...] = ()) -> bool:
        """Leave out what `problem` is about; False when it is about nothing traceable."""
        ids = set(blamed) | set(STIX_ID.findall(problem.record))
        if ids:
            self.ids |= ids
            return True
        at = POSITION.match(problem.record)
        if at:
            self.positions.add((problem.file, int(at.group(1))))
            return True
        return False

    def excludes(self, file: str, position: int, sid: object) -> bool:
        """Whether the object at `position` of `file` (STIX id `sid`) is left out."""
        return (isinstance(sid, str) and sid in self.ids) or (file, position) in self.positions

    def size(self) -> int:
        return len(self.ids) + len(self.positions)
