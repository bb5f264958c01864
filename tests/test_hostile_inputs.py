"""The hostile inputs of the corpus, each through the real `attrib load` in a subprocess.

These once crashed the loader (a segfault at 100,000 levels of nesting), hung it (a FIFO,
`/dev/zero`), ran it for minutes (a billion laughs) or grew it to 14 GB; a subprocess is the only
place where a crash, a hang or runaway memory shows as a failed test rather than a dead test
run. Each runs under a 1 GB address-space limit and a timeout; its peak memory (the child's own
`ru_maxrss`) must stay at or under 500 MB, and it must exit 2 naming the place.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from attrib.fingerprint import Fingerprint, graph_fingerprint
from tests.bad_inputs import BAD_INPUTS, BadInput, materialise, names_the_place

pytestmark = pytest.mark.neo4j

MEMORY_LIMIT = 2**30  # address space of the child: a runaway fails fast instead of swapping
PEAK_RSS_MB = 500  # issue 12: a hostile input costs at most this much memory
TIMEOUT_S = 180  # generous on a loaded 2-core machine; the worst case takes ~20 s alone


@dataclass(frozen=True)
class Run:
    returncode: int  # negative: killed by that signal (e.g. -11, a segfault)
    output: str
    peak_rss_mb: float
    seconds: float


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_guarded(args: list[str], log: Path) -> Run:
    """`python -m attrib.cli *args` under the memory limit; killed after TIMEOUT_S."""
    start = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "attrib.cli", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_limit_memory,  # runs in the child before exec: the limit is its own
        )
        while True:  # wait4: the rusage of this child alone, not of every child so far
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > TIMEOUT_S:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return Run(
        proc.returncode,
        log.read_text(errors="replace"),
        usage.ru_maxrss / 1024,  # kilobytes on Linux
        time.monotonic() - start,
    )


HEAVY = [c for c in BAD_INPUTS if c.heavy]


@pytest.mark.parametrize("case", HEAVY, ids=lambda c: f"{c.kind}-{c.name}")
def test_hostile_input_is_refused_in_bounded_memory_and_time(
    tmp_path: Path, case: BadInput, seeded_graph: Fingerprint
) -> None:
    inputs = tmp_path / "input"
    inputs.mkdir()
    paths = materialise(case, inputs)
    run = run_guarded(["load", *map(str, paths)], tmp_path / "out.log")
    print(f"{case.name}: exit {run.returncode}, {run.peak_rss_mb:.0f} MB, {run.seconds:.1f} s")
    assert run.returncode == 2, run.output[-3000:]
    assert "nothing was written" in run.output
    assert names_the_place(run.output, case), run.output[-3000:]
    assert run.peak_rss_mb <= PEAK_RSS_MB
    assert graph_fingerprint() == seeded_graph


def test_a_hundred_thousand_problems_print_a_summary_not_300k_lines(
    tmp_path: Path, seeded_graph: Fingerprint
) -> None:
    (case,) = [c for c in HEAVY if c.name == "100k_bad_records"]
    inputs = tmp_path / "input"
    inputs.mkdir()
    run = run_guarded(["load", *map(str, materialise(case, inputs))], tmp_path / "out.log")
    assert run.returncode == 2
    assert len(run.output.splitlines()) < 300
    assert "... and 199,800 more problems of these kinds: 'name' (99,900), 'nme' (99,900)" in (
        run.output
    )
