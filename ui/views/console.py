"""Cypher console: run your own read-only Cypher, safely.

Goes through `attrib.runner.run_cypher`: one statement, EXPLAIN first and refused unless it
only reads, a READ transaction, a timeout and a row cap (the limits of `attrib.limits`).
Anything that would write is refused with the runner's message, and nothing runs.
"""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from attrib.limits import LIMITS
from ui import common, console_examples, text

OUT_KEY = "console:outcome"
EXAMPLES = console_examples.examples()

st.title("Cypher console")
st.caption(
    "Read-only: a statement that could write, change the schema, load files or call a "
    "procedure off the allow-list is refused before it runs."
)

st.caption(
    "Limits (from `attrib.limits`): "
    + "; ".join(f"**{limit.name}** — {limit.help.rstrip('.')}" for limit in LIMITS.values())
    + "."
)


def use_example(title: str) -> None:
    st.session_state["console_text"] = EXAMPLES[title].text
    st.session_state["console_params"] = EXAMPLES[title].params


with st.popover("Examples"):
    for title in EXAMPLES:
        st.button(title, on_click=use_example, args=(title,), key=f"example-{title}")

st.session_state.setdefault("console_text", next(iter(EXAMPLES.values())).text)
st.session_state.setdefault("console_params", "{}")
cypher = st.text_area("Cypher", key="console_text", height=160)
left, mid, right = st.columns([3, 1, 1])
params_text = left.text_area("Parameters (JSON object)", key="console_params", height=68)
t_limit, r_limit = LIMITS["timeout_seconds"], LIMITS["max_rows"]
timeout = mid.number_input(
    "Timeout (s)",
    min_value=float(t_limit.minimum),
    max_value=float(t_limit.maximum),
    value=float(t_limit.default),
    help=t_limit.help,
    key="console_timeout",
)
max_rows = right.number_input(
    "Max rows",
    min_value=int(r_limit.minimum),
    max_value=int(r_limit.maximum),
    value=int(r_limit.default),
    step=100,
    help=r_limit.help,
    key="console_max_rows",
)


def parse_params(raw: str) -> dict[str, Any]:
    """The parameters box as a dict; ValueError with a readable reason."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"The parameters are not valid JSON: {exc.msg} (line {exc.lineno})."
        ) from None
    if not isinstance(value, dict):
        raise ValueError('The parameters must be a JSON object, e.g. {"id": "hafnium"}.')
    return value


if st.button("Run", type="primary", key="console_run"):
    outcome: dict[str, Any] = {"text": cypher, "params": {}}
    try:
        outcome["params"] = parse_params(params_text)
        outcome["result"] = common.run_console(
            cypher, outcome["params"], timeout=timeout, max_rows=int(max_rows)
        )
    except ValueError as exc:
        outcome["error"] = str(exc)
        outcome["kind"] = "params"
    except Exception as exc:  # the runner's errors carry a message for people
        outcome["error"] = common.describe_error(exc)
        outcome["kind"] = type(exc).__name__
    st.session_state[OUT_KEY] = outcome

done = st.session_state.get(OUT_KEY)
if done:
    result: common.Result | None = done.get("result")
    if "error" in done:
        st.error(text.md_block(done["error"]), icon=":material/block:")
        if done.get("kind") == "QueryRefused":
            st.caption("Nothing was run: the graph is unchanged.")
    elif result is not None:
        common.show_result(
            result,
            stem="console",
            graph_key="console-graph",
            download_key="dl-console",
            cut_note=" — truncated at the row cap",
            cut_warning=(
                f"More rows exist: only the first {len(result.rows)} are shown. Raise "
                f"“Max rows” (at most {r_limit.maximum:g}) or narrow the query."
            ),
        )
    common.show_cypher(done["text"], done["params"], result=result)
