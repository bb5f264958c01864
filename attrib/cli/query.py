"""`attrib queries`, `attrib query` and `attrib cypher`: the query runner on the command line.

A thin layer over `attrib.runner`: parse `--param k=v`, run, print a table (rich), JSON or
CSV on stdout; row count, timing and truncation go to stderr so scripts can pipe stdout.

Exit codes: 0 success; 1 the query failed, timed out or Neo4j is unreachable; 2 bad
parameters, an unknown query name or usage; 3 the query was refused (it could write, is more
than one statement, or uses LOAD CSV, a SHOW/administration command or a procedure off the
allow-list).
"""

from __future__ import annotations

import difflib
import inspect
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from attrib import limits
from attrib.catalogue import CatalogueError, CatalogueQuery, catalogue
from attrib.cli.id_hints import id_hints
from attrib.cli.output import ExitCode, OutputFormat, err, fail, out, run_and_print
from attrib.runner import QueryOutcome, run_cypher, run_named

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


# --- Query names ----------------------------------------------------------------------------


def _known_query(name: str) -> CatalogueQuery:
    """The catalogue query `name`; bad input (exit 2) naming the close names when there is no
    such query (every name when none is close), before any connection is made."""
    try:
        queries = catalogue()
    except CatalogueError as exc:
        raise fail(str(exc)) from None
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    listed = "them all" if close else f"them: {', '.join(queries)}"
    message = f"There is no query named {name!r}; {hint}`attrib queries` lists {listed}."
    raise fail(message, ExitCode.INVALID)


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
    if name is None:
        try:
            queries = catalogue()
        except CatalogueError as exc:
            raise fail(str(exc)) from None
        for query in queries.values():
            sys.stdout.write(f"{query.name}\t{query.title}\n")
        return
    query = _known_query(name)
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


# The options every query-running command shares, added by `query_command` (sqlite-utils'
# reusable option sets): a command declares only its own arguments.
_SHARED_OPTIONS = (
    ("param", ParamOption, None),
    ("timeout", TimeoutOption, None),
    ("max_rows", MaxRowsOption, None),
    ("fmt", FormatOption, OutputFormat.table),
)
Run = Callable[[dict[str, Any], float | None, int | None], QueryOutcome]


def query_command(*, infer_json: bool) -> Callable[[Callable[..., Run]], Callable[..., None]]:
    """Make a command from a function that returns how to run its query.

    The command gets --param, --timeout, --max-rows and --format; it parses the parameters
    (as JSON when it can, with infer_json), runs the query and prints the outcome.
    """

    def decorate(make_run: Callable[..., Run]) -> Callable[..., None]:
        def command(**kwargs: Any) -> None:
            shared = {name: kwargs.pop(name) for name, _, _ in _SHARED_OPTIONS}
            try:
                params = parse_params(shared["param"], infer_json=infer_json)
            except ValueError as exc:
                raise fail(str(exc), ExitCode.INVALID) from None
            run = make_run(**kwargs)
            timeout, max_rows = shared["timeout"], shared["max_rows"]
            run_and_print(lambda: run(params, timeout, max_rows), shared["fmt"])

        own = inspect.signature(make_run, eval_str=True)
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
            for name, a, d in _SHARED_OPTIONS
        ]
        command.__signature__ = own.replace(  # type: ignore[attr-defined]
            parameters=[*own.parameters.values(), *added], return_annotation=None
        )
        command.__doc__, command.__name__ = make_run.__doc__, make_run.__name__
        return command

    return decorate


@query_command(infer_json=False)
def query_cmd(
    name: Annotated[str, typer.Argument(help="The query name (see `attrib queries`).")],
) -> Run:
    """Run a named query; parameters are converted by their declared types.

    Exit codes: 0 ok, 1 failed / timed out / Neo4j unreachable, 2 bad parameter or unknown
    query name (the close names are listed), 3 refused.

    Example: attrib query competing_attributions --param campaign=exchange-2021 --format json
    """
    query = _known_query(name)  # an unknown name is bad input, told before connecting

    def run(params: dict[str, Any], timeout: float | None, max_rows: int | None) -> QueryOutcome:
        outcome = run_named(name, params, timeout=timeout, max_rows=max_rows)
        if not outcome.rows:  # a name given for an id finds nothing: say so (id_hints)
            for hint in id_hints(query, params):
                err.print(f"[yellow]hint:[/] {escape(hint)}", highlight=False, soft_wrap=True)
        return outcome

    return run


@query_command(infer_json=True)
def cypher_cmd(
    text: Annotated[str, typer.Argument(help="One read-only Cypher statement; - reads stdin.")],
) -> Run:
    """Run your own read-only Cypher, checked first and run with a timeout and a row cap.

    Refused (exit 3): more than one statement, anything that writes or changes the schema,
    LOAD CSV, SHOW/administration commands, procedures off the allow-list. --param values are
    read as JSON when possible (k=5 is a number, k=[1,2] a list, k="5" a string).

    Exit codes: 0 ok, 1 failed / timed out / Neo4j unreachable, 2 bad parameter, 3 refused.

    Example: attrib cypher "MATCH (a:Actor) WHERE a.name = $name RETURN a" --param name=HAFNIUM
    """
    statement = sys.stdin.read() if text == "-" else text
    return lambda params, timeout, max_rows: run_cypher(
        statement, params, timeout=timeout, max_rows=max_rows
    )
