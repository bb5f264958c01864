"""Attribution Explorer, the Streamlit pages: run by `ui/app.py` (`streamlit run ui/app.py`).

The entry point only sets up the page and the navigation; each page lives in `ui/views/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `streamlit run ui/app.py` puts ui/, not the repo, on the path
    sys.path.insert(0, str(REPO))

import streamlit as st  # noqa: E402

st.set_page_config(page_title="Attribution Explorer", page_icon="🔎", layout="wide")

PAGE_SPECS = [
    ("overview", "views/overview.py", "Overview", ":material/dashboard:"),
    ("search", "views/search.py", "Search", ":material/manage_search:"),
    ("explore", "views/explore.py", "Explore", ":material/search:"),
    ("attributions", "views/attributions.py", "Attributions", ":material/balance:"),
    ("identity", "views/identity.py", "Identity", ":material/fingerprint:"),
    ("actor", "views/actor.py", "Actor", ":material/groups:"),
    ("timeline", "views/timeline.py", "Timeline", ":material/timeline:"),
    ("lag", "views/lag.py", "Lag", ":material/schedule:"),
    ("queries", "views/queries.py", "Queries", ":material/list_alt:"),
    ("console", "views/console.py", "Cypher console", ":material/terminal:"),
    ("claim", "views/claim.py", "Claim", ":material/fact_check:"),
]

# Pages link to each other by path (`st.page_link("views/explore.py")`), not by these objects.
pages = [
    st.Page(path, title=title, icon=icon, url_path=slug, default=slug == "overview")
    for slug, path, title, icon in PAGE_SPECS
]

with st.sidebar:
    st.markdown("**Attribution Explorer**  \nWho says who did what, how sure, and who denies it.")

st.navigation(pages).run()
