"""Cypher as text: the files under cypher/, one lexer, parameters, statements, label slots.

Cypher lives in .cypher files; this module reads them and is the one place that looks inside
Cypher text: `code_only` (the lexer: strings, backtick names and comments blanked out) serves
`named_parameters`, `single_statement` and `statements`; `render` fills a file's `{label}`-style
slots, only ever with names from the fixed lists the caller passes; `expand_fragments` writes
the shared fragments of cypher/fragments/ (the as-of rule) into a query's text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path

from attrib.errors import QueryRefused

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"


@cache
def read(relative: str) -> str:
    """The text of cypher/<relative> (e.g. "load/merge_nodes.cypher"), cached."""
    return (CYPHER_DIR / relative).read_text(encoding="utf-8")


def _literals(text: str) -> Iterator[tuple[int, int, bool]]:
    """The lexer: (start, end, is_comment) of every string, backtick name and comment."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" and ch != "`" else 1
            yield i, min(j + 1, n), False
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            yield i, j, True
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j == -1 else j + 2
            yield i, j, True
            i = j
        else:
            i += 1


def code_only(text: str) -> str:
    """`text` with string literals, backtick names and comments blanked out (same length).

    Newlines are kept, so positions and line numbers still match the original. Used to find
    `$params` and statement-separating `;` without being fooled by `'a;b'` or `// $x`.
    """
    out = list(text)
    for start, end, _ in _literals(text):
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "
    return "".join(out)


def strip_comments(text: str) -> str:
    """`text` without its comments (strings and backtick names kept as written)."""
    kept, at = [], 0
    for start, end, is_comment in _literals(text):
        if is_comment:
            kept.append(text[at:start])
            at = end
    kept.append(text[at:])
    return "".join(kept)


def named_parameters(text: str) -> set[str]:
    """The `$name` parameters a Cypher text uses (not those inside strings or comments)."""
    return set(re.findall(r"\$(\w+)", code_only(text)))


def single_statement(text: str) -> str:
    """The statement of `text` without a trailing `;`.

    Raises:
        QueryRefused: the text is empty, or a `;` outside strings and comments is followed
            by more code (a second statement).
    """
    code = code_only(text)
    if not code.replace(";", " ").strip():
        raise QueryRefused("The query is empty: type a Cypher statement.", text)
    first = code.find(";")
    # Leading text is kept as typed, so positions in Neo4j's error messages still match it.
    if first == -1:
        return text.rstrip()
    if code[first + 1 :].replace(";", " ").strip():
        line = code.count("\n", 0, first) + 1
        raise QueryRefused(
            f"Only one statement can run at a time: there is more after the ';' on line {line}.",
            text,
        )
    return text[:first].rstrip()


def split_statements(text: str) -> list[str]:
    """The ;-separated statements of a text, comments removed (a `;` in a string is kept)."""
    text = strip_comments(text)
    code = code_only(text)
    cuts = [-1, *(i for i, ch in enumerate(code) if ch == ";"), len(text)]
    parts = (text[a + 1 : b].strip() for a, b in pairwise(cuts))
    return [part for part in parts if part]


def statements(relative: str) -> list[str]:
    """The ;-separated statements of a file such as schema.cypher, comments removed."""
    return split_statements(read(relative))


_SLOT = re.compile(r"\{(\w+)\}")


def render(relative: str, allowed: Collection[str], **slots: str) -> str:
    """The file cypher/<relative> with its `{slot}`s filled in.

    Labels and relationship types cannot be query parameters, so they are written into the
    text. Every value must be a name from `allowed` (the caller's fixed list in code, never
    input), or several joined by ":" (`Actor:Entity`); every slot must be filled.

    Raises:
        ValueError: a name is not in `allowed`, or a slot has no value.

    Example:
        render("load/merge_nodes.cypher", NODE_LABELS, label="Actor", labels="Actor:Entity")
    """
    for slot, value in slots.items():
        bad = [name for name in value.split(":") if name not in allowed]
        if bad:
            raise ValueError(f"{relative}: {slot}={value!r}: {bad[0]!r} is not a known name")
    text = read(relative)
    code = code_only(text)  # slots in comments and strings stay as written
    found = list(_SLOT.finditer(code))
    missing = {m.group(1) for m in found} - set(slots)
    if missing:
        raise ValueError(f"{relative}: no value for {', '.join(sorted(missing))}")
    out, at = [], 0
    for match in found:
        out += [text[at : match.start()], slots[match.group(1)]]
        at = match.end()
    return "".join([*out, text[at:]])


# --- Fragments: a rule written once in cypher/fragments/, used by many queries ------------------

FRAGMENTS_DIR = CYPHER_DIR / "fragments"
_FRAGMENT_HEAD = re.compile(r"^//\s*fragment:\s*(\w+)\s*$")
_FRAGMENT_USE = re.compile(r"\{\{(\w+)(?:\((\w+)\))?\}\}")


@cache
def fragments() -> dict[str, str]:
    """Every fragment of cypher/fragments/*.cypher by name: the code lines after a
    `// fragment: <name>` line, up to the next comment line or the end of the file.

    Raises:
        ValueError: a name is defined twice or has no code.
    """
    found: dict[str, str] = {}
    for path in sorted(FRAGMENTS_DIR.glob("*.cypher")):
        name: str | None = None
        for line in [*path.read_text(encoding="utf-8").splitlines(), "//"]:
            head = _FRAGMENT_HEAD.match(line.strip())
            if line.strip().startswith("//"):
                if name is not None and not found.get(name):
                    raise ValueError(f"{path.name}: fragment {name!r} has no code")
                name = None
                if head:
                    if head.group(1) in found:
                        raise ValueError(f"{path.name}: fragment {head.group(1)!r} defined twice")
                    name = head.group(1)
                    found[name] = ""
            elif name is not None and line.strip():
                found[name] += ("\n" if found[name] else "") + line.rstrip()
    return found


def expand_fragments(text: str) -> str:
    """`text` with each `{{name}}` or `{{name(var)}}` (outside comments and strings) replaced
    by the fragment `name`, its `{x}` slots filled with the variable `var`.

    The text a query runs, and that "Show Cypher" shows, is the expanded one. A fragment's
    continuation lines are indented to where it was used.

    Raises:
        ValueError: an unknown fragment, or a variable missing or given where none is taken.

    Example:
        expand_fragments("WHERE {{claim_known(c)}}")
    """
    known = fragments()
    code = code_only(text)
    out, at = [], 0
    for match in _FRAGMENT_USE.finditer(code):
        name, var = match.groups()
        if name not in known:
            raise ValueError(f"unknown fragment {{{{{name}}}}} (known: {', '.join(known)})")
        body = known[name]
        if ("{x}" in body) != (var is not None):
            raise ValueError(
                f"fragment {name!r}: {'a variable' if var is None else 'no variable'} is expected"
            )
        body = body.replace("{x}", var or "")
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        body = body.replace("\n", "\n" + " " * column)
        out += [text[at : match.start()], body]
        at = match.end()
    return "".join([*out, text[at:]])
