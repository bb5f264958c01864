"""Queries: the catalogue of named queries, each with a form built from its declared params.

Pick a query, fill the form, run it: a table, a graph when the result holds nodes,
relationships or paths, and CSV / JSON downloads. Parameters are converted and checked by
`attrib.catalogue.coerce_params` inside the runner, so a bad value gets the runner's message.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import streamlit as st

from attrib import catalogue as cat
from ui import common

RUN_KEY = "queries:run"

st.title("Queries")
st.caption("Named, reviewed queries from `cypher/queries/`. Each runs read-only, with a timeout.")

queries = cat.catalogue()
if not queries:
    st.warning("The catalogue is empty: no `cypher/queries/*.cypher` files were found.")
    st.stop()

names = list(queries)
wanted = st.query_params.get("query")
name = st.selectbox(
    "Query",
    names,
    index=names.index(wanted) if wanted in names else 0,
    format_func=lambda n: f"{queries[n].title}  ·  {n}",
    key="queries_name",
)
st.query_params["query"] = name
query = queries[name]
st.markdown(query.description)


def example(param: cat.Param) -> str | None:
    """The example a parameter's description gives ("…, e.g. exchange-2021")."""
    match = re.search(r"e\.g\.\s*(.+?)\)?\s*$", param.description)
    return match.group(1).strip() if match else None


def field(param: cat.Param) -> Any:
    """One form input for a declared parameter; returns the raw value (None: not given)."""
    label = f"{param.name} ({param.type}{', required' if param.required else ''})"
    key = f"qp-{name}-{param.name}"
    hint = example(param)
    if param.type == "integer":
        default = param.default if param.default is not None else None
        return st.number_input(label, value=default, step=1, help=param.description, key=key)
    if param.type == "float":
        return st.number_input(label, value=param.default, help=param.description, key=key)
    if param.type == "boolean":
        if param.default is None and not param.required:
            choice = st.selectbox(
                label, ["(not set)", "true", "false"], help=param.description, key=key
            )
            return None if choice == "(not set)" else choice
        return st.checkbox(label, value=bool(param.default), help=param.description, key=key)
    if param.type == "date":
        default = param.default
        if default is None and param.required and hint:
            default = common.as_date(hint)
        value = st.date_input(label, value=default, help=param.description, key=key)
        return value.isoformat() if isinstance(value, dt.date) else None
    # string and list: text (a list as comma-separated values or a JSON list)
    default = "" if param.default is None else str(param.default)
    if not default and param.required and hint:
        default = hint
    return (
        st.text_input(label, value=default, placeholder=hint or "", help=param.description, key=key)
        or None
    )


with st.form(f"query-form-{name}"):
    raw: dict[str, Any] = {}
    for param in query.params:
        value = field(param)
        if value is not None:
            raw[param.name] = value
    if not query.params:
        st.caption("This query takes no parameters.")
    submitted = st.form_submit_button("Run query", type="primary")
if submitted:
    st.session_state[RUN_KEY] = {"name": name, "params": raw}

last = st.session_state.get(RUN_KEY)
if last and last["name"] == name:
    with common.query(name, last["params"]) as result:
        if result is not None:
            common.show_result(
                result,
                stem=name,
                graph_key=f"query-graph-{name}",
                download_key=f"dl-{name}",
                cut_note=" — truncated: more rows exist than the cap",
                cut_warning="The result was cut at the row cap; narrow the query or lower `limit`.",
            )
else:
    common.show_query(name, raw)
