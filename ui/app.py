"""Attribution Explorer: `streamlit run ui/app.py` (or `attrib ui`) serves `ui/explorer.py`.

This file is the ASGI entry Streamlit finds (`app = st.App(...)`): it wraps the explorer with
a Host allow-list, so the UI answers only the names it is served as. Without it a web page the
analyst visits could rebind its own name to 127.0.0.1 (DNS rebinding) and read the explorer:
Streamlit's same-origin check passes when Host and Origin are both the attacker's name.
Allowed: 127.0.0.1, localhost, ::1 and the names in $ATTRIB_UI_HOSTS (comma-separated, for
docker compose or a reverse proxy); anything else gets 400 on HTTP and a refused websocket.
At start it warms the explorer (ui/warmup.py) so the first user does not wait.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `streamlit run ui/app.py` puts ui/, not the repo, on the path
    sys.path.insert(0, str(REPO))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.trustedhost import TrustedHostMiddleware  # noqa: E402

from ui import warmup  # noqa: E402
from ui.hosts import allowed_hosts  # noqa: E402

app = st.App(
    Path(__file__).with_name("explorer.py"),
    lifespan=warmup.lifespan,  # modules, the first pages' queries and every plan, at start
    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts())],
)
