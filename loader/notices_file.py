"""The problems file of a third-party load: every record skipped or repaired, one CSV row each.

Written beside the local server's data directory (`.data/load-problems/` by default, or the
directory `ATTRIB_PROBLEMS_DIR` names), one file per load, so a load never overwrites the
record of an earlier one; `attrib load` prints its path.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from attrib.local_server.state import data_dir
from loader.sources.contract import Notice

ENV_PROBLEMS_DIR = "ATTRIB_PROBLEMS_DIR"
COLUMNS = ("action", "file", "line", "record", "field", "message")


def problems_dir() -> Path:
    """`$ATTRIB_PROBLEMS_DIR`, else `load-problems/` beside the data directory."""
    env = os.environ.get(ENV_PROBLEMS_DIR)
    return Path(env).expanduser() if env else data_dir().parent / "load-problems"


def write_notices(notices: Sequence[Notice], source: str, path: Path | None = None) -> Path:
    """Write the notices as CSV (COLUMNS) to `path`, or to a new file in `problems_dir()`.

    Example:
        >>> write_notices(read.notices, "eurepoc")  # doctest: +SKIP
        PosixPath('.data/load-problems/eurepoc-20261207T181500Z.csv')
    """
    if path is None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = problems_dir() / f"{source}-{stamp}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for notice in notices:
            p = notice.problem
            writer.writerow([notice.action, p.file, p.line or "", p.record, p.field, p.message])
    return path
