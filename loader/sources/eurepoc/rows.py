"""Read EuRepoC rows as published: incidents, attribution entries and responses, with every
value that had to be repaired or left out reported (file, line, id, column), nothing planned.

EuRepoC 1.1 as released differs from its codebook in ways this reader takes as they are
(docs/datasets.md lists each quirk and its rule):
- the Global Database's attribution columns hold one `;`-separated value per row of the
  Attribution dataset (one per attributed initiator, country and category), not one per
  attribution, so their length often differs from `number_of_attributions`;
- values hold `;` themselves inside brackets ("Angus Taylor (...; AUS)"): split outside them;
- descriptive cells are Python list literals (`['Belarus', 'Serbia']`, `[['Media'], ...]`);
- the Attribution dataset repeats an `attribution_ID` once per attributed initiator, and some
  rows have none;
- a date on 1 January means "some time that year" (`dates.eurepoc_date`);
- invisible and text-reordering characters sit inside names.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from loader import models as m
from loader.dates import PartialDate, parse_partial_date
from loader.problems import Problem
from loader.sources.contract import REPAIRED, SKIPPED, Notice
from loader.sources.eurepoc.csvfile import (
    PER_ATTRIBUTION,
    Row,
    cell_values,
    entries,
    literal_items,
    split_top,
    visible,
)

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_FLOAT_ID = re.compile(r"^(\d+)\.0+$")  # pandas wrote integer ids as floats: "3271.0"
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_TEXT: TypeAdapter[str] = TypeAdapter(m.Text)

# Descriptive incident columns kept on the campaign as lists of text (stored whole, never
# indexed: a receiver_category of 2,953 bytes is data, not a problem).
INCIDENT_LISTS = (
    "incident_type",
    "receiver_name",
    "receiver_country",
    "receiver_category",
    "initiator_name",
    "initiator_country",
    "initiator_category",
)
# The political and legal responses of an incident: one `;`-separated value per response.
RESPONSE_KINDS = {"political": "political-response", "legal": "legal-response"}
RESPONSE_FIELDS = ("date", "type", "type_subcode", "country", "actor")


def eurepoc_date(text: str) -> PartialDate:
    """A EuRepoC date: a timestamp's day, and 1 January read as the year alone.

    EuRepoC codes "some time that year" as 1 January (1,069 of the 1,715 attribution dates of
    release 1.1 are 1 January): such a date is year-precise. A real 1 January is read as the
    year too; the raw value is kept beside the date.

    Raises:
        ValueError: not a date.
    """
    stamp = _TIMESTAMP.match(text)
    date = parse_partial_date(stamp.group(1) if stamp else text)
    if date.precision == "day" and (date.value.month, date.value.day) == (1, 1):
        return PartialDate(date.value, "year")
    return date


@dataclass(frozen=True)
class Entry:
    """One attribution row: a row of the Attribution dataset, or one `;` position of the
    attribution columns of a Global Database row. Several entries make one attribution (one
    per attributed initiator, country and category)."""

    file: str
    line: int
    where: str  # the row, for notices
    incident: str  # the incident's ID
    attribution_id: str | None  # the Attribution dataset's id (None in the Global Database)
    date: PartialDate | None
    values: dict[str, str | None]  # PER_ATTRIBUTION columns but the date, visible text
    raw: dict[str, str] = field(default_factory=dict)  # column -> original text, if cleaned
    date_raw: str | None = None
    urls: tuple[str, ...] = ()
    source_key: str = ""  # where the file has it: the attribution_ID, or "<ID>:<position>"

    def get(self, column: str) -> str | None:
        return self.values.get(column)


@dataclass(frozen=True)
class Response:
    """A political or legal response EuRepoC lists for an incident."""

    kind: str  # RESPONSE_KINDS value
    number: int  # its position in the incident's row
    date: PartialDate | None
    date_raw: str | None
    values: dict[str, str | None]  # type, type_subcode, country, actor


@dataclass(frozen=True)
class Incident:
    file: str
    line: int
    where: str
    id: str
    name: str | None
    description: str | None
    start: PartialDate | None
    end: PartialDate | None
    raw_dates: dict[str, str]
    lists: dict[str, tuple[str, ...]]  # INCIDENT_LISTS: present values
    urls: tuple[str, ...]
    entries: tuple[Entry, ...] = ()
    responses: tuple[Response, ...] = ()
    attributions: int | None = None  # number_of_attributions


@dataclass
class RowReader:
    """Reads the rows of one file, keeping what it repaired or skipped as notices."""

    file: str
    notices: list[Notice] = field(default_factory=list)
    absent: Counter[str] = field(default_factory=Counter)

    def notice(self, action: str, row: Row, where: str, column: str, message: str) -> None:
        self.notices.append(Notice(action, Problem(self.file, where, column, message, row.line)))

    # -- cells ----------------------------------------------------------------------------
    def _text(self, row: Row, where: str, column: str) -> tuple[str | None, str | None]:
        """(the visible text of a cell, its original text when characters were removed)."""
        value = row.get(column, self.absent)
        if value is None:
            return None, None
        clean = visible(value).strip()
        if clean == value:
            return value, None
        message = (
            f"invisible or text-reordering characters removed for matching ({_codes(value)}); "
            "the original text is kept"
        )
        self.notice(REPAIRED, row, where, column, message)
        return (clean or None), value

    def _plain(self, row: Row, where: str, column: str, value: str | None) -> str | None:
        """Text the graph can hold (no control characters): else left out, with a notice."""
        if value is None:
            return None
        try:
            return _TEXT.validate_python(value)
        except ValidationError as exc:
            self.notice(REPAIRED, row, where, column, f"left out: {exc.errors()[0]['msg']}")
            return None

    def _list(self, row: Row, where: str, column: str) -> tuple[str, ...]:
        text, _ = self._text(row, where, column)
        try:
            values = cell_values(text, self.absent)
        except ValueError as exc:
            self.notice(REPAIRED, row, where, column, f"left out: {exc}")
            return ()
        return tuple(v for v in (self._plain(row, where, column, v) for v in values) if v)

    def _id(self, row: Row, where: str, column: str) -> str | None:
        value = row.get(column, self.absent)
        if value is None:
            return None
        value = visible(value).strip()
        found = _FLOAT_ID.match(value)
        value = found.group(1) if found else value
        return value if _ID.match(value) else None

    def _date(self, row: Row, where: str, column: str, text: str | None) -> PartialDate | None:
        if text is None:
            return None
        try:
            return eurepoc_date(text)
        except ValueError as exc:
            self.notice(REPAIRED, row, where, column, f"left out: {exc}")
            return None

    def _urls(self, row: Row, where: str, column: str) -> list[list[str]]:
        """A list of URLs, or `;`-separated lists: [] when absent."""
        text = row.get(column, self.absent)
        if text is None:
            return []
        out = []
        for part in split_top(text):
            try:
                items = literal_items(part) if part.strip() else []
            except ValueError as exc:
                self.notice(REPAIRED, row, where, column, f"left out: {exc}")
                items = []
            out.append([i for i in (visible(x).strip() for x in items) if i])
        return out

    # -- rows -----------------------------------------------------------------------------
    def incident(self, row: Row) -> Incident | None:
        """A Global Database row with its attribution entries and responses; None (with a
        notice) when it has no usable ID."""
        where = f"row {row.number}"
        iid = self._id(row, where, "ID")
        if iid is None:
            self.notice(SKIPPED, row, where, "ID", "no usable incident ID (letters, digits, "
                        f". _ -): {row.cells.get('ID', '')!r}")  # fmt: skip
            return None
        where = f"row {row.number} (ID {iid})"
        raw_dates: dict[str, str] = {}
        dates: dict[str, PartialDate | None] = {}
        for column in ("start_date", "end_date"):
            text, _ = self._text(row, where, column)
            dates[column] = self._date(row, where, column, text)
            if text:
                raw_dates[column] = text
        name, _ = self._text(row, where, "name")
        description, _ = self._text(row, where, "description")
        incident_urls = self._urls(row, where, "sources_url")
        return Incident(
            self.file, row.line, where, iid,
            self._plain(row, where, "name", name),
            self._plain(row, where, "description", description),
            dates["start_date"], dates["end_date"], raw_dates,
            {col: self._list(row, where, col) for col in INCIDENT_LISTS},
            tuple(u for urls in incident_urls for u in urls),
            tuple(self._entries(row, where, iid)),
            tuple(self._responses(row, where)),
            self._count(row, where, "number_of_attributions"),
        )  # fmt: skip

    def _count(self, row: Row, where: str, column: str) -> int | None:
        text = row.get(column, self.absent)
        found = re.fullmatch(r"(\d+)(\.0+)?", text or "")
        if text is not None and not found:
            self.notice(REPAIRED, row, where, column, f"left out: {text!r} is not a number")
        return int(found.group(1)) if found else None

    def _aligned(
        self, row: Row, where: str, columns: dict[str, list[str | None]], what: str
    ) -> int:
        """How many entries the `;`-separated columns hold: the length most of them share.
        A column of another length is left out for this row, with a notice."""
        lengths = Counter(len(items) for items in columns.values() if items)
        if not lengths:
            return 0
        count = max(lengths, key=lambda n: (lengths[n], n))
        for column, items in columns.items():
            if items and len(items) != count:
                self.notice(
                    REPAIRED, row, where, column,
                    f"left out: holds {len(items)} `;`-separated value(s) where the other "
                    f"{what} columns hold {count}",
                )  # fmt: skip
                items.clear()
        return count

    def _entries(self, row: Row, where: str, iid: str) -> list[Entry]:
        texts = {col: self._text(row, where, col) for col in PER_ATTRIBUTION}
        columns = {col: entries(text, self.absent) for col, (text, _) in texts.items()}
        originals = {col: entries(raw, Counter()) if raw else [] for col, (_, raw) in texts.items()}
        count = self._aligned(row, where, columns, "attribution")
        urls = self._urls(row, where, "sources_attribution")
        if len(urls) not in (0, 1, count):
            message = (
                f"holds {len(urls)} lists of URLs for {count} attribution entries: every URL "
                "cited by each"
            )
            self.notice(REPAIRED, row, where, "sources_attribution", message)
            urls = [[u for part in urls for u in part]]
        out = []
        for i in range(count):
            values = {col: items[i] if items else None for col, items in columns.items()}
            raw = {
                col: str(items[i]) for col, items in originals.items()
                if len(items) == count and items[i] and items[i] != values.get(col)
            }  # fmt: skip
            date_text = values.pop("attribution_date")
            entry_urls = urls[i] if len(urls) == count else (urls[0] if urls else [])
            out.append(
                Entry(
                    self.file, row.line, f"{where} attribution entry {i + 1}", iid, None,
                    self._date(row, where, "attribution_date", date_text), values, raw,
                    date_text, tuple(entry_urls), f"{iid}:{i + 1}",
                )
            )  # fmt: skip
        return out

    def _responses(self, row: Row, where: str) -> list[Response]:
        out: list[Response] = []
        for prefix, kind in RESPONSE_KINDS.items():
            columns = {
                f: entries(visible(row.get(f"{prefix}_response_{f}", self.absent) or "") or None,
                           self.absent)
                for f in RESPONSE_FIELDS
            }  # fmt: skip
            named = {f"{prefix}_response_{f}": v for f, v in columns.items()}
            count = self._aligned(row, where, named, f"{prefix} response")
            for i in range(count):
                values = {f: items[i] if items else None for f, items in columns.items()}
                date_text = values.pop("date")
                if not any(values.values()) and date_text is None:
                    continue
                date = self._date(row, where, f"{prefix}_response_date", date_text)
                out.append(Response(kind, i + 1, date, date_text, values))
        return out

    def attribution(self, row: Row) -> Entry | None:
        """An Attribution dataset row; an empty attribution_ID gets one derived from the row's
        content (stable whatever the file's order), with a notice."""
        where = f"row {row.number}"
        iid = self._id(row, where, "incident_ID")
        if iid is None:
            self.notice(SKIPPED, row, where, "incident_ID", "no usable incident ID: "
                        f"{row.cells.get('incident_ID', '')!r}")  # fmt: skip
            return None
        aid = self._id(row, where, "attribution_ID")
        texts = {col: self._text(row, where, col) for col in PER_ATTRIBUTION}
        values = {col: text for col, (text, _) in texts.items()}
        raw = {col: original for col, (_, original) in texts.items() if original}
        if aid is None:
            aid = "row-" + _digest([iid, *(values[c] or "" for c in PER_ATTRIBUTION)])
            self.notice(REPAIRED, row, where, "attribution_ID", f"empty: the id {aid} is "
                        "derived from the row's content")  # fmt: skip
        where = f"row {row.number} (attribution_ID {aid})"
        date_text = values.pop("attribution_date")
        date = self._date(row, where, "attribution_date", date_text)
        return Entry(self.file, row.line, where, iid, aid, date, values, raw, date_text, (), aid)


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def _codes(text: str) -> str:
    found = sorted({f"U+{ord(ch):04X}" for ch in text if visible(ch) != ch})
    return ", ".join(found)
