"""What the AppTest tests share: open a page of the explorer, read what it shows.

(The `fresh_cache` fixture is in conftest.py.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui import text

APP = Path(__file__).resolve().parent.parent / "ui" / "explorer.py"  # the pages
TIMEOUT = 90


def texts(at: AppTest) -> str:
    """Every markdown, caption, alert and heading on the page, as one string (data shown as
    text is escaped Markdown: read as the user sees it, `ui.text.plain`)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "header"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.subheader]
    return text.plain("\n".join(parts))


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at
