"""EuRepoC CSV exports as rows of cells: which file is which, absent values, lists in a cell.

EuRepoC (European Repository of Cyber Incidents, dataset 1.1, Zenodo record 7848941) ships
two CSV files this importer reads:
- the *Global Database*: one row per incident; the attribution columns hold one value per
  attribution, separated by `;`; `sources_attribution` and `sources_url` are Python-style
  lists of URLs (`['https://…', 'https://…']`);
- the *Attribution dataset*: one row per attribution, keyed by `attribution_ID`.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from attrib.names import name_key
from loader.sources.files import read_capped

MAX_FILE_BYTES = 512 * 2**20  # the real Global Database is a few tens of MiB

GLOBAL = "global"
ATTRIBUTIONS = "attributions"

# Columns per attribution (one `;`-separated value per attribution in the Global Database).
ATTRIBUTION_COLUMNS = (
    "attribution_date",
    "attribution_type",
    "attribution_basis",
    "attributing_actor",
    "attribution_it_company",
    "attributing_country",
    "attributed_initiator",
)
OPTIONAL_ATTRIBUTION_COLUMNS = ("attributed_initiator_country", "attributed_initiator_category")
PER_ATTRIBUTION = (*ATTRIBUTION_COLUMNS, *OPTIONAL_ATTRIBUTION_COLUMNS)
# Required: what identifies an incident and what an attribution says; the descriptive columns
# (receivers, initiators, sources, ...) are read when present.
REQUIRED = {
    GLOBAL: ("ID", "name", "start_date", "number_of_attributions", *ATTRIBUTION_COLUMNS),
    ATTRIBUTIONS: ("incident_ID", "attribution_ID", *ATTRIBUTION_COLUMNS),
}
# Enough of a header to tell the file is EuRepoC's (the rest is checked by `read_eurepoc`, so
# a file missing a required column is refused with a message, not mistaken for another format).
SIGNATURES = {
    GLOBAL: ("ID", "number_of_attributions", "attributed_initiator"),
    ATTRIBUTIONS: ("incident_ID", "attribution_ID", "attributed_initiator"),
}

# Cells that mean "no value" in EuRepoC's exports, compared folded (attrib.names.name_key):
# "Not available", "Unknown", "None", "NA", "N/A", "nan" (a pandas export), "-" and empty.
ABSENT_KEYS = frozenset({"", "notavailable", "unknown", "none", "na", "nan", "null"})


def is_absent(value: str | None) -> bool:
    # every absent spelling is short: longer text is a value, without folding it
    return value is None or (len(value) <= 20 and name_key(value) in ABSENT_KEYS)


def kind_of_header(header: list[str]) -> str | None:
    """GLOBAL or ATTRIBUTIONS when the header carries that export's signature columns."""
    names = {h.strip() for h in header}
    for kind, signature in SIGNATURES.items():
        if names.issuperset(signature):
            return kind
    return None


def read_header(path: Path) -> list[str]:
    """The first CSV record of a file (at most its first 64 KiB are read); [] if none."""
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    text = head.decode("utf-8-sig", errors="replace")
    try:
        return next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return []


@dataclass(frozen=True)
class Row:
    """One CSV record: its cells by column, and where it is (for problems)."""

    number: int  # 1 for the first record after the header
    line: int  # the line it starts on
    cells: dict[str, str]
    width: int  # how many cells it has (the header's number, in a well-formed file)

    def get(self, column: str, absent: Counter[str]) -> str | None:
        """The cell's text, stripped; None when the cell is absent (`is_absent`), counted in
        `absent` by its text when it had one."""
        raw = self.cells.get(column)
        return _present(raw, absent)


def decode(path: Path) -> str:
    """The file's text (UTF-8, a byte-order mark allowed).

    Raises:
        OSError, ValueError: unreadable, too large, or not UTF-8 (the reason).
    """
    data = read_capped(path, MAX_FILE_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start}): export the CSV as UTF-8") from None


def records(text: str) -> tuple[list[str], Iterator[Row]]:
    """The header and the records of a CSV text; csv.Error may arise while iterating."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]

    def rows() -> Iterator[Row]:
        start = reader.line_num + 1
        for number, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):  # blank lines are not records
                yield Row(number, start, dict(zip(header, cells, strict=False)), len(cells))
            start = reader.line_num + 1

    return header, rows()


def _present(raw: str | None, absent: Counter[str]) -> str | None:
    if raw is None:
        return None  # no such column
    if is_absent(raw):
        absent[raw.strip() or "(empty)"] += 1
        return None
    return raw.strip()


# Invisible and text-reordering characters (zero-width space to right-to-left mark, the bidi
# embeddings and isolates): the release has names holding them. They are removed for matching
# and reported; the cell's original text is kept on the record.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_LITERAL_BYTES = 1_000_000  # a list literal past this is not read (ast has no size limit)


def visible(text: str) -> str:
    """The text without invisible or text-reordering characters."""
    return INVISIBLE.sub("", text)


def split_top(text: str, separator: str = ";") -> list[str]:
    """Split at `separator` outside brackets and quotes: EuRepoC's values hold `;` themselves
    ("Angus Taylor (Minister for Law Enforcement and Cyber Security; AUS)", "['a']; ['b']")."""
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote and text[i - 1] != "\\" else quote
        elif ch in "'\"" and depth and (i == 0 or text[i - 1] in "[, "):
            quote = ch  # a quoted string inside a list literal, never an apostrophe in a name
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def literal_items(text: str) -> list[str]:
    """A cell that may be a Python list literal (`['a', 'b']`, `[['a'], ['b']]`): its strings,
    nested lists flattened, read with `ast.literal_eval` (never `eval`); other text as itself.

    Raises:
        ValueError: text that starts like a list but is not a list of strings.
    """
    stripped = text.strip()
    if not stripped.startswith("["):
        return [stripped]
    if len(stripped.encode()) > MAX_LITERAL_BYTES:
        raise ValueError(f"a list literal of {len(stripped.encode()):,} bytes is too large to read")
    try:
        value = ast.literal_eval(stripped)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ValueError(f"{_short(stripped)} is not a Python-style list like ['a', 'b']") from None
    out: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, (list, tuple)):
            pending.extend(reversed(item))
        elif isinstance(item, str):
            out.append(item.strip())
        elif item is not None:
            raise ValueError(f"{_short(stripped)} holds {item!r}, not text")
    return out


def cell_values(text: str | None, absent: Counter[str]) -> list[str]:
    """The present values of a descriptive cell: `;`-separated, list literals read, absent
    values ("Not available", "Unknown", ...) left out (and counted in `absent`).

    Raises:
        ValueError: a malformed list literal.
    """
    if text is None:
        return []
    values: list[str] = []
    for part in split_top(text):
        for item in literal_items(part) if part.strip() else []:
            present = _present(item, absent)
            if present is not None:  # repeats kept: a nested list is one list per receiver
                values.append(present)
    return values


def entries(text: str | None, absent: Counter[str]) -> list[str | None]:
    """A per-attribution cell of the Global Database: one value per `;`-separated entry (None
    for an absent one); [] when the whole cell is absent."""
    if text is None:
        return []
    return [_present(part, absent) for part in split_top(text)]


def _short(text: str, limit: int = 80) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "…")
