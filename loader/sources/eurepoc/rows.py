"""Read and check EuRepoC rows: incidents and attributions, every problem named by file, row
and column (loader.problems), nothing planned yet."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from loader import models as m
from loader.dates import PartialDate, parse_partial_date
from loader.problems import Problem
from loader.sources.eurepoc.csvfile import PER_ATTRIBUTION, Row, split_list, url_lists

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
# What the seed format accepts in a name (no control or text-reordering characters, small
# enough to index) and in a description: a cell that breaks it is a problem before any write.
_NAME: TypeAdapter[str] = TypeAdapter(m.IndexedText)
_TEXT: TypeAdapter[str] = TypeAdapter(m.Text)


@dataclass(frozen=True)
class Attribution:
    """One attribution as EuRepoC codes it: `key` says where it is in its file, `claim_key`
    which attribution it is, alike in both files (loader.sources.eurepoc.keys)."""

    file: str
    where: str  # the row, for problems and notes
    incident: str  # the incident's ID
    key: str  # "<incident ID>:<index>" (Global Database) or the attribution_ID
    attribution_id: str | None
    date: PartialDate | None
    values: dict[str, str | None]  # ATTRIBUTION_COLUMNS and the optional ones, by column
    urls: tuple[str, ...] = ()
    claim_key: str = ""  # set by keys.with_claim_keys once the whole file is read

    def get(self, column: str) -> str | None:
        return self.values.get(column)


@dataclass(frozen=True)
class Incident:
    file: str
    where: str
    id: str
    name: str | None
    description: str | None
    start: PartialDate | None
    end: PartialDate | None
    lists: dict[str, tuple[str, ...]]  # incident_type, receiver_*, initiator_*: present values
    urls: tuple[str, ...]
    attributions: tuple[Attribution, ...] = ()


INCIDENT_LISTS = (
    "incident_type",
    "receiver_name",
    "receiver_country",
    "receiver_category",
    "initiator_name",
    "initiator_country",
    "initiator_category",
)


@dataclass
class RowReader:
    """Reads the rows of one file, keeping its problems and the cells read as absent."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    absent: Counter[str] = field(default_factory=Counter)

    def problem(self, row: Row, where: str, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, column, message, row.line))

    def _valid(
        self, row: Row, where: str, column: str, value: str | None, kind: TypeAdapter[str] = _NAME
    ) -> str | None:
        if value is None:
            return None
        try:
            return kind.validate_python(value)
        except ValidationError as exc:
            self.problem(row, where, column, exc.errors()[0]["msg"])
            return None

    def _values(self, row: Row, where: str, column: str) -> tuple[str, ...]:
        """The present values of a `;`-separated descriptive cell."""
        items = split_list(row.get(column, self.absent), self.absent)
        return tuple(v for v in (self._valid(row, where, column, i) for i in items) if v)

    def _id(self, row: Row, where: str, column: str) -> str | None:
        value = row.get(column, self.absent)
        if value is None:
            self.problem(row, where, column, "is empty: every row needs its EuRepoC id")
        elif not _ID.match(value):
            self.problem(row, where, column, f"{value!r} is not an id (letters, digits, . _ -)")
        else:
            return value
        return None

    def _date(self, row: Row, where: str, column: str, text: str | None) -> PartialDate | None:
        if text is None:
            return None
        stamp = _TIMESTAMP.match(text)
        try:
            return parse_partial_date(stamp.group(1) if stamp else text)
        except ValueError as exc:
            self.problem(row, where, column, str(exc))
            return None

    def _urls(self, row: Row, where: str, column: str, count: int) -> list[list[str]]:
        try:
            return url_lists(row.get(column, self.absent), count)
        except ValueError as exc:
            self.problem(row, where, column, str(exc))
            return []

    def incident(self, row: Row) -> Incident | None:
        """A Global Database row, its attributions with it."""
        where = f"row {row.number}"
        iid = self._id(row, where, "ID")
        if iid is None:
            return None
        where = f"row {row.number} (ID {iid})"
        start = self._date(row, where, "start_date", row.get("start_date", self.absent))
        end = self._date(row, where, "end_date", row.get("end_date", self.absent))
        lists = {col: self._values(row, where, col) for col in INCIDENT_LISTS}
        incident_urls = self._urls(row, where, "sources_url", 1)
        name = self._valid(row, where, "name", row.get("name", self.absent))
        text = row.get("description", self.absent)
        return Incident(
            self.file, where, iid, name, self._valid(row, where, "description", text, _TEXT),
            start, end, lists,
            tuple(incident_urls[0]) if incident_urls else (),
            tuple(self._attributions(row, where, iid)),
        )  # fmt: skip

    def _count(self, row: Row, where: str, columns: dict[str, list[str | None]]) -> int | None:
        """number_of_attributions, checked against every present `;`-separated column."""
        text = row.get("number_of_attributions", self.absent)
        lengths = {col: len(items) for col, items in columns.items() if items}
        if text is None:
            if len(set(lengths.values())) > 1:
                self.problem(
                    row, where, "number_of_attributions",
                    f"is empty and the attribution columns disagree: {_counts(lengths)}",
                )  # fmt: skip
                return None
            return next(iter(lengths.values()), 0)
        count = int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else -1
        if count < 0:
            self.problem(row, where, "number_of_attributions", f"{text!r} is not a number")
            return None
        wrong = {col: n for col, n in lengths.items() if n != count}
        for col, n in sorted(wrong.items()):
            self.problem(
                row, where, col,
                f"holds {n} `;`-separated value(s) but number_of_attributions is {count}",
            )  # fmt: skip
        return None if wrong else count

    def _attributions(self, row: Row, where: str, iid: str) -> list[Attribution]:
        columns = {
            col: split_list(row.get(col, self.absent), self.absent)
            for col in (*PER_ATTRIBUTION, "attribution_ID")
        }
        count = self._count(row, where, columns)
        if count is None:
            return []
        urls = self._urls(row, where, "sources_attribution", count)
        ids = columns.pop("attribution_ID")
        out = []
        for i in range(count):
            values = {
                col: self._valid(row, where, col, items[i] if items else None)
                for col, items in columns.items()
            }
            aid = ids[i] if ids else None
            if aid is not None and not _ID.match(aid):
                self.problem(row, where, "attribution_ID", f"{aid!r} is not an id")
                aid = None
            date = self._date(row, where, "attribution_date", values.pop("attribution_date"))
            out.append(
                Attribution(
                    self.file, where, iid, aid or f"{iid}:{i + 1}", aid, date, values,
                    tuple(urls[i]) if urls else (),
                )
            )  # fmt: skip
        return out

    def attribution(self, row: Row) -> Attribution | None:
        """An Attribution dataset row."""
        where = f"row {row.number}"
        aid = self._id(row, where, "attribution_ID")
        if aid is not None:
            where = f"row {row.number} (attribution_ID {aid})"
        iid = self._id(row, where, "incident_ID")
        values = {
            col: self._valid(row, where, col, row.get(col, self.absent)) for col in PER_ATTRIBUTION
        }
        date = self._date(row, where, "attribution_date", values.pop("attribution_date"))
        if aid is None or iid is None:
            return None
        return Attribution(self.file, where, iid, aid, aid, date, values)


def _counts(lengths: dict[str, int]) -> str:
    return ", ".join(f"{col} has {n}" for col, n in sorted(lengths.items()))
