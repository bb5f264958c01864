"""What every `attrib` command prints: the exit codes, one way to fail, query results.

Results go to stdout (a table for people, JSON or CSV for scripts; the JSON is the document
of `attrib.result_document`, the same as the explorer's download); counts, timing,
truncation and errors go to stderr, so scripts can pipe stdout. Table cells are rendered by
`attrib.values.cell_text`, the same renderer the UI uses.
"""

from __future__ import annotations

import csv
import inspect
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from attrib import db, limits
from attrib.errors import AttribError, ParamError, QueryRefused, translate
from attrib.result_document import result_json
from attrib.runner import QueryOutcome
from attrib.values import cell_text

out = Console()
err = Console(stderr=True)


class ExitCode(IntEnum):
    """Every command's exit codes."""

    OK = 0
    FAILED = 1  # the work failed, timed out, or Neo4j is unreachable
    INVALID = 2  # bad input, parameter or usage: nothing was done
    REFUSED = 3  # a query was refused (it could write, or is not allowed)


def fail(message: str, code: ExitCode = ExitCode.FAILED, label: str = "error") -> typer.Exit:
    """Print `label: message` on one line of stderr; the Exit to raise with `code`."""
    one_line = " ".join(message.split())
    err.print(f"[bold red]{label}:[/] {escape(one_line)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def exit_code_of(exc: AttribError) -> ExitCode:
    """The exit code an error ends a command with."""
    if isinstance(exc, ParamError):
        return ExitCode.INVALID
    if isinstance(exc, QueryRefused):
        return ExitCode.REFUSED
    return ExitCode.FAILED


@contextmanager
def failures_as_exits() -> Iterator[None]:
    """Errors from the core and the driver end the command with one line and its exit code;
    the driver is closed either way."""
    try:
        yield
    except Exception as exc:
        translated = translate(exc)
        if not isinstance(translated, AttribError):
            raise
        label = "refused" if isinstance(translated, QueryRefused) else "error"
        raise fail(translated.message, exit_code_of(translated), label) from None
    finally:
        db.close()


def help_text(command: Any) -> str:
    """A command's docstring as help: paragraphs kept, the docstring's line breaks not (the
    terminal wraps them)."""
    paragraphs = inspect.cleandoc(command.__doc__ or "").split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


WIDE_RESULT_COLUMNS = 6  # more columns than this: one block per row, like psql's \\x


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print_table(outcome: QueryOutcome) -> None:
    """A table; wide results as one field/value block per row. Long values are cut here only
    (JSON and CSV keep them whole). Text(): data is never read as rich markup."""
    if len(outcome.keys) <= WIDE_RESULT_COLUMNS:
        table = Table(show_edge=False)
        for key in outcome.keys:
            table.add_column(Text(key), overflow="fold")
        for row in outcome.rows:
            table.add_row(*(Text(_shorten(cell_text(row[k]), 80)) for k in outcome.keys))
        out.print(table)
        return
    for number, row in enumerate(outcome.rows, 1):
        block = Table(
            title=f"row {number}", title_justify="left", show_header=False, show_edge=False
        )
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for key in outcome.keys:
            block.add_row(Text(key), Text(_shorten(cell_text(row[key]), 2000)))
        out.print(block)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def print_outcome(outcome: QueryOutcome, fmt: OutputFormat) -> None:
    """A query's rows on stdout in `fmt`; the row count, time and truncation on stderr."""
    if fmt is OutputFormat.json:
        # The explorer's "Download JSON" document (attrib.result_document), not bare rows.
        sys.stdout.write(result_json(outcome, outcome.name) + "\n")
    elif fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(outcome.keys)
        for row in outcome.rows:
            writer.writerow(
                [
                    v if isinstance(v, str | int | float) or v is None else _json(v)
                    for v in (row[k] for k in outcome.keys)
                ]
            )
    else:
        _print_table(outcome)
    rows = len(outcome.rows)
    err.print(
        f"{rows} row{'s' if rows != 1 else ''} in {outcome.elapsed_ms:.0f} ms",
        highlight=False,
        soft_wrap=True,
    )
    if outcome.truncated:
        err.print(
            f"[yellow]truncated:[/] only the first {rows} rows are shown; ask for more with "
            f"--max-rows (at most {limits.LIMITS['max_rows'].maximum:g}) or narrow the query.",
            highlight=False,
            soft_wrap=True,
        )


def run_and_print(run: Callable[[], QueryOutcome], fmt: OutputFormat) -> None:
    """Run a runner call and print its outcome; errors end the command (see ExitCode)."""
    with failures_as_exits():
        outcome = run()
    print_outcome(outcome, fmt)
