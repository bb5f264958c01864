"""Find and read MISP galaxy cluster files: a cheap look at the top level, then the whole file.

`looks_like_misp_galaxy` reads the top-level keys one by one and stops at `values` (MISP
writes its keys sorted, so `name`, `type` and `uuid` come first): a STIX bundle or a
1 MB cluster file is told apart after a few hundred bytes.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from attrib.errors import first_line
from loader.problems import Problem
from loader.sources.files import find_files, not_regular, read_capped

MAX_FILE_BYTES = 64 * 2**20  # the real threat-actor galaxy is 1.4 MB
_CHUNK = 16 * 1024
_WHITESPACE = " \t\r\n"


class _TopLevel:
    """The top-level keys of a JSON object, read from a file as far as needed."""

    def __init__(self, fp: IO[bytes]) -> None:
        self.fp = fp
        self.decode = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.read = 0

    def _more(self) -> bool:
        if self.eof or self.read >= MAX_FILE_BYTES:
            return False
        chunk = self.fp.read(max(_CHUNK, len(self.buf)))  # doubling: a long value parses in O(n)
        self.read += len(chunk)
        self.eof = not chunk
        self.buf += self.decode.decode(chunk, final=self.eof)
        return bool(chunk)

    def char(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def value(self) -> Any:
        """The JSON value at the cursor (reading more until it is complete)."""
        self.char()
        while True:
            try:
                found, self.pos = json.JSONDecoder().raw_decode(self.buf, self.pos)
                return found
            except json.JSONDecodeError:
                if not self._more():
                    raise

    def looks_like_galaxy(self) -> bool:
        if self.char() != "{":
            return False
        self.pos += 1
        seen: dict[str, Any] = {}
        while self.char() not in ("}", ""):
            key = self.value()
            if not isinstance(key, str) or self.char() != ":":
                return False
            self.pos += 1
            if key == "values":
                if self.char() != "[":
                    return False
                seen["values"] = []
                if all(isinstance(seen.get(k), str) for k in ("type", "uuid", "name")):
                    return True
            if key == "objects":
                return False  # a STIX bundle
            seen[key] = self.value()
            if self.char() == ",":
                self.pos += 1
        return isinstance(seen.get("values"), list) and all(
            isinstance(seen.get(k), str) for k in ("type", "uuid", "name")
        )


def looks_like_misp_galaxy(path: Path) -> bool:
    """A .json file whose top level is a MISP cluster file (`type`, `uuid`, `name`, `values`).

    Reads only up to the `values` list; never blocks on a FIFO or a device.

    Example:
        >>> looks_like_misp_galaxy(Path("clusters/threat-actor.json"))  # doctest: +SKIP
        True
    """
    if path.suffix.lower() != ".json" or not_regular(path) is not None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fp:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            return _TopLevel(fp).looks_like_galaxy()
    except (OSError, ValueError):
        return False


@dataclass
class Inputs:
    """The files of an import, each once, in input order."""

    named: list[Path] = field(default_factory=list)  # files the user named
    found: list[Path] = field(default_factory=list)  # cluster files found in directories
    left_out: list[Path] = field(default_factory=list)  # other .json files in directories
    problems: list[Problem] = field(default_factory=list)  # unreadable entries (FIFOs, ...)


def cluster_files(paths: list[Path]) -> Inputs:
    """The named files and the cluster files of the named directories.

    A directory's .json files that are not cluster files (galaxy descriptors, anything else)
    are left out; unreadable entries (FIFOs, link loops) and broken JSON are problems.
    """
    out = Inputs()
    seen: set[Path] = set()
    for path in paths:
        files, bad = find_files(path, (".json",))
        out.problems += bad
        for file in files:
            key = file.resolve()
            if key in seen:
                continue
            seen.add(key)
            if not path.is_dir():
                out.named.append(file)
            elif looks_like_misp_galaxy(file):
                out.found.append(file)
            else:  # other JSON is left out, but a broken file may be a broken galaxy
                _, problem = read_json(file)
                if problem:
                    out.problems.append(problem)
                else:
                    out.left_out.append(file)
    return out


def read_json(path: Path) -> tuple[Any, Problem | None]:
    """The parsed file, or a problem naming what is wrong with it."""
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except OSError as exc:
        return None, Problem(str(path), "-", "-", f"cannot read file: {exc.strerror}")
    except ValueError as exc:
        return None, Problem(str(path), "-", "-", str(exc))
    try:
        return json.loads(data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        return None, Problem(str(path), "-", "-", f"not UTF-8 text: {first_line(str(exc))}")
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        return None, Problem(str(path), "-", "-", message, line=exc.lineno)
