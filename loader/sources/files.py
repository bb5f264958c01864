"""Input files: only regular files (and directories of them) are read, each within a size cap.

A FIFO blocks a reader forever, `/dev/zero` never ends, a symbolic link loop cannot be opened:
every source finds its files here, and each such path becomes a problem naming it instead.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from loader.problems import Problem, ValidationFailed


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def _why_unreadable(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop: cannot be read"
    if exc.errno == errno.ENOENT:
        return "a broken symbolic link (or the file vanished): cannot be read"
    return f"cannot read file: {exc.strerror}"


def not_regular(path: Path) -> Problem | None:
    """A problem when `path` (followed if a link) is not a readable regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return Problem(str(path), "-", "-", _why_unreadable(exc))
    if not stat.S_ISREG(mode):
        return Problem(str(path), "-", "-", f"{_kind(mode)}, not a file: only files are read")
    return None


def find_files(path: Path, suffixes: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    """A directory's files with one of `suffixes` (recursively, sorted), or the path itself.

    Entries with such a suffix that are not regular files (FIFOs, devices, link loops, broken
    links) are problems, not silently skipped; linked directories are not followed.
    """
    ends = tuple(s.lower() for s in suffixes)
    if not path.is_dir():
        problem = not_regular(path)
        return ([], [problem]) if problem else ([path], [])
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in sorted(path.rglob("*")):
        if not entry.name.lower().endswith(ends):
            continue
        try:
            if entry.is_dir():
                continue  # a directory named like a file: its files are found by the walk
        except OSError:
            pass
        problem = not_regular(entry)
        if problem:
            problems.append(problem)
        else:
            files.append(entry)
    return files, problems


def input_files(paths: list[Path], suffixes: tuple[str, ...], what: str) -> list[Path]:
    """Every file with one of `suffixes` under `paths`, regular files only.

    Raises:
        ValidationFailed: a path is a FIFO, a device, a link loop, ..., or there is no file
            (`what` names the kind looked for, e.g. ".yaml or .yml files").
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        found, bad = find_files(path, suffixes)
        files += found
        problems += bad
    if problems:
        raise ValidationFailed(problems)
    if not files:
        raise ValidationFailed([Problem(", ".join(map(str, paths)), "-", "-", f"no {what} found")])
    return files


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, refusing one larger than `max_bytes`.

    Opened without blocking and checked on the open descriptor, so a path swapped for a FIFO
    or a device after it was found is refused too.

    Raises:
        OSError: unreadable; ValueError: not a regular file or too large (the reason).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fp:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{_kind(info.st_mode)}, not a file: only files are read")
        if info.st_size > max_bytes:
            raise ValueError(
                f"file is {info.st_size / 2**20:,.1f} MiB; at most {max_bytes // 2**20} MiB "
                "per file: split it into several files"
            )
        data = fp.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"file grew past {max_bytes // 2**20} MiB while it was read")
    return data
