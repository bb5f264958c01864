"""Checks run inside the compose stack's `ui` container (docker/compose-test.sh pipes this file
to `python -` there): the app's own code against the stack's Neo4j, with the UI's environment.

    python - first TOKEN    the seed is served, typed Cypher cannot write, the runaway check is
                            the server's; leaves a marker node holding TOKEN
    python - again TOKEN    after `down` and `up`: the marker and the database are the same

Prints one `ok:` line per check; the first failure is one `FAIL:` line and exit status 1.
"""

from __future__ import annotations

import sys
from typing import Any

from attrib import db, runner
from attrib.errors import QueryRefused
from attrib.identity.policy import POLICY_FILE
from loader.registry import REGISTRY_DIR

MARKER = "ComposeCheckMarker"  # a label no loader writes: survives `attrib load` (no --wipe)
# The runner's longest time limit: a fresh server plans cold (seconds per query), and CI shares
# its cores; these checks are about what is answered, not how fast.
TIMEOUT = 60.0


def fail(message: str) -> None:
    print(f"FAIL: {message}", flush=True)
    raise SystemExit(1)


def ok(message: str) -> None:
    print(f"ok: {message}", flush=True)


def refused(text: str, params: dict[str, Any] | None = None) -> str:
    """The runner's refusal message for `text`; a failure if it ran."""
    try:
        runner.run_cypher(text, params, timeout=TIMEOUT)
    except QueryRefused as exc:
        return exc.message
    except Exception as exc:  # any other ending (ran and failed, crashed) fails the check too
        fail(f"typed Cypher was not refused by the runner, it failed otherwise: {text}: {exc!r}")
    fail(f"typed Cypher was not refused: {text}")
    raise AssertionError  # unreachable: fail() exits


def image_holds_what_the_app_reads() -> None:
    """Files read at run time from the repository root: the Dockerfile must copy them too."""
    for path in (POLICY_FILE, REGISTRY_DIR):
        if not path.exists():
            fail(f"{path} is not in the app image (the Dockerfile does not copy it)")
    ok(f"the app image holds {POLICY_FILE.name} and {REGISTRY_DIR.name}/")


def seed_is_served() -> None:
    rows = runner.run_named(
        "competing_attributions", {"campaign": "exchange-2021"}, timeout=TIMEOUT
    ).rows
    if not rows:
        fail("competing_attributions for exchange-2021 returned no rows: the seed is not there")
    found = runner.run_named("search", {"q": "HAFNIUM"}, timeout=TIMEOUT).rows
    if not any("HAFNIUM" in str(row.get("name", "")) for row in found):
        fail(f"search 'HAFNIUM' did not find the actor: {found[:3]}")
    ok(f"catalogue queries answer from the seed ({len(rows)} attribution rows for exchange-2021)")


def typed_cypher_cannot_write() -> None:
    before = count_markers()
    for text in (
        f"CREATE (n:{MARKER} {{token: 'typed'}}) RETURN n",
        "MATCH (a:Actor) SET a.name = 'overwritten' RETURN count(a)",
        "MATCH (a:Actor) DETACH DELETE a",
    ):
        message = refused(text)
        if "read" not in message.lower():
            fail(f"{text!r} was refused, but not as a write: {message}")
    if count_markers() != before:
        fail("a refused CREATE left a node behind")
    ok("typed Cypher that writes is refused (CREATE, SET, DELETE) and nothing was written")


def runaway_check_is_the_servers() -> None:
    message = refused(
        "RETURN reduce(total = 0, x IN range(1, $n) | total + x) AS total", {"n": 10**10}
    )
    if "could keep Neo4j busy" not in message:
        # "This Neo4j has no runaway check": the guard plugin is not loaded from /plugins
        fail(f"the runaway check did not answer from the server: {message}")
    ok("a runaway expression is refused by attrib.checkRunaway (the guard plugin in /plugins)")


def count_markers(token: str | None = None) -> int:
    text = f"MATCH (m:{MARKER}) WHERE $token IS NULL OR m.token = $token RETURN count(m) AS n"
    return int(db.read(text, {"token": token}, max_rows=1).records[0]["n"])


def store_created() -> str:
    return str(
        db.read("CALL db.info() YIELD creationDate RETURN creationDate", max_rows=1).records[0][0]
    )


def leave_marker(token: str) -> None:
    db.run_write(
        f"CREATE (:{MARKER} {{token: $token, created: $created}})",
        {"token": token, "created": store_created()},
    )
    ok(f"marker {token} written (database created {store_created()})")


def marker_survived(token: str) -> None:
    found = db.read(
        f"MATCH (m:{MARKER} {{token: $token}}) RETURN m.created AS created",
        {"token": token},
        max_rows=2,
    ).records
    if len(found) != 1:
        fail(
            f"the marker {token} written before `docker compose down` is gone ({len(found)} found)"
        )
    if found[0]["created"] != store_created():
        fail(f"the database was created anew ({store_created()}, was {found[0]['created']})")
    ok(f"marker {token} and the database (created {found[0]['created']}) survived down and up")


def main(phase: str, token: str) -> None:
    seed_is_served()
    if phase == "first":
        image_holds_what_the_app_reads()
        typed_cypher_cannot_write()
        runaway_check_is_the_servers()
        leave_marker(token)
    elif phase == "again":
        marker_survived(token)
    else:
        fail(f"unknown phase {phase!r} (first or again)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
