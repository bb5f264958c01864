"""A load in a child process that reports each written batch, and may kill itself at one.

    python -m tests.load_child <seed dir> <batch size> [--wipe] [--force] [--kill-at N]
                               [--kill-before-resolution]

Prints `batch <n>` after each committed batch (a parent can act on it, e.g. kill the server)
and, with `--kill-at N`, sends itself SIGKILL right after batch N: a kill -9 mid-load that no
`finally` or `atexit` sees. With `--kill-before-resolution` it sends itself SIGKILL once every
record is written, as the identity resolution starts (loader.load calls write_resolution).
"""

from __future__ import annotations

import argparse
import os
import signal
from pathlib import Path

import loader.load
from loader.load import load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("batch_size", type=int)
    parser.add_argument("--wipe", action="store_true")
    parser.add_argument("--force", action="store_true")  # even an unchanged input is written
    parser.add_argument("--kill-at", type=int, default=0)
    parser.add_argument("--kill-before-resolution", action="store_true")
    args = parser.parse_args()
    if args.kill_before_resolution:

        def killed(*_args: object, **_kwargs: object) -> None:
            print("records written; killed before the resolution", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

        loader.load.write_resolution = killed  # type: ignore[assignment]
    batches = 0

    def progress(_rows: int) -> None:
        nonlocal batches
        batches += 1
        print(f"batch {batches}", flush=True)
        if batches == args.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    outcome = load(
        [args.path],
        wipe_first=args.wipe,
        batch_size=args.batch_size,
        progress=progress,
        force=args.force,
    )
    assert outcome.report is not None
    totals = outcome.report.totals()
    print(f"done created={totals.created} updated={totals.updated}", flush=True)


if __name__ == "__main__":
    main()
