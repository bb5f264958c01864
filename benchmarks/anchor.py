"""The anchor of a benchmark run: a fixed piece of Python work, timed in the same run.

This machine's 2 cores are shared with other work, so a figure alone says little about the
code: the same page took 0.2 s on a quiet machine and 1.1 s at a load average of 20. Each
run times this fixed work (pure Python, one core: parsing, sorting and formatting, as a page
script does) just before it measures, and the report prints every time figure with its
ratio to the anchor: the figure in "anchor units", which moves much less with the load.

Example:
    >>> anchor_ms = measure()["anchor_ms"]  # 250-320 ms here at a load average of 19
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import time
from typing import Any

ROUNDS = 7


def _work() -> int:
    """The fixed work: a JSON round trip of 20k records, sorted and formatted."""
    rows = [
        {"id": f"claim-{i:06d}", "n": (i * 7919) % 10007, "tag": "x" * (i % 17)}
        for i in range(20_000)
    ]
    back = json.loads(json.dumps(rows))
    back.sort(key=lambda r: (r["n"], r["id"]))
    return len("".join(f"{r['id']}:{r['n']};" for r in back))


def measure() -> dict[str, Any]:
    """The anchor now: the median of ROUNDS timings of the fixed work (ms), when and under
    what load average it was taken."""
    times = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        _work()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "anchor_ms": round(statistics.median(times), 1),
        "anchor_taken": dt.datetime.now().isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
