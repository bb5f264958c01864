"""The named ("canned") queries: one `cypher/queries/<name>.cypher` file each.

A file starts with a header of `//` comment lines, then the Cypher::

    // title: Search entities by name or alias
    // description: Full-text search over names, aliases and original-language names, ...
    //   (indented `//` lines continue the previous field)
    // param: q (string, required): the name or alias to look for
    // param: limit (integer, default: 25): rows at most
    // Any other comment line is a note for maintainers (why the query is written so): it
    //   and its indented lines stay in the text ("Show Cypher") but never reach the
    //   title, description or parameter help users see.

`{{name}}` and `{{name(var)}}` in the Cypher are rules written once in cypher/fragments/ (the
as-of rule); the catalogue holds the text with them written in (`cypher_text.expand_fragments`).

A `// derive: key (name_key of q): help` line declares a parameter the caller never gives: the
catalogue computes it from another (`DERIVATIONS`), so a rule written in Python (the name fold)
is not written again in Cypher.

A parameter is `required`, `optional` (no default) or has a `default:` value. Parameters
used in the text (`$name`, outside strings and comments) must be exactly those declared in
the header; `tests/test_catalogue.py` checks every file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast, get_args

from attrib.cypher_text import CYPHER_DIR, expand_fragments
from attrib.errors import ParamError
from attrib.names import name_key

QUERIES_DIR = CYPHER_DIR / "queries"
ParamType = Literal["string", "integer", "float", "boolean", "date", "list"]
PARAM_TYPES: tuple[str, ...] = get_args(ParamType)


class CatalogueError(ValueError):
    """A query file's header is malformed (a bug in the repository, not in user input)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType
    required: bool
    default: Any
    description: str


# The functions a `// derive:` line may name: the one place each rule is written.
DERIVATIONS: dict[str, Callable[[Any], Any]] = {"name_key": name_key}


