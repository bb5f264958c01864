"""The load benchmark's browserless client (`benchmarks/st_protocol.py`) against a real
`streamlit run`: a page's run ends with its content, a page switch runs the other page, and
an error in the script comes back as an error (not as a finished page)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from benchmarks.st_protocol import ProtocolSession, ScriptRun
from tests.ui_server import streamlit_run

pytestmark = pytest.mark.neo4j

BROKEN_APP = """
import streamlit as st

st.title("Before the failure")
if st.query_params.get("fail") == "alert":
    st.error("Shown as an error on purpose")
elif st.query_params.get("fail") == "raise":
    raise ValueError("broken on purpose")
st.write("After the failure")
"""


def runs(url: str, *steps: tuple[str, str]) -> list[ScriptRun]:
    """One protocol session running the steps (page, query string) one after another."""

    async def go() -> list[ScriptRun]:
        async with ProtocolSession(url, timeout=120) as session:
            return [await session.run(page, query) for page, query in steps]

    return asyncio.run(go())


def test_pages_finish_with_their_content(app_url: str) -> None:
    explore, attributions, front = runs(
        app_url,
        ("explore", "id=hafnium"),
        ("attributions", "campaign=exchange-2021"),
        ("", ""),
    )
    assert explore.status == "FINISHED_SUCCESSFULLY"
    assert explore.errors == []
    assert explore.shows("Explore") and explore.shows("HAFNIUM")
    # the same session switched page: the other page's content, not Explore's
    assert attributions.status == "FINISHED_SUCCESSFULLY"
    assert attributions.errors == []
    assert attributions.shows("Competing attributions")
    assert attributions.shows("2021 Microsoft Exchange Server data breach")
    assert not attributions.shows("Search names and aliases")  # Explore's search box
    assert front.shows("Attribution Explorer") and front.shows("Newest claims")
    assert explore.messages > 0 and explore.bytes > 0


def test_an_error_in_the_script_is_reported(tmp_path: Path) -> None:
    script = tmp_path / "broken_app.py"
    script.write_text(BROKEN_APP, encoding="utf-8")
    with streamlit_run(tmp_path / "streamlit.log", script=script) as url:
        fine, alert, raised = runs(url, ("", ""), ("", "fail=alert"), ("", "fail=raise"))
    assert fine.errors == [] and fine.shows("After the failure")
    assert alert.errors == ["Shown as an error on purpose"]
    # the explorer's config hides an exception's details from the page: its type is kept
    assert len(raised.errors) == 1, raised.texts
    assert raised.shows("Before the failure") and not raised.shows("After the failure")
