"""Tables that read: one way every page shows rows (issue #11, item 6).

`show()` puts a frame on the page with
- a row count and, past `page_size` rows, pages ("rows 26–50 of 230", a page number);
- wrapped text: when a column holds long text (a statement, a quote), rows are tall enough
  for three lines and the text wraps instead of being cut;
- column configuration from the column's name and content: http(s) links as links, a 0-100
  confidence as a bar, long text wide, short values narrow but on one line; a caller's own
  configuration wins;
- a detail panel: select a row and the whole record is shown under the table, nested values
  (lists of sources, denials, maps) as readable text, never as one line of raw JSON.

Cells hold what `attrib.values.cell_text` writes for nested values (as in the CLI), so the CSV
download and the table agree.

Example:
    tables.show(claim_frame, key="explore-claims", records=claims, detail=show_claim)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from attrib.values import cell_text
from ui import text

PAGE_SIZE = 25
LONG_TEXT = 60  # characters: a column with longer values is given room and wrapped
SHORT_TEXT = 12  # characters: a column of dates, kinds or grades needs little room
WRAP_ROW_HEIGHT = 78  # px: three lines of text (Streamlit wraps cells taller than 4rem)
ROW_HEIGHT = 35  # px: Streamlit's default row
CHAR_PX = 7  # px: a character of the table's font, on average, with room to spare
CELL_PADDING_PX = 24  # px: a cell's padding, both sides
# px: the width a table shows without scrolling sideways at 1,280 px beside the sidebar (the
# main column is 820 px; the row marker takes 33). The columns a page fixes with `fixed` (its
# evidence: date, confidence, sources) sum to no more than this.
VIEW_PX = 785
# Column names that hold a normalised 0-100 confidence (drawn as a bar).
CONFIDENCE_COLUMNS = frozenset({"0-100", "confidence (0-100)", "confidence_0_100"})
LINK_COLUMNS = frozenset({"url", "link", "source url", "first source"})

Record = Mapping[str, Any]
Detail = Callable[[Record], None]


def _widest(series: pd.Series) -> int:
    values = series.dropna()
    return 0 if values.empty else int(values.map(lambda v: len(str(v))).max())


def _is_long(series: pd.Series) -> bool:
    values = series.dropna()
    if values.empty or not all(isinstance(v, str) for v in values):
        return False
    return bool(values.map(len).max() > LONG_TEXT)


def _fitting(series: pd.Series, name: str) -> int:
    """A short column's width in px: its widest value (or name) on one line, not wrapped
    ("attribution", "2023-04-18" in a "small" column broke over two lines)."""
    chars = max(_widest(series), min(len(name), SHORT_TEXT))
    return CHAR_PX * chars + CELL_PADDING_PX


def confidence_bar(column: str) -> Any:
    """A 0-100 confidence drawn as a bar."""
    return st.column_config.ProgressColumn(
        column, min_value=0, max_value=100, format="%d", width="small"
    )


def fixed(widths: Mapping[str, int]) -> dict[str, Any]:
    """Configuration for columns of set widths (px), in the order given: a table's leading
    columns, its evidence among them, that stay on screen at 1,280 px (`VIEW_PX` in all); a
    0-100 confidence column as a bar.

    Example:
        tables.fixed({"made on": 84, "0-100": 70, "sources": 250})
    """
    total = sum(widths.values())
    if total > VIEW_PX:
        raise ValueError(f"columns of {total} px do not fit in {VIEW_PX} px: {dict(widths)}")
    return {
        name: (
            st.column_config.ProgressColumn(name, min_value=0, max_value=100, format="%d", width=px)
            if name.lower() in CONFIDENCE_COLUMNS
            else st.column_config.TextColumn(name, width=px)
        )
        for name, px in widths.items()
    }


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def blank_empty(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values in text columns as empty cells (Streamlit writes "None" in them)."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            out[name] = column.astype(object).map(lambda v: "" if _missing(v) else v)
    return out


def column_config(frame: pd.DataFrame) -> dict[str, Any]:
    """A configuration for each column, from its name and content (see the module doc)."""
    config: dict[str, Any] = {}
    for name in frame.columns:
        column = str(name)
        lowered = column.lower()
        if lowered in CONFIDENCE_COLUMNS:
            config[column] = confidence_bar(column)
        elif lowered in LINK_COLUMNS:
            config[column] = st.column_config.LinkColumn(column, width="small", display_text="open")
        elif _is_long(frame[name]):
            config[column] = st.column_config.TextColumn(column, width="large")
        elif _widest(frame[name]) <= SHORT_TEXT:
            config[column] = st.column_config.Column(column, width=_fitting(frame[name], column))
    return config


def wraps(frame: pd.DataFrame, config: Mapping[str, Any] | None = None) -> bool:
    """Whether any column holds text long enough to need wrapping: longer than LONG_TEXT, or
    wider than the width `config` sets for its column (a set width keeps a column on screen,
    and its text must then break over lines rather than be cut)."""
    if any(_is_long(frame[name]) for name in frame.columns):
        return True
    for name, conf in (config or {}).items():
        width = conf.get("width") if isinstance(conf, Mapping) else None
        if isinstance(width, int) and name in frame.columns:
            text = frame[name].dropna().map(str)
            if not text.empty and text.map(len).max() * CHAR_PX + CELL_PADDING_PX > width:
                return True
    return False


def page_bounds(total: int, page: int, page_size: int = PAGE_SIZE) -> tuple[int, int]:
    """The [start, end) rows of a 1-based page, the page clamped to those that exist."""
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    return start, min(total, start + page_size)


def count_text(total: int, start: int, end: int) -> str:
    """ "230 rows · showing 26–50"; "3 rows" when all are shown."""
    rows = f"{total} row{'' if total == 1 else 's'}"
    if start == 0 and end == total:
        return rows
    return f"{rows} · showing {start + 1}–{end}"


def _page(total: int, key: str, page_size: int) -> tuple[int, int]:
    """The page chosen (a number input under the table's caption when there are pages)."""
    pages = max(1, math.ceil(total / page_size))
    if pages == 1:
        return 0, total
    left, _ = st.columns([1, 4])
    page = left.number_input(
        f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1, key=f"{key}-page"
    )
    return page_bounds(total, int(page), page_size)


def show(
    frame: pd.DataFrame,
    *,
    key: str,
    records: Sequence[Record] | None = None,
    detail: Detail | None = None,
    config: Mapping[str, Any] | None = None,
    page_size: int = PAGE_SIZE,
    max_height: int | None = None,
) -> Record | None:
    """Show `frame` as a table that reads (see the module doc); returns the selected record.

    `records` are the rows as the query gave them, one per frame row (the detail panel shows
    them whole; default: the frame's own rows). `detail` draws a selected record (default:
    `record_detail`). `config` overrides the automatic column configuration. `max_height`
    (px) caps the table's height: a longer page scrolls inside the table.
    """
    total = len(frame)
    start, end = _page(total, key, page_size)
    st.caption(count_text(total, start, end))
    shown = blank_empty(frame.iloc[start:end])
    wrapped = wraps(shown, config)
    row_height = WRAP_ROW_HEIGHT if wrapped else ROW_HEIGHT
    columns = column_config(shown) | dict(config or {})
    height = min(len(shown), page_size) * row_height + ROW_HEIGHT + 3
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(height, max_height) if max_height else height,
        row_height=row_height,
        column_config=columns,
        key=f"{key}-table",
        on_select="rerun",
        selection_mode="single-row",
    )
    picked = _selected_row(event)
    if picked is None or picked >= len(shown):
        if total:
            st.caption("Select a row to see it whole.")
        return None
    index = start + picked
    record: Record = records[index] if records is not None else shown.iloc[picked].to_dict()
    with st.container(border=True):
        (detail or record_detail)(record)
    return record


def _selected_row(event: Any) -> int | None:
    try:
        rows = event.selection.rows
    except AttributeError:  # AppTest and older servers return the element, not its state
        return None
    return int(rows[0]) if rows else None


def record_detail(record: Record) -> None:
    """A record whole: one line per field; lists of maps (sources, denials) as sub-tables."""
    lines = []
    nested: list[tuple[str, list[dict[str, Any]]]] = []
    for name, value in record.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            nested.append((str(name), value))
        elif isinstance(value, dict) and not ({"_labels", "_type"} & set(value)):
            nested.append((str(name), [value]))
        elif value not in (None, "", []):
            lines.append(f"- **{text.md(name)}**: {text.md(cell_text(value))}")
    if lines:
        st.markdown("\n".join(lines))
    for name, items in nested:
        st.markdown(f"**{text.md(name)}** ({len(items)})")
        st.dataframe(
            pd.DataFrame([{k: _cell(v) for k, v in item.items()} for item in items]),
            hide_index=True,
            width="stretch",
        )


def _cell(value: Any) -> Any:
    return cell_text(value) if isinstance(value, dict | list) else value