@dataclass(frozen=True)
class Derived:
    """A parameter computed from another (`source`) by `DERIVATIONS[function]`."""

    name: str
    function: str
    source: str
    description: str


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    title: str
    description: str
    params: list[Param]
    text: str  # the whole file, header included (shown by "show Cypher")
    path: Path
    derived: tuple[Derived, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# --- Header --------------------------------------------------------------------------------

_FIELD = re.compile(r"^(title|description|param|derive):\s*(.*)$")
_DERIVE = re.compile(
    r"^(?P<name>\w+)\s*\(\s*(?P<fn>\w+)\s+of\s+(?P<src>\w+)\s*\)\s*:\s*(?P<desc>.+)$"
)
_PARAM = re.compile(
    r"^(?P<name>\w+)\s*\(\s*(?P<type>\w+)\s*,\s*"
    r"(?:(?P<required>required)|(?P<optional>optional)|default:\s*(?P<default>.*?))\s*\)"
    r"\s*:\s*(?P<desc>.+)$"
)


def _header_lines(text: str) -> list[tuple[int, str]]:
    """(line number, content after `//`) of the leading comment block."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        lines.append((number, stripped[2:]))
    return lines


def parse_query_file(path: Path) -> CatalogueQuery:
    """Read one query file and its header.

    Raises:
        CatalogueError: the header lacks a title or description, or a param line is malformed.
    """
    try:  # shared rules (cypher/fragments/: the as-of rule) written into the text
        text = expand_fragments(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CatalogueError(f"{path.name}: {exc}") from None
    fields: dict[str, str] = {}
    params: list[Param] = []
    derived: list[Derived] = []
    current: str | None = None  # the field an indented continuation line belongs to
    for number, content in _header_lines(text):
        where = f"{path.name}:{number}"
        match = _FIELD.match(content.strip())
        if match and not content.startswith("  "):
            key, value = match.groups()
            if key == "param":
                params.append(_parse_param(value, where))
                current = "param"
            elif key == "derive":
                derived.append(_parse_derived(value, where))
                current = None
            else:
                fields[key] = value.strip()
                current = key
        elif content.strip() and not content.startswith("  "):
            current = None  # a maintainer note: it, and lines continuing it, stay unshown
        elif content.strip() and current in ("title", "description"):
            fields[current] += " " + content.strip()
        elif content.strip() and current == "param":
            last = params[-1]
            params[-1] = Param(
                last.name,
                last.type,
                last.required,
                last.default,
                f"{last.description} {content.strip()}",
            )
    for key in ("title", "description"):
        if not fields.get(key):
            raise CatalogueError(f"{path.name}: the header has no `// {key}:` line")
    names = [p.name for p in params] + [d.name for d in derived]
    unknown = [d.source for d in derived if d.source not in names]
    if unknown:
        raise CatalogueError(
            f"{path.name}: a derived parameter's source {unknown[0]!r} is no param"
        )
    if len(names) != len(set(names)):
        raise CatalogueError(f"{path.name}: a parameter is declared twice ({', '.join(names)})")
    return CatalogueQuery(
        name=path.stem,
        title=fields["title"],
        description=fields["description"],
        params=params,
        text=text,
        path=path,
        derived=tuple(derived),
    )


def _parse_derived(spec: str, where: str) -> Derived:
    match = _DERIVE.match(spec.strip())
    if not match or match["fn"] not in DERIVATIONS:
        raise CatalogueError(
            f"{where}: cannot read the derive line {spec!r}; expected "
            f"`name (function of param): description`, function one of {', '.join(DERIVATIONS)}"
        )
    return Derived(match["name"], match["fn"], match["src"], match["desc"].strip())


def _parse_param(spec: str, where: str) -> Param:
    match = _PARAM.match(spec.strip())
    if not match:
        raise CatalogueError(
            f"{where}: cannot read the param line {spec!r}; expected "
            "`name (type, required|optional|default: value): description`"
        )
    name, ptype = match["name"], match["type"]
    if ptype not in PARAM_TYPES:
        raise CatalogueError(
            f"{where}: parameter {name!r} has unknown type {ptype!r} "
            f"(one of {', '.join(PARAM_TYPES)})"
        )
    default = None
    if match["default"] is not None:
        raw = match["default"].strip()
        if raw.lower() not in ("null", "none", ""):
            if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
                raw = raw[1:-1]
            try:
                default = _convert(ptype, raw)
            except ValueError as exc:
                raise CatalogueError(f"{where}: default of {name!r}: {exc}") from None
    return Param(
        name, cast(ParamType, ptype), match["required"] is not None, default, match["desc"].strip()
    )


# --- The catalogue ---------------------------------------------------------------------------


@cache
def catalogue() -> dict[str, CatalogueQuery]:
    """Every named query, by name (sorted), read once per process."""
    return {p.stem: parse_query_file(p) for p in sorted(QUERIES_DIR.glob("*.cypher"))}


# --- Parameters: strings from the CLI or a form -> typed values ----------------------------

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _convert(ptype: str, value: Any) -> Any:
    """One value to `ptype`; ValueError with a short reason when it cannot be."""
    if ptype == "string":
        if isinstance(value, list | dict):
            raise ValueError(f"expected text, got {value!r}")
        return str(value).strip()
    if ptype == "integer":
        if isinstance(value, bool):
            raise ValueError(f"expected a whole number, got {value!r}")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        raise ValueError(f"expected a whole number, got {value!r}")
    if ptype == "float":
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if ptype == "boolean":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError(f"expected true or false, got {value!r}")
    if ptype == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if hasattr(value, "to_native"):  # neo4j.time.Date
            return _convert("date", value.to_native())
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
    if ptype == "list":
        if isinstance(value, list | tuple):
            return list(value)
        text = str(value).strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError:
                raise ValueError(f"expected a JSON list, got {value!r}") from None
            if not isinstance(parsed, list):
                raise ValueError(f"expected a list, got {value!r}")
            return parsed
        return [item.strip() for item in text.split(",") if item.strip()]
    raise ValueError(f"unknown parameter type {ptype!r}")


def coerce_params(query: CatalogueQuery, raw: dict[str, Any] | None) -> dict[str, Any]:
    """Validate and convert raw values (strings from the CLI or a form) for `query`.

    Missing or empty optional parameters get their defaults; every declared parameter is in
    the result, so the Cypher can test `$x IS NULL`.

    Raises:
        ParamError: naming the parameter that is unknown, missing or of the wrong type.

    Example:
        coerce_params(catalogue()["neighbourhood"], {"id": "hafnium", "hops": "2"})
    """
    raw = dict(raw or {})
    declared = {p.name for p in query.params}
    for name in raw:
        if name not in declared:
            takes = ", ".join(sorted(declared)) or "no parameters"
            raise ParamError(
                f"unknown parameter {name!r} for query {query.name!r} (it takes: {takes})",
                query.text,
                name,
            )
    out: dict[str, Any] = {}
    for param in query.params:
        value = raw.get(param.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if param.required:
                raise ParamError(
                    f"parameter {param.name!r} is required: {param.description}",
                    query.text,
                    param.name,
                )
            out[param.name] = param.default
            continue
        try:
            out[param.name] = _convert(param.type, value)
        except ValueError as exc:
            raise ParamError(
                f"parameter {param.name!r} ({param.type}): {exc}", query.text, param.name
            ) from None
    for derived in query.derived:
        source = out[derived.source]
        out[derived.name] = None if source is None else DERIVATIONS[derived.function](source)
    return out
