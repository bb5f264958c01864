"""`attrib queries`, `attrib query` and `attrib cypher`: the query runner on the command line.

A thin layer over `attrib.runner`: parse `--param k=v`, run, print a table (rich), JSON or
CSV on stdout; row count, timing and truncation go to stderr so scripts can pipe stdout.

Exit codes: 0 success; 1 the query failed, timed out or Neo4j is unreachable; 2 bad
parameters or usage; 3 the query was refused (it could write, is more than one statement,
or uses LOAD CSV, a SHOW/administration command or a procedure off the allow-list).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from attrib import limits
from attrib.catalogue import CatalogueError, catalogue
from attrib.cli.output import ExitCode, OutputFormat, fail, out, run_and_print
from attrib.runner import run_cypher, run_named

ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        "-p",
        help="A parameter as name=value; repeat for more.",
        show_default=False,
    ),
]


def _limit_option(flag: str, name: str) -> Any:
    """A --flag for one of attrib.limits.LIMITS, with its help text and lower bound."""
    limit = limits.LIMITS[name]
    return typer.Option(flag, help=limit.help, min=limit.minimum, show_default=False)


TimeoutOption = Annotated[float | None, _limit_option("--timeout", "timeout_seconds")]
MaxRowsOption = Annotated[int | None, _limit_option("--max-rows", "max_rows")]
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
        raise fail(str(exc)) from None
    if name is None:
        for query in queries.values():
            sys.stdout.write(f"{query.name}\t{query.title}\n")
        return
    if name not in queries:
        raise fail(f"no query named {name!r}; `attrib queries` lists them", ExitCode.INVALID)
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
        raise fail(str(exc), ExitCode.INVALID) from None
    run_and_print(lambda: run_named(name, params, timeout=timeout, max_rows=max_rows), fmt)


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
        raise fail(str(exc), ExitCode.INVALID) from None
    run_and_print(lambda: run_cypher(text, params, timeout=timeout, max_rows=max_rows), fmt)
