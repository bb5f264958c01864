"""A query's answer as a table that reads (issue #11, items 1 and 6): what the Queries page,
the Cypher console and the Overview show through `ui.tables.show`.

In the table
- a `sources` list of source maps is one cell, `evidence.sources_text` ("Title — Publisher,
  2021-03-02 (+ 7 more, 7 relaying)"), followed by a `first source` link column;
- another list of maps is one short line, an item each ("Government of China (2021-03); …");
  a map (not a node) is "key: value · key: value";
- an id beside the name it identifies (`attributed_id` beside `attributed`) and a date's
  precision (the date's text already says it) are left out: the selected row and the
  downloads keep them;
- a normalised 0-100 confidence is a bar;
- in a table of claims, status, claimant, ends, date, confidence and sources come first (the
  evidence on screen at 1,280 px), then kind and denials, the claim's id last.

A selected row is shown whole (`row_detail`): a claim's words and its sources
(`evidence.said_block`, `evidence.sources_block`, with a link to its Claim page), then every
other field, lists of maps as sub-tables (`tables.record_detail`). A one-row answer is shown
whole at once: its interest is often a nested list (entity_profile, campaign_details).

The CSV and JSON downloads are not built here: they keep the query's own cells
(`ui.common.csv_bytes`, `json_bytes`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from attrib.values import cell_text, partial_date_text
from ui import evidence, tables, text

# The field naming an item of a list of maps, best first (a state link by its state, a denial
# by its claimant, a source by its title), and the field dating it.
ITEM_NAMES = ("name", "state", "claimant", "title_en", "title", "statement", "claim", "id")
ITEM_DATES = ("made_on", "published", "date", "as_of", "since")
LINK_COLUMN = "first source"
CONFIDENCE_NAMES = ("confidence", "highest_confidence")
# In a table of claims, what an analyst weighs a claim by comes first, in view at 1,280 px:
# status, who, what, when, how sure, on what evidence, then who denies it; its id comes last.
# The date, the 0-100 confidence and the sources are the evidence: on screen before the rest.
CLAIM_FIRST = ("status", "claimant", "attributed", "sponsor", "not_linked_to", "made_on",
               "confidence", "sources", "kind", "denials", LINK_COLUMN, "confidence_label",
               "subject", "object", "statement")  # fmt: skip
# px: a name or a list of denials wraps within this width (rows of long text are three lines
# tall), so that the columns above fit beside one another at 1,280 px.
MEDIUM_WIDTH = 130
SOURCES_WIDTH = 260
CLAIM_IDS = ("claim", "denial")


def is_sources(value: Any) -> bool:
    """A list of source maps (title, publisher, url…) as the catalogue queries return them."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and ("title" in v or "url" in v) for v in value)
    )


