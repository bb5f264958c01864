"""results.json -> the Pages and Load parts of the report (`benchmarks/load_test.py`'s figures),
and where any part's figures come from: its run's date, machine and anchor."""

from __future__ import annotations

from typing import Any

from benchmarks.report_kit import goal, row


def run_of(results: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """The run entry a part was measured in: the part's own machine and anchor if it carries
    them (the load benchmark's), else those of the run its `run` stamp names; {} if none."""
    stamp = part.get("run") or part.get("measured")
    found = next((r for r in results.get("runs", []) if r.get("started") == stamp), {})
    own = {k: part[k] for k in ("machine", "anchor_ms", "load_average") if k in part}
    return {**found, **own, "started": stamp} if stamp else {}


def provenance(results: dict[str, Any], part: dict[str, Any]) -> str:
    """One sentence: when, on what machine, and the anchor of that run."""
    run = run_of(results, part)
    if not run:
        return "Measured by a run that was not recorded."
    mach = run.get("machine", {})
    where = (
        f"on {mach.get('cpu', '?')} ({mach.get('cores', '?')} cores, "
        f"{mach.get('memory_gb', '?')} GB)"
        if mach
        else "machine not recorded"
    )
    if run.get("anchor_ms") is None:
        return f"Measured {run['started']} {where}; no anchor (taken before anchors were)."
    load = run.get("load_average", run.get("load_before"))
    return (
        f"Measured {run['started']} {where}; anchor {run['anchor_ms']:g} ms (load average {load})."
    )


def per_anchor(results: dict[str, Any], part: dict[str, Any], seconds: float | None) -> str:
    """A time in anchor units (seconds / the anchor of its run), or "-" without an anchor."""
    anchor_ms = run_of(results, part).get("anchor_ms")
    if seconds is None or not anchor_ms:
        return "-"
    return f"{seconds * 1000 / anchor_ms:.2f}"


def _goal(
    results: dict[str, Any],
    part: dict[str, Any],
    name: str,
    target: str,
    measured: str,
    met: bool,
    where: str,
    seconds: float | None,
    why: str,
) -> dict[str, Any]:
    measured += f" — why: {why}" if not met and why else ""
    return goal(
        name, target, measured, met, where, part.get("run"), per_anchor(results, part, seconds)
    )


def cpu_per_step(load: dict[str, Any]) -> float | None:
    """The UI process's CPU seconds per protocol step under load (browser steps included)."""
    steps = load["step_s"]["n"] + sum(
        e["shown"]["n"] for e in ((load.get("browser") or {}).get("by_step") or {}).values()
    )
    cpu = load.get("cpu_s", {}).get("ui")
    return round(cpu / steps, 3) if cpu is not None and steps else None


def evaluate(results: dict[str, Any], goals: dict[str, Any]) -> list[dict[str, Any]]:
    """The goals of the pages and the load on the real record."""
    out: list[dict[str, Any]] = []
    pages = results.get("pages")
    if pages:
        by = pages["by_step"]
        actor = by.get("actor", {})
        load_avg = pages.get("load_average")
        cores = run_of(results, pages).get("machine", {}).get("cores", "?")
        limit = goals["actor_p95_s"]
        out.append(
            _goal(
                results,
                pages,
                "actor page, server-side time alone (real record)",
                f"p95 <= {limit * 1000:g} ms",
                f"p95 {actor.get('p95', 0) * 1000:.0f} ms (p50 {actor.get('p50', 0) * 1000:.0f}"
                f" ms, {actor.get('n', 0)} runs)",
                actor.get("p95") is not None and actor["p95"] <= limit,
                "pages.by_step.actor",
                actor.get("p95"),
                f"the page cost the UI process and Neo4j {_s(actor.get('cpu_p50'))} CPU s (p50; "
                f"p95 {_s(actor.get('cpu_p95'))}); the rest of its time it waited for a core: "
                f"load average {load_avg} on {cores} cores",
            )
        )
        limit = goals["page_p95_s"]
        over = sorted(n for n, p in by.items() if p["p95"] is None or p["p95"] > limit)
        worst = max(by.items(), key=lambda kv: kv[1]["p95"] or 0)
        out.append(
            _goal(
                results,
                pages,
                "every page, server-side time alone (real record)",
                f"p95 <= {limit:g} s",
                f"worst {worst[0]} {worst[1]['p95']:g} s"
                + (f"; over: {', '.join(over)}" if over else "")
                + (f"; {pages['errors']} errors" if pages.get("errors") else ""),
                not over and not pages.get("errors"),
                "pages.by_step",
                worst[1]["p95"],
                f"{worst[0]} cost the UI process and Neo4j {_s(worst[1].get('cpu_p50'))} CPU s "
                f"(p50; p95 {_s(worst[1].get('cpu_p95'))}); the rest of its time it waited for "
                f"a core: load average {load_avg} on {cores} cores",
            )
        )
    load = results.get("load")
    if load:
        limit = goals["step_p95_s"]
        by = load["by_step"]
        over = sorted(n for n, s in by.items() if s["p95"] is None or s["p95"] > limit)
        api_errors = (load.get("api") or {}).get("error_count", 0)
        browser_errors = (load.get("browser") or {}).get("errors", 0)
        errors = load["errors"] + api_errors + browser_errors
        cpu = cpu_per_step(load)
        wall = load["wall_s"]
        why = (
            f"the UI process used {cpu:g} CPU s per step, and it runs every session's script "
            f"in one Python interpreter (one core at a time): a round of {load['sessions']} "
            f"sessions' steps needs {cpu * load['sessions']:.2f} s of that core at the least; "
            f"beside it Neo4j used {load['cpu_s'].get('neo4j')} CPU s and the API clients "
            f"{load['cpu_s'].get('api')} CPU s in {wall:g} s, on a machine at load average "
            f"{load['load_average_before']} -> {load['load_average_after']}"
            if cpu is not None
            else ""
        )
        out.append(
            _goal(
                results,
                load,
                f"{load['sessions']} protocol sessions + {load['api_clients']} API clients, "
                f"{load['seconds']:g} s (real record)",
                f"p95 <= {limit:g} s per step, {goals['errors']} errors",
                f"p95 {load['step_s']['p95']:g} s over all steps (p50 {load['step_s']['p50']:g} "
                f"s); worst step p95 {max((s['p95'] or 0) for s in by.values()):g} s"
                + (f"; over: {', '.join(over)}" if over else "")
                + f"; errors: {load['errors']} UI, {api_errors} API, {browser_errors} browser",
                not over and errors == goals["errors"],
                "load.by_step",
                load["step_s"]["p95"],
                why,
            )
        )
    return out


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:g}"


