"""What every page shares: running queries (cached), plain error messages, "Show Cypher".

Every query the UI runs is a named query from `cypher/queries/*.cypher`, run through
`attrib.runner.run_named`; the console alone uses `attrib.runner.run_cypher`. The driver lives
in `attrib.db` (one per process). Results are cached per query name and parameters for a short
time; failures are never cached, so a page recovers as soon as Neo4j is back.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from attrib import catalogue as cat
from attrib.errors import DatabaseUnavailable, describe, translate
from attrib.result_document import result_json
from attrib.values import cell_text, to_plain
from ui import graph, text

CACHE_TTL_SECONDS = 60


@dataclass(frozen=True)
class Result:
    """One query's answer as plain, picklable data (what the cache keeps)."""

    name: str | None  # the catalogue name; None for console queries
    text: str
    params: dict[str, Any]
    keys: list[str]
    rows: list[dict[str, Any]]
    nodes: list[graph.GNode] = field(default_factory=list)
    rels: list[graph.GRel] = field(default_factory=list)
    truncated: bool = False
    elapsed_ms: float = 0.0
    server_ms: float | None = None  # Neo4j's own part of elapsed_ms
    # One query execution: cached copies of the same answer share it, a new execution gets a
    # new one, so work derived from a result (tables, chart specs) can be cached by it.
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def has_graph(self) -> bool:
        return bool(self.nodes)

    def frame(self) -> pd.DataFrame:
        return to_frame(self.keys, self.rows)


def _from_outcome(name: str | None, text: str, params: dict[str, Any], outcome: Any) -> Result:
    nodes, rels = graph.extract(list(outcome.records or []), list(outcome.rows or []))
    return Result(
        name=name,
        text=text,
        params=dict(params),
        keys=list(outcome.keys),
        rows=[dict(r) for r in outcome.rows],
        nodes=nodes,
        rels=rels,
        truncated=bool(outcome.truncated),
        elapsed_ms=float(outcome.elapsed_ms),
        server_ms=outcome.server_ms,
    )


def query_text(name: str) -> str:
    """The text of a named query (header included), '' if the catalogue lacks it."""
    q = cat.catalogue().get(name)
    return q.text if q else ""


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=512)
def _run_named_cached(name: str, params: dict[str, Any], max_rows: int | None = None) -> Result:
    from attrib import runner

    outcome = runner.run_named(name, params, max_rows=max_rows)
    return _from_outcome(name, query_text(name), params, outcome)


def run_console(
    text: str, params: dict[str, Any] | None, *, timeout: float | None, max_rows: int | None
) -> Result:
    """User-typed Cypher through the runner's guarded path (not cached: run on request)."""
    from attrib import runner

    outcome = runner.run_cypher(text, params or {}, timeout=timeout, max_rows=max_rows)
    return _from_outcome(None, text, params or {}, outcome)


# --- Errors, for people ----------------------------------------------------------------------


def _scrub(message: str) -> str:
    """Never show the password, even if a driver message happened to carry it."""
    try:
        from attrib.settings import resolve

        secret = resolve().password
    except Exception:
        return message
    return message.replace(secret, "********") if secret else message


def describe_error(exc: BaseException) -> str:
    """One plain sentence for the page: the core's wording (`attrib.errors.describe`), scrubbed."""
    return _scrub(describe(exc, cli=False))


def run(
    name: str,
    params: dict[str, Any] | None = None,
    *,
    show: bool = True,
    max_rows: int | None = None,
) -> Result | None:
    """Run a named query (cached); on failure say so on the page and return None.

    With `show`, its "Show Cypher" expander (text, parameters, timing) follows at once; use
    `query` instead when the answer is shown first and the expander after it. `max_rows`: a
    page that sums every row (the Lag page) asks for more than the default cap (None), up to
    `attrib.limits` maximum.
    """
    params = dict(params or {})
    result: Result | None = None
    try:
        result = _run_named_cached(name, params, max_rows)
    except Exception as exc:  # every failure is reported on the page, never cached
        st.error(text.md_block(describe_error(exc)))
        if isinstance(translate(exc), DatabaseUnavailable):
            # Every other query on the page would fail the same way: say it once.
            st.info("The page works again as soon as Neo4j is back: reload it then.")
            st.stop()
    if show:
        show_query(name, params, result)
    return result


