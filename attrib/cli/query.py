"""`attrib queries`, `attrib query` and `attrib cypher`: the query runner on the command line.

A thin layer over `attrib.runner`: parse `--param k=v`, run, print a table (rich), JSON or
CSV on stdout; row count, timing and truncation go to stderr so scripts can pipe stdout.
Registered on the main app by `attrib.cli` with `register(app)`.

Exit codes: 0 success; 1 the query failed, timed out or Neo4j is unreachable; 2 bad
parameters or usage; 3 the query was refused (it could write, is more than one statement,
or uses LOAD CSV, a SHOW/administration command or a procedure off the allow-list).
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from attrib import db, limits
from attrib.catalogue import CatalogueError, catalogue
from attrib.errors import ParamError, QueryError, QueryRefused
from attrib.runner import QueryOutcome, run_cypher, run_named

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3

out = Console()
err = Console(stderr=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="A parameter as name=value; repeat for more.",
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help=limits.LIMITS["timeout_seconds"].help,
        min=limits.LIMITS["timeout_seconds"].minimum,
        show_default=False,
    ),
]
MaxRowsOption = Annotated[
    int | None,
    typer.Option(
        "--max-rows",
        help=limits.LIMITS["max_rows"].help,
        min=int(limits.LIMITS["max_rows"].minimum),
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table for people, json or csv for scripts."),
]


# --- Parameters -----------------------------------------------------------------------------


def parse_params(pairs: list[str] | None, *, infer_json: bool) -> dict[str, Any]:
    """`["k=v", ...]` -> `{"k": "v"}`; with infer_json, values are read as JSON when they can be.

    `k=5` -> 5, `k="x"` -> "x", `k=[1,2]` -> [1, 2], `k=true` -> True, `k=hafnium` -> "hafnium".

    Raises:
        ValueError: a pair has no `=` or an empty name.
    """
    params: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"--param {pair!r}: expected name=value, e.g. --param id=hafnium")
        if infer_json:
            try:
                params[name] = json.loads(value)
            except json.JSONDecodeError:
                params[name] = value
        else:
            params[name] = value
    return params


# --- Output ---------------------------------------------------------------------------------


def _json_default(value: Any) -> str:
    return str(value)


def _cell(value: Any) -> str:
    """One value as table text: nodes by name and label, relationships by type, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, dict):
        if "_labels" in value:
            label = value["_labels"][0] if value["_labels"] else "node"
            shown = value.get("name") or value.get("id") or value.get("_id")
            return f"{shown} ({label})"
        if "_type" in value:
            return f":{value['_type']}"
        if set(value) == {"nodes", "relationships"}:
            return " - ".join(_cell(n) for n in value["nodes"])
    if isinstance(value, list) and all(
        isinstance(v, str | int | float | bool) or v is None for v in value
    ):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        # e.g. sources or denials: one line each, fields that have a value
        return "\n".join(
            "• " + "; ".join(f"{k}: {_cell(v)}" for k, v in item.items() if v not in (None, ""))
            for item in value
        )
    return json.dumps(value, ensure_ascii=False, default=_json_default)


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
            table.add_row(*(Text(_shorten(_cell(row[k]), 80)) for k in outcome.keys))
        out.print(table)
        return
    for number, row in enumerate(outcome.rows, 1):
        block = Table(
            title=f"row {number}", title_justify="left", show_header=False, show_edge=False
        )
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for key in outcome.keys:
            block.add_row(Text(key), Text(_shorten(_cell(row[key]), 2000)))
        out.print(block)