def sections(results: dict[str, Any]) -> list[str]:
    """The Markdown of the Pages and Load sections."""
    lines: list[str] = []
    pages = results.get("pages")
    if pages:
        lines += [
            "",
            f"## Pages (real record: {pages.get('record', '?')})",
            "",
            provenance(results, pages),
            "",
            "One protocol-level session (`benchmarks/st_protocol.py`: Streamlit's websocket, no",
            "browser) asks for each page's address: the time from its `rerun_script` to the",
            "`script_finished` that ends the page's run, i.e. the server's whole run of the page",
            "script. First: the first run of each page on a freshly started UI server (cold",
            f"caches); then {pages['runs_each']} runs of each page, one page after another, "
            "nothing else running.",
            "",
            row(
                "page",
                "address",
                "first s",
                "p50 s",
                "p95 s",
                "max s",
                "p95 x anchor",
                "server CPU p50 / p95 s",
            ),
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, p in pages["by_step"].items():
            lines.append(
                row(
                    name,
                    f"`{p['address']}`",
                    _s(p.get("first_s")),
                    _s(p["p50"]),
                    _s(p["p95"]),
                    _s(p["max"]),
                    per_anchor(results, pages, p["p95"]),
                    f"{_s(p.get('cpu_p50'))} / {_s(p.get('cpu_p95'))}",
                )
            )
        lines += [
            "",
            "Server CPU: the CPU seconds the UI process and Neo4j used during the page's run",
            "(one session alone), less what they use when idle "
            f"({_s(pages.get('server_background_cpu_per_s'))} CPU s per second): what the page",
            "costs on a machine with a core free for it.",
        ]
        if pages.get("first_run_errors"):
            lines += ["", f"First runs' errors: {'; '.join(pages['first_run_errors'])}"]
        if pages.get("errors"):
            lines += ["", f"Errors: {pages['errors']}: {'; '.join(pages['error_examples'])}"]
    load = results.get("load")
    if load:
        alone = (pages or {}).get("by_step", {})
        lines += [
            "",
            f"## Load (real record: {load.get('record', '?')})",
            "",
            provenance(results, load),
            "",
            f"{load['sessions']} protocol-level sessions step through the pages above (each from "
            f"another page) beside {load['api_clients']} API clients (catalogue queries and "
            "console Cypher through `attrib.runner`, in their own process) and one Chromium "
            f"tab loading the same addresses, for {load['seconds']:g} s ({load['wall_s']:g} s "
            "until the last step ended). A step is an error if its page shows an exception or "
            "an st.error or lacks its expected text. 'x alone': the step's p95 over the p95 "
            "of the same page alone (section Pages), measured in the same run.",
            "",
            row("step", "n", "p50 s", "p95 s", "max s", "x alone", "p95 x anchor"),
            "|---|---|---|---|---|---|---|",
        ]
        for name, s in [("all steps", load["step_s"]), *load["by_step"].items()]:
            base = alone.get(name, {}).get("p95")
            ratio = f"{s['p95'] / base:.1f}" if base and s["p95"] is not None else "-"
            lines.append(
                row(
                    name,
                    s["n"],
                    _s(s["p50"]),
                    _s(s["p95"]),
                    _s(s["max"]),
                    ratio,
                    per_anchor(results, load, s["p95"]),
                )
            )
        api = load.get("api") or {}
        if api:
            lat = api["latency_s"]
            lines += [
                "",
                f"API clients: {api['queries']:,} queries ({api['qps']:g}/s), p50 "
                f"{_s(lat['p50'])} s, p95 {_s(lat['p95'])} s, {api['error_count']} errors.",
            ]
        lines += [
            "",
            "Errors: "
            + (
                f"{load['errors']}: {'; '.join(load['error_examples'])}"
                if load["errors"]
                else "none"
            )
            + ".",
            "",
            row("process", "peak RSS MB", "RSS MB at the end", "CPU s"),
            "|---|---|---|---|",
        ]
        labels = {"clients": "protocol sessions (the benchmark's process)"}
        for proc, peak in load["rss_mb_peak"].items():
            lines.append(
                row(
                    labels.get(proc, proc),
                    _s(peak),
                    _s(load["rss_mb_end"].get(proc)),
                    _s(load["cpu_s"].get(proc)),
                )
            )
        browser = (load.get("browser") or {}).get("by_step") or {}
        if browser:
            lines += [
                "",
                "The real browser beside them: its own `rerun_script` -> `script_finished` time",
                "(read from its websocket frames: the span a protocol step measures) and the time",
                "until the page was drawn and idle, against the protocol sessions' steps of the",
                "same page in the same seconds:",
                "",
                row(
                    "page",
                    "browser steps",
                    "browser protocol p50 s",
                    "browser drawn p50 s",
                    "protocol sessions p50 s",
                ),
                "|---|---|---|---|---|",
            ]
            for name, b in browser.items():
                lines.append(
                    row(
                        name,
                        b["shown"]["n"],
                        _s(b["protocol"]["p50"]),
                        _s(b["shown"]["p50"]),
                        _s(load["by_step"].get(name, {}).get("p50")),
                    )
                )
    return lines