def rows_or_error(fetch: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows `fetch` returns; on failure none, the error said on the page in words."""
    try:
        return fetch()
    except Exception as exc:  # every failure is reported on the page
        st.error(text.md_block(describe_error(exc)))
        return []


@contextmanager
def query(
    name: str, params: dict[str, Any] | None = None, *, max_rows: int | None = None
) -> Iterator[Result | None]:
    """Run a named query for the block that shows its answer; its "Show Cypher" follows.

    The block gets the result, or None when the query failed (already said on the page).

    Example:
        with common.query("newest_claims", {"limit": 10}) as newest:
            if newest is not None:
                st.dataframe(newest.frame())
    """
    params = dict(params or {})
    result = run(name, params, show=False, max_rows=max_rows)
    yield result
    show_query(name, params, result)


def run_quiet(name: str, params: dict[str, Any] | None = None) -> Result | None:
    """A named query whose failure the caller reports itself (no message, no expander)."""
    try:
        return _run_named_cached(name, dict(params or {}))
    except Exception:
        return None


def show_query(name: str, params: dict[str, Any], result: Result | None = None) -> None:
    """The "Show Cypher" expander of a named query (with its timing once it has run)."""
    show_cypher(query_text(name), params, name=name, result=result)


def show_cypher(
    cypher: str, params: dict[str, Any], *, name: str | None = None, result: Result | None = None
) -> None:
    """The "Show Cypher" expander: the query text, its parameters and how long it took."""
    title = f"Show Cypher — {name}" if name else "Show Cypher"  # a catalogue name, not data
    with st.expander(title, expanded=False):
        st.code(cypher or "(query text not available)", language="cypher")
        st.caption("Parameters")
        st.code(json.dumps(to_plain(params), indent=2, ensure_ascii=False), language="json")
        if result is not None:
            note = " (truncated)" if result.truncated else ""
            server = f" (Neo4j {result.server_ms:.0f} ms)" if result.server_ms is not None else ""
            st.caption(f"{len(result.rows)} rows{note} in {result.elapsed_ms:.0f} ms{server}")


def show_result(
    result: Result,
    *,
    stem: str,
    graph_key: str,
    download_key: str,
    cut_note: str,
    cut_warning: str,
) -> None:
    """A query's answer shown on request: row count, a table that reads (`ui.result_view`:
    pages, nested values as text, a selected row whole), graph (when the result holds nodes)
    and CSV / JSON downloads named `stem`; `cut_note` and `cut_warning` say what to do when
    the row cap cut the result."""
    note = cut_note if result.truncated else ""
    st.markdown(f"**{len(result.rows)} row(s)** in {result.elapsed_ms:.0f} ms{note}")
    if result.truncated:
        st.warning(cut_warning)
    tabs = st.tabs(["Table", "Graph"] if result.has_graph else ["Table"])
    with tabs[0]:
        # Imported here: ui.result_view uses ui.evidence, which uses this module.
        from ui import result_view

        result_view.show(result.keys, result.rows, key=f"rows-{stem}")
    if result.has_graph:
        with tabs[1]:
            graph.draw(
                graph.build(result.nodes, result.rels), key=graph_key, reuse_key=result.run_id
            )
    download_buttons(result, stem, key=download_key)


# --- Data helpers ------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """A table cell: nodes, relationships, lists and maps as `attrib.values.cell_text` writes
    them (as in the CLI); numbers, text and missing values stay as they are, so the table
    sorts and aligns them as such."""
    return cell_text(value) if isinstance(value, dict | list) else value


def to_frame(keys: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a table; nested values made readable."""
    return pd.DataFrame([{k: _cell(r.get(k)) for k in keys} for r in rows], columns=keys)


def csv_bytes(result: Result) -> bytes:
    return str(result.frame().to_csv(index=False)).encode("utf-8")


def json_bytes(result: Result) -> bytes:
    """The "Download JSON" file: the document `attrib query --format json` prints too."""
    return result_json(result, result.name).encode("utf-8")


def download_buttons(result: Result, stem: str, *, key: str) -> None:
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "Download CSV",
        csv_bytes(result),
        f"{stem}.csv",
        "text/csv",
        key=f"{key}-csv",
        on_click="ignore",
    )
    right.download_button(
        "Download JSON",
        json_bytes(result),
        f"{stem}.json",
        "application/json",
        key=f"{key}-json",
        on_click="ignore",
    )


def source_link(src: Mapping[str, Any]) -> str:
    """A source as Markdown (title, publisher, date): its title links to its `url` when that
    is an http(s) URL (`ui.text.link`); everything else is escaped text."""
    title = src.get("title_en") or src.get("title") or src.get("id") or "source"
    bits = [b for b in (src.get("publisher"), src.get("published")) if b]
    tail = f" — {', '.join(text.md(b) for b in bits)}" if bits else ""
    return f"{text.link(title, src.get('url'))}{tail}"


def explore_link(entity_id: str | None, name: str) -> None:
    """A link that opens the entity on the Explore page (none without an id)."""
    if entity_id:
        st.page_link(
            "views/explore.py",
            label=f"Explore {text.md(name)}",
            icon=":material/search:",
            query_params={"id": entity_id},
        )


# --- Formatting shared by the pages ------------------------------------------------------------

STATUS_COLOURS = {"uncontested": "green", "contested": "orange", "denied": "red"}


def status_badge(status: str) -> str:
    """Markdown for an attribution status badge."""
    return f":{STATUS_COLOURS.get(status, 'gray')}-badge[{text.md(status)}]"


def as_date(iso: Any, *, last: bool = False) -> dt.date | None:
    """A date for a date input from a date as precisely as known: a reduced date ("2021-03",
    "2022") gives the first day of its period, or its last day with `last` (for the end of a
    range); "2021-03-02", a date-time (its day) or a driver date give that day. None for an
    empty or unreadable value. The period is `attrib.values.period_bounds`'.

    Example:
        as_date("2021-03") == dt.date(2021, 3, 1); as_date("2022", last=True) == 2022-12-31
    """
    from attrib.values import period_bounds  # belongs with the module's imports (to move)

    bounds = period_bounds(str(to_plain(iso) or "")[:10])
    return None if bounds is None else bounds[1 if last else 0]
