"""Re-loads skip what did not change: each input file's content hash, recorded in the graph.

A load that completes records, for every file of its input, a `:LoadedFile` node (its id is
the source and the file's path relative to the directory given, or its name: moving the folder
does not change it) with the file's SHA-256, a digest of the whole input and the dataset's
version where the input says it; and one `:LoadLedger` node with the graph's node and
relationship counts and the identity policy the actors were resolved under.

The next load of the same input is skipped, reading and writing nothing, only when all of this
holds (docs/datasets.md, "Re-loads"):
- every file's hash is the recorded one, and the input digest too: the same files (none added
  or removed), the same options (--strict), the same loader (its code, the schema, the
  registry: a new release re-reads);
- the ledger is there and the graph's counts are still the ones it recorded: a wiped database,
  a load that died half-way (`forget` removed the ledger before its first write), or nodes
  added or deleted since by anything but a completed load all re-read;
- the identity policy is the one the graph's actors were resolved under.
`attrib load --force` re-reads whatever the records say.

Example:
    >>> from loader.formats import source_named
    >>> inputs = input_of(source_named("seed"), [Path("seed_data")])  # doctest: +SKIP
    >>> check(inputs, policy_digest="...").skip  # doctest: +SKIP
    True
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from attrib import cypher_text, db
from loader.sources.contract import Source
from loader.sources.files import find_files

UNCHANGED, CHANGED, NEW = "unchanged", "changed", "new"

REPO = Path(__file__).resolve().parent.parent
# What decides the rows a load writes besides its input: the loader, the core it imports, the
# Cypher it runs and the registry of organisations and countries.
CODE = (("loader", ".py"), ("attrib", ".py"), ("cypher", ".cypher"), ("registry", ".yaml"))
CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fp:
        while block := fp.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


@cache
def loader_version() -> str:
    """A digest of the loader's code, Cypher and registry: a new release re-reads its input."""
    digest = hashlib.sha256()
    for folder, suffix in CODE:
        for file in sorted((REPO / folder).rglob(f"*{suffix}")):
            digest.update(file.relative_to(REPO).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class InputFile:
    path: Path  # as found, for messages
    id: str  # "<source>:<path relative to the directory given, or the file's name>"
    sha256: str


@dataclass
class Inputs:
    """The files of one load's input and a digest of all of it."""

    source: str
    files: list[InputFile]
    digest: str  # every file's id and hash, the options and the loader's version

    def ids(self) -> list[str]:
        return [f.id for f in self.files]


def input_of(source: Source, paths: list[Path], **options: object) -> Inputs:
    """Every file of `paths` with one of the source's suffixes, hashed.

    A directory's files are all hashed, even those its reader leaves out (a MISP folder's other
    JSON files): a change anywhere re-reads, never the other way round. Unreadable entries are
    left to the reader, which refuses them.

    Args:
        source: the format read.
        paths: the files and directories given to the load.
        options: what else shapes the rows (strict, ...), part of the digest.
    """
    files: list[InputFile] = []
    for path in paths:
        found, _unreadable = find_files(path, source.suffixes)
        for file in found:
            relative = file.relative_to(path).as_posix() if path.is_dir() else file.name
            files.append(InputFile(file, f"{source.name}:{relative}", _sha256(file)))
    whole = {
        "source": source.name,
        "files": sorted((f.id, f.sha256) for f in files),
        "options": {k: str(v) for k, v in sorted(options.items())},
        "loader": loader_version(),
    }
    digest = hashlib.sha256(json.dumps(whole, sort_keys=True).encode()).hexdigest()
    return Inputs(source.name, files, digest)


@dataclass
class Verdict:
    """What the graph's records say of an input: skip it, or why it is read again."""

    skip: bool
    status: dict[str, str] = field(default_factory=dict)  # file id -> UNCHANGED, CHANGED, NEW
    reason: str = ""  # why an input whose files are all unchanged is read again
    version: str | None = None  # the dataset's version recorded when it was loaded
    problems_file: str | None = None  # the problems file of the load that recorded it

    def lines(self, inputs: Inputs, *, forced: bool = False) -> list[str]:
        """One line per file: unchanged, skipped; or changed / new / unchanged, re-read."""
        if self.skip and not forced:
            out = [f"{f.path}: unchanged, skipped" for f in inputs.files]
            version = f" ({self.version})" if self.version else ""
            out.append(
                f"Nothing changed since the last load{version}: nothing was read or written "
                "(--force re-reads)."
            )
            if self.problems_file:
                out.append(f"Its skipped and repaired records were listed in {self.problems_file}")
            return out
        why = "--force" if forced else self.reason or "read with the changed files"
        words = {UNCHANGED: f"unchanged, re-read ({why})", CHANGED: "changed, re-read", NEW: "new"}
        return [f"{f.path}: {words[self.status.get(f.id, NEW)]}" for f in inputs.files]


def check(inputs: Inputs, policy_digest: str) -> Verdict:
    """Compare `inputs` with what the graph records of the last completed load of its files."""
    found = db.read(cypher_text.read("load/loaded_files.cypher"), {"ids": inputs.ids()}).records
    row = found[0]
    recorded = {f["id"]: f for f in row["files"]}
    status = {
        f.id: NEW if f.id not in recorded
        else UNCHANGED if recorded[f.id]["sha256"] == f.sha256
        else CHANGED
        for f in inputs.files
    }  # fmt: skip
    if any(s != UNCHANGED for s in status.values()) or not inputs.files:
        return Verdict(False, status)
    ledger = row["ledger"]
    if any(recorded[i]["input"] != inputs.digest for i in status):
        reason = "other files, options or loader version than when last loaded"
    elif ledger is None:
        reason = "no completed load is recorded since the graph was last written"
    elif (ledger["nodes"], ledger["relationships"]) != (row["nodes"], row["relationships"]):
        reason = "the graph changed since the last load"
    elif ledger["policy"] != policy_digest:
        reason = "the identity policy changed since the last load"
    else:
        first = recorded[inputs.files[0].id]
        return Verdict(True, status, "", first["version"], first["problems_file"])
    return Verdict(False, status, reason)


def forget(inputs: Inputs) -> None:
    """Before the first write: no load is recorded as complete until `record` runs again."""
    db.run_write(cypher_text.read("load/forget_files.cypher"), {"ids": inputs.ids()})


def record(
    inputs: Inputs, policy_digest: str, version: str | None, problems_file: Path | None
) -> None:
    """After the write and the identity resolution committed: the files' hashes and the ledger."""
    files: list[dict[str, Any]] = [
        {
            "id": f.id,
            "source": inputs.source,
            "path": f.id.split(":", 1)[1],
            "sha256": f.sha256,
            "input": inputs.digest,
            "version": version,
            "problems_file": str(problems_file) if problems_file else None,
        }
        for f in inputs.files
    ]

    def work(tx: ManagedTransaction) -> None:
        tx.run(cypher_text.read("load/record_files.cypher"), files=files).consume()
        tx.run(cypher_text.read("load/record_ledger.cypher"), policy=policy_digest).consume()

    db.write(work)
