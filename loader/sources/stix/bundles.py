"""Read STIX bundles: find the files, check each bundle's top level, stream its objects.

A bundle is read with ijson, one object at a time, so memory follows the number of objects,
not the size of the file; each pass of the import streams the objects again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson

from attrib.errors import first_line
from loader.sources.stix.problem_log import ProblemLog

STIX_SUFFIXES = (".json",)


def is_stix_path(path: Path) -> bool:
    """A .json file, or a directory holding .json files: STIX bundles, not seed YAML."""
    if path.is_dir():  # a .json that is no regular file still says STIX (and is refused)
        return any(not p.is_dir() for p in path.rglob("*.json"))
    return path.suffix.lower() in STIX_SUFFIXES


@dataclass(frozen=True)
class Bundle:
    """A usable bundle file: its place in the input and its id (the file name if it has none)."""

    number: int
    path: Path
    id: str


class BundleReader:
    """The bundles of one import; a file whose JSON breaks off is reported once, not per pass."""

    def __init__(self, files: list[Path], log: ProblemLog) -> None:
        self.files = files
        self._log = log
        self._broken: set[int] = set()

    def open(self, number: int) -> Bundle | None:
        """File `number` as a bundle, or None when it is not a usable one (reported)."""
        path = self.files[number]
        bid = self._head(path)
        return None if bid is None else Bundle(number, path, bid)

    def objects(self, bundle: Bundle) -> Iterator[tuple[int, Any]]:
        """(position, object) of every object of a bundle, streamed."""
        try:
            with bundle.path.open("rb") as fp:
                yield from enumerate(ijson.items(fp, "objects.item", use_float=True))
        except ijson.JSONError as exc:
            if bundle.number not in self._broken:
                self._broken.add(bundle.number)
                self._log.add(str(bundle.path), "-", "-", f"not valid JSON: {first_line(str(exc))}")

    def _head(self, path: Path) -> str | None:
        """Check the top level of a bundle; its id, or None when it is not a usable bundle."""
        name = str(path)
        problem = self._log.add
        btype = bid = spec = None
        has_objects = False
        try:
            with path.open("rb") as fp:
                if not fp.read(1):
                    problem(name, "-", "-", "file is empty; expected a STIX 2.1 bundle")
                    return None
                fp.seek(0)
                for n, (prefix, event, value) in enumerate(ijson.parse(fp)):
                    if n == 0 and event != "start_map":
                        problem(
                            name, "-", "-", 'a STIX bundle is a JSON object with "type": "bundle"'
                        )
                        return None
                    if prefix == "type" and event == "string":
                        btype = value
                    elif prefix == "id" and event == "string":
                        bid = value
                    elif prefix == "spec_version" and event == "string":
                        spec = value
                    elif prefix == "objects" and event == "start_array":
                        has_objects = True
                    if has_objects:
                        break  # the rest is read by the C parser in `objects`, not event by event
            for key, seen in (("type", btype), ("id", bid), ("spec_version", spec)):
                if seen is None and has_objects:  # a top-level key after the objects?
                    with path.open("rb") as fp:
                        found = next(ijson.items(fp, key), None)
                    if key == "type":
                        btype = found
                    elif key == "id":
                        bid = found
                    else:
                        spec = found
        except OSError as exc:
            problem(name, "-", "-", f"cannot read file: {exc.strerror}")
            return None
        except ijson.JSONError as exc:
            problem(name, "-", "-", f"not valid JSON: {first_line(str(exc))}")
            return None
        bad = False
        if btype != "bundle":
            problem(name, "-", "type", f"expected 'bundle', got {btype!r}: not a STIX bundle")
            bad = True
        if spec is not None:
            problem(
                name,
                "-",
                "spec_version",
                f"a bundle with spec_version {spec!r} is STIX 2.0; only STIX 2.1 is supported",
            )
            bad = True
        if not has_objects and not bad:
            problem(name, "-", "objects", "a bundle needs an 'objects' array")
            bad = True
        return None if bad else (bid or name)
