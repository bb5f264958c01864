"""Explore's graph and its "Path to…" picker, with Streamlit's AppTest on the seeded graph.

The drawing is a custom component AppTest cannot render: the tests read what it was
given (`st.session_state["graph:<key>"]`, see ui/graph.py) and what the page writes as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from attrib import catalogue as cat
from attrib.fingerprint import Fingerprint
from ui import graph_paths, text

pytestmark = pytest.mark.neo4j

APP = Path(__file__).resolve().parent.parent / "ui" / "explorer.py"
HOOD = "graph:explore-graph-hafnium"
PATHS = "graph:explore-path-graph-hafnium"


@pytest.fixture
def hafnium(seeded_graph: Fingerprint) -> Iterator[AppTest]:
    """The Explore page opened on HAFNIUM, with no cached answers from other tests."""
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    at.query_params["id"] = "hafnium"
    at.switch_page("views/explore.py").run()
    assert not at.exception, at.exception
    yield at
    st.cache_data.clear()


def page_text(at: AppTest) -> str:
    return text.plain("\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info]))


def paths_shown(at: AppTest) -> list[str]:
    """The paths listed under "Path to…", one line each, as the reader sees them."""
    lines = [
        line[2:].replace("`", "")
        for m in at.markdown
        for line in text.plain(str(m.value)).splitlines()
        if line.startswith("- ") and " —`" in line
    ]
    return lines


def test_the_trivial_links_of_the_query_are_the_pages_fixed_list() -> None:
    avoid = next(p for p in cat.catalogue()["shortest_path"].params if p.name == "avoid")
    assert tuple(avoid.default) == graph_paths.TRIVIAL_LINKS


def test_path_to_mss_does_not_go_through_china_unless_asked(hafnium: AppTest) -> None:
    at = hafnium
    assert "Path to…" in [t.label for t in at.tabs]
    at.text_input(key="explore_path_q").input("Ministry of State Security").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="explore_path_to").value == "mss"
    drawn = at.session_state[PATHS]
    assert {"hafnium", "mss"} <= set(drawn["ids"])
    assert "china" not in drawn["ids"]
    assert "2 shortest path(s)" not in page_text(at)
    assert paths_shown(at) == [
        "HAFNIUM —CONCERNS— UK attributes the Exchange attack to Chinese state-backed groups"
        " —CONCERNS— Ministry of State Security"
    ]
    # Trivial links let in: "both are in China" is as short, so it is shown too.
    at.toggle(key="explore_path_trivial").set_value(True).run()
    assert not at.exception and not at.error
    assert "china" in at.session_state[PATHS]["ids"]
    shown = paths_shown(at)
    assert "HAFNIUM —OPERATES_FROM— China —LOCATED_IN— Ministry of State Security" in shown
    assert len(shown) == 2


def test_claims_are_drawn_as_labelled_edges_by_default(hafnium: AppTest) -> None:
    drawn = hafnium.session_state[HOOD]
    assert "Claim" not in drawn["by_label"]
    # SolarWinds is two hops away (through the claim) but drawn at the claim's edge.
    assert "solarwinds-2020" in drawn["ids"]
    assert any(
        c.startswith("Microsoft: NOT linked (non-attribution)") for c in drawn["claim_edges"]
    )
    assert "Microsoft: attribution, High" in drawn["claim_edges"]
    # Drawn dashed, and the caption under the graph says what dashes mean.
    assert any(c.startswith("Microsoft: NOT linked (non-attribution)") for c in drawn["dashed"])
    assert "Microsoft: attribution, High" not in drawn["dashed"]
    assert "Dashed: denials and non-attributions." in page_text(hafnium)
    hafnium.toggle(key="explore_claims_as_edges").set_value(False).run()
    as_nodes = hafnium.session_state[HOOD]
    assert as_nodes["by_label"]["Claim"] > 0 and not as_nodes["claim_edges"]
    assert any(c.startswith("Microsoft: NOT linked") for c in as_nodes["captions"])


def test_the_node_limit_has_show_more(hafnium: AppTest) -> None:
    at = hafnium
    at.slider(key="explore_cap").set_value(10).run()
    first = at.session_state[HOOD]
    assert first["nodes"] == 10 and first["dropped_nodes"] > 0
    more = next(b for b in at.button if b.key == "explore_more")
    assert f"({first['dropped_nodes']} not drawn)" in more.label
    more.click().run()
    assert at.slider(key="explore_cap").value == 50
    assert at.session_state[HOOD]["nodes"] > 10


def test_a_clicked_node_adds_its_neighbours(hafnium: AppTest) -> None:
    """The click as the drawing reports it (its `last_event`), as the page reads it."""
    at = hafnium
    before = at.session_state[HOOD]
    assert "mss" not in before["ids"]
    china = next(n for n in at.session_state["_graph_payloads"][HOOD[6:]][1]["nodes"]
                 if n["caption"] == "China")  # fmt: skip
    at.session_state["explore-graph-hafnium"] = {
        "last_event": {"type": "node_click", "id": china["id"], "n": 1}
    }
    at.run()
    assert not at.exception, at.exception
    after = at.session_state[HOOD]
    assert after["nodes"] > before["nodes"] and "mss" in after["ids"]
    assert at.session_state["explore-expanded:hafnium"] == ["china"]
    at.button(key="explore_reset").click().run()
    assert at.session_state[HOOD]["nodes"] == before["nodes"]