def _is_maps(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _is_entity(value: Mapping[str, Any]) -> bool:
    """A node, a relationship or a path: `cell_text` names them briefly."""
    return bool({"_labels", "_type"} & set(value)) or set(value) == {"nodes", "relationships"}


def item_text(item: Mapping[str, Any]) -> str:
    """One map of a list, briefly: "Government of China (2021-03)", "2,000 victims"."""
    if _is_entity(item):
        return cell_text(dict(item))
    if item.get("value") is not None:  # a figure: its value and unit say what it is
        name = f"{item['value']} {item.get('unit') or ''}".strip()
    else:
        name = next((str(item[k]) for k in ITEM_NAMES if item.get(k) not in (None, "")), "")
    if not name:
        return map_text(item)
    date = next((str(item[k]) for k in ITEM_DATES if item.get(k) not in (None, "")), "")
    via = f" via {item['via']}" if item.get("via") else ""
    return f"{name}{via} ({date})" if date else f"{name}{via}"


def map_text(value: Mapping[str, Any]) -> str:
    """A map's fields that have a value: "key: value · key: value"."""
    return " · ".join(f"{k}: {cell_text(v)}" for k, v in value.items() if v not in (None, "", []))


def cell(value: Any) -> Any:
    """A table cell: lists of maps and maps as short text; numbers and text as they are."""
    if is_sources(value):
        return evidence.sources_text(value)
    if _is_maps(value):
        return "; ".join(item_text(v) for v in value)
    if isinstance(value, dict) and not _is_entity(value):
        return map_text(value)
    return cell_text(value) if isinstance(value, dict | list) else value


def hidden(keys: Sequence[str]) -> list[str]:
    """Columns left out of the table: date precisions and ids beside their names."""
    return [
        k
        for k in keys
        if k.endswith("_precision") or (k.endswith("_id") and k.removesuffix("_id") in keys)
    ]


def frame(keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The rows as the table shows them (see the module doc)."""
    shown = [k for k in keys if k not in hidden(keys)]
    columns: list[str] = []
    for k in shown:
        columns.append(k)
        if k == "sources" and LINK_COLUMN not in keys:
            columns.append(LINK_COLUMN)
    table = [
        {k: cell(r.get(k)) for k in shown}
        | ({LINK_COLUMN: evidence.first_url(r.get("sources"))} if LINK_COLUMN in columns else {})
        for r in rows
    ]
    return pd.DataFrame(table, columns=claims_first(columns))


def claims_first(columns: list[str]) -> list[str]:
    """The columns in the order a table of claims reads (`CLAIM_FIRST`); others unchanged."""
    if not set(CLAIM_IDS) & set(columns):
        return columns
    first = [c for c in CLAIM_FIRST if c in columns]
    last = [c for c in CLAIM_IDS if c in columns]
    return first + [c for c in columns if c not in first and c not in last] + last


def column_config(table: pd.DataFrame) -> dict[str, Any]:
    """Confidence bars (`confidence_bars`), and room for the columns of a claim table at
    1,280 px: a medium text column (a name, denials) wraps at `MEDIUM_WIDTH`, the sources at
    `SOURCES_WIDTH`; short and long columns are left to `ui.tables`."""
    config: dict[str, Any] = {}
    if tables.wraps(table):  # rows are three lines tall: a medium column can wrap
        for name in table.columns:
            values = table[name].dropna()
            if values.empty or not all(isinstance(v, str) for v in values):
                continue
            widest = int(values.map(len).max())
            if name == "sources":
                config[name] = st.column_config.TextColumn(name, width=SOURCES_WIDTH)
            elif tables.SHORT_TEXT < widest <= tables.LONG_TEXT and name != LINK_COLUMN:
                config[str(name)] = st.column_config.TextColumn(str(name), width=MEDIUM_WIDTH)
    return config | confidence_bars(table)


def confidence_bars(table: pd.DataFrame) -> dict[str, Any]:
    """A bar for each confidence column holding 0-100 numbers only."""
    config: dict[str, Any] = {}
    for name in table.columns:
        values = table[name].dropna()
        if str(name) in CONFIDENCE_NAMES and not values.empty:
            numbers = all(isinstance(v, int | float) and 0 <= v <= 100 for v in values)
            if numbers:
                config[str(name)] = tables.confidence_bar(str(name))
    return config


def precise_dates(value: Any) -> Any:
    """A row with each date that has a `<name>_precision` beside it as precise as known
    ("2021-03", not 2021-03-01), in nested maps too."""
    if isinstance(value, list):
        return [precise_dates(v) for v in value]
    if not isinstance(value, dict) or _is_entity(value):
        return value
    return {
        k: partial_date_text(v, value[f"{k}_precision"])
        if f"{k}_precision" in value
        else precise_dates(v)
        for k, v in value.items()
    }


def claim_id(record: Mapping[str, Any]) -> str | None:
    """The claim a row is about: its `claim` (or `denial`) id, or its id when it is a Claim."""
    for key in ("claim", "denial"):
        if isinstance(record.get(key), str):
            return str(record[key])
    if record.get("label") == "Claim" and isinstance(record.get("id"), str):
        return str(record["id"])
    return None


def claim_heading(record: Mapping[str, Any]) -> str:
    """Which claim the detail is about: "**Microsoft** · attribution → **HAFNIUM** · 2021-03-02"."""
    target = next(
        (record[k] for k in ("attributed", "sponsor", "not_linked_to", "object") if record.get(k)),
        None,
    )
    what = text.md(record.get("kind") or "claim") + (f" → **{text.md(target)}**" if target else "")
    when = f" · {text.md(record['made_on'])}" if record.get("made_on") else ""
    return f"**{text.md(record.get('claimant') or '?')}** · {what}{when}"


def row_detail(record: Mapping[str, Any]) -> None:
    """A selected row whole: a claim's words and sources first, then the other fields."""
    claim = claim_id(record)
    rest = dict(record)
    if claim:
        st.markdown(claim_heading(record))
    if record.get("statement"):
        st.markdown(f"**{text.md(record['statement'])}**")
        rest.pop("statement")
    evidence.said_block(record)
    rest.pop("quote", None)
    rest.pop("note", None)
    if claim and (is_sources(record.get("sources")) or "sources" in record):
        evidence.sources_block({**record, "claim": claim})
        rest.pop("sources", None)
    elif claim:
        evidence.claim_link(claim)
    tables.record_detail(rest)


def show(
    keys: Sequence[str], rows: Sequence[Mapping[str, Any]], *, key: str, whole_if_one: bool = True
) -> None:
    """The rows as a table that reads, a selected row whole under it (see the module doc)."""
    rows = [precise_dates(r) for r in rows]
    table = frame(keys, rows)
    picked = tables.show(
        table, key=key, records=list(rows), detail=row_detail, config=column_config(table)
    )
    left_out = hidden(keys)
    if left_out:
        st.caption(
            "In a selected row and the downloads, not in the table: "
            + ", ".join(text.code(k) for k in left_out)
        )
    if picked is None and whole_if_one and len(rows) == 1:
        with st.container(border=True):
            row_detail(rows[0])
