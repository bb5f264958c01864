"""The actor page's persons and groups: who belongs to the actor, what it is part of, what is
part of it (`cypher/identity/actor_ties.cypher`), each with the dataset that says so."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from attrib import cypher_text, limits
from attrib.identity import attributions
from attrib.identity.resolve import Actor
from ui import common, identity_policy, tables

TIES_LIMIT = 500
TIE_WORDS = {"member": "belongs to it", "part of": "it is part of", "holds": "is part of it"}
# Widths (px) that keep who, how tied, according to whom and the sources in view at 1,280 px;
# the text it was read from wraps (and is whole in the selected row).
TIE_COLUMNS = {
    "tie": st.column_config.TextColumn(width=95),
    "name": st.column_config.TextColumn(width=190),
    "kind": st.column_config.TextColumn(width=65),
    "according to": st.column_config.TextColumn(width=90),
    "as written": st.column_config.TextColumn(width=230),
    "sources": st.column_config.TextColumn(width=150),
}


@st.cache_data(ttl=identity_policy.TTL_SECONDS, show_spinner=False, max_entries=64)
def actor_ties(records: tuple[str, ...]) -> list[dict[str, Any]]:
    """The persons and groups tied to these records by PART_OF."""
    return attributions.actor_ties(list(records), TIES_LIMIT, timeout=limits.timeout_seconds())


def ties_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "tie": TIE_WORDS.get(r["tie"], r["tie"]),
                "name": r["name"],
                "kind": r["label"],
                "according to": r["dataset"],
                "as written": r.get("as_written") or "",
                "sources": "; ".join(r.get("sources") or []),
            }
            for r in rows
        ]
    )


def show(actor: Actor) -> None:
    """The section: a table, or "None."."""
    params = {"records": list(actor.members), "limit": TIES_LIMIT}
    rows = common.rows_or_error(lambda: actor_ties(tuple(actor.members)))
    st.subheader(f"Persons and groups ({len(rows)})")
    st.caption(
        "People a dataset says belong to this actor (EuRepoC: “person --> group”), the groups "
        "it is part of and the groups part of it (“group < parent”). Its sponsors and units "
        "are state links, in the table below."
    )
    if rows:
        tables.show(ties_table(rows), key="actor-ties", config=TIE_COLUMNS)
    else:
        st.caption("None.")
    common.show_cypher(cypher_text.read(attributions.TIES_QUERY), params, name="actor_ties")
