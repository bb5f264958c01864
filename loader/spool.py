"""Lists kept on disk: planned rows (and raw records) spilled to a temporary directory.

Both sources plan into a SpooledPlan, so memory follows the number of ids, not the size of the
input; `loader.writer.write_plan` streams the rows back in batches.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from loader.plan import Plan

SPILL_ROWS = 2000  # rows (or raw records) pickled together
T = TypeVar("T")


class Spooled(Generic[T]):
    """An append-only list kept on disk; iterating (again and again) reads it back in order."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fp: BinaryIO | None = None
        self._buffer: list[T] = []
        self._n = 0

    def append(self, item: T) -> None:
        self._buffer.append(item)
        self._n += 1
        if len(self._buffer) >= SPILL_ROWS:
            self._spill()

    def _spill(self) -> None:
        if self._fp is None:
            self._fp = self._path.open("ab")
        pickle.dump(self._buffer, self._fp, protocol=pickle.HIGHEST_PROTOCOL)
        self._buffer = []

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[T]:
        if self._buffer:
            self._spill()
        if self._fp is not None:
            self._fp.flush()
            with self._path.open("rb") as fp:
                while True:
                    try:
                        chunk = pickle.load(fp)
                    except EOFError:
                        break
                    yield from chunk

    def close(self) -> None:
        if self._fp is not None:
            self._fp.close()
            self._fp = None


SPILL_PREFIX = "attrib-load-"  # + the loading process's pid + "-" + a random part


def remove_stale_spills(tmp: Path | None = None) -> list[Path]:
    """Remove the spill directories of loads that died without cleaning up (kill -9, a crash):
    those whose pid no longer runs. Returns what was removed."""
    removed = []
    for spill in Path(tmp or tempfile.gettempdir()).glob(f"{SPILL_PREFIX}*-*"):
        pid_text = spill.name.removeprefix(SPILL_PREFIX).split("-", 1)[0]
        if not pid_text.isdigit() or not spill.is_dir() or spill.is_symlink():
            continue
        if int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        try:
            if spill.stat().st_uid != os.getuid():
                continue  # another user's load: not ours to remove
        except OSError:
            continue
        shutil.rmtree(spill, ignore_errors=True)
        removed.append(spill)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # runs, as someone else
        return True
    return True


class SpooledPlan(Plan):
    """A Plan whose row lists live in a temporary directory (removed by `close` or at exit;
    after a kill -9, by the next load: `remove_stale_spills`)."""

    def __init__(self) -> None:
        super().__init__()
        remove_stale_spills()
        self._dir = tempfile.TemporaryDirectory(prefix=f"{SPILL_PREFIX}{os.getpid()}-")
        self._lists: list[Spooled[Any]] = []

    def spooled(self) -> Spooled[Any]:
        """A new list in this plan's directory (closed and removed with it)."""
        spooled: Spooled[Any] = Spooled(
            Path(self._dir.name) / f"rows-{len(self._lists) + 1:04d}.pickle"
        )
        self._lists.append(spooled)
        return spooled

    def add_node(self, label: str, row: dict[str, Any]) -> None:
        if label not in self.nodes:
            self.nodes[label] = self.spooled()  # type: ignore[assignment]
        self.nodes[label].append(row)

    def add_edge(self, shape: tuple[str, str, str], row: dict[str, Any]) -> None:
        if shape not in self.edges:
            self.edges[shape] = self.spooled()  # type: ignore[assignment]
        self.edges[shape].append(row)

    def close(self) -> None:
        for spooled in self._lists:
            spooled.close()
        self._dir.cleanup()