def _print_outcome(outcome: QueryOutcome, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        sys.stdout.write(
            json.dumps(outcome.rows, ensure_ascii=False, indent=2, default=_json_default) + "\n"
        )
    elif fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(outcome.keys)
        for row in outcome.rows:
            writer.writerow(
                [
                    v
                    if isinstance(v, str | int | float) or v is None
                    else json.dumps(v, ensure_ascii=False, default=_json_default)
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


def _fail(message: str, code: int, label: str = "error") -> typer.Exit:
    one_line = " ".join(message.split())
    err.print(f"[bold red]{label}:[/] {escape(one_line)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _run_and_print(run: Any, fmt: OutputFormat) -> None:
    """Run a runner call, print its outcome, and map its errors to exit codes."""
    try:
        outcome = run()
    except ParamError as exc:
        raise _fail(exc.message, EXIT_USAGE) from None
    except QueryRefused as exc:
        raise _fail(exc.message, EXIT_REFUSED, "refused") from None
    except QueryError as exc:
        raise _fail(exc.message, EXIT_FAILED) from None
    finally:
        db.close()
    _print_outcome(outcome, fmt)


# --- Commands -------------------------------------------------------------------------------


def queries_cmd(
    name: Annotated[
        str | None,
        typer.Argument(help="Show one query's description and parameters.", show_default=False),
    ] = None,
) -> None:
    """List the named queries, one per line: name, a tab, its title.

    With a NAME, print that query's description and parameters instead.

    Example: attrib queries competing_attributions
    """
    try:
        queries = catalogue()
    except CatalogueError as exc:
        raise _fail(str(exc), EXIT_FAILED) from None
    if name is None:
        for query in queries.values():
            sys.stdout.write(f"{query.name}\t{query.title}\n")
        return
    if name not in queries:
        raise _fail(f"no query named {name!r}; `attrib queries` lists them", EXIT_USAGE)
    query = queries[name]
    out.print(f"[bold]{query.name}[/]: {escape(query.title)}", highlight=False)
    out.print(query.description, highlight=False, markup=False)
    if query.params:
        table = Table("param", "type", "required / default", "description", show_edge=False)
        for p in query.params:
            need = "required" if p.required else f"default: {p.default}"
            table.add_row(p.name, p.type, Text(need), Text(p.description))
        out.print(table)
    else:
        out.print("No parameters.")


def query_cmd(
    name: Annotated[str, typer.Argument(help="The query name (see `attrib queries`).")],
    param: ParamOption = None,
    timeout: TimeoutOption = None,
    max_rows: MaxRowsOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run a named query; parameters are converted by their declared types.

    Exit codes: 0 ok, 1 failed / timed out / Neo4j unreachable, 2 bad parameter, 3 refused.

    Example: attrib query competing_attributions --param campaign=exchange-2021 --format json
    """
    try:
        params = parse_params(param, infer_json=False)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    _run_and_print(lambda: run_named(name, params, timeout=timeout, max_rows=max_rows), fmt)


def cypher_cmd(
    text: Annotated[str, typer.Argument(help="One read-only Cypher statement; - reads stdin.")],
    param: ParamOption = None,
    timeout: TimeoutOption = None,
    max_rows: MaxRowsOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run your own read-only Cypher, checked first and run with a timeout and a row cap.

    Refused (exit 3): more than one statement, anything that writes or changes the schema,
    LOAD CSV, SHOW/administration commands, procedures off the allow-list. --param values are
    read as JSON when possible (k=5 is a number, k=[1,2] a list, k="5" a string).

    Exit codes: 0 ok, 1 failed / timed out / Neo4j unreachable, 2 bad parameter, 3 refused.

    Example: attrib cypher "MATCH (a:Actor) WHERE a.name = $name RETURN a" --param name=HAFNIUM
    """
    if text == "-":
        text = sys.stdin.read()
    try:
        params = parse_params(param, infer_json=True)
    except ValueError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    _run_and_print(lambda: run_cypher(text, params, timeout=timeout, max_rows=max_rows), fmt)


def register(app: typer.Typer) -> None:
    """Add `queries`, `query` and `cypher` to the main `attrib` app."""
    app.command("queries")(queries_cmd)
    app.command("query")(query_cmd)
    app.command("cypher")(cypher_cmd)
