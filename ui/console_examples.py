"""The Cypher console's example queries: one `cypher/console/<name>.cypher` file each.

A file starts with a `// title:` line (the button's label) and, when the example needs
parameters, a `// params:` line holding them as a JSON object; the Cypher follows. The
examples are listed in file-name order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from attrib.cypher_text import CYPHER_DIR, read

EXAMPLES_DIR = CYPHER_DIR / "console"
_HEADER = re.compile(r"^//\s*(title|params):\s*(.*)$")


@dataclass(frozen=True)
class Example:
    title: str
    text: str  # the Cypher put in the editor (the header left out)
    params: str  # the parameters box's text: a JSON object, "{}" when there are none


def parse(text: str, where: str) -> Example:
    """One example file's header and Cypher; ValueError if the header lacks a title."""
    fields: dict[str, str] = {}
    lines = text.splitlines()
    while lines and (match := _HEADER.match(lines[0].strip())):
        fields[match[1]] = match[2].strip()
        lines.pop(0)
    if not fields.get("title"):
        raise ValueError(f"{where}: the example has no `// title:` line")
    params = fields.get("params", "{}")
    try:
        value = json.loads(params)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: `// params:` is not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise ValueError(f"{where}: `// params:` must be a JSON object")
    return Example(fields["title"], "\n".join(lines).strip(), params)


@cache
def examples() -> dict[str, Example]:
    """Every example, by title, in file-name order (read once per process)."""
    found = [
        parse(read(f"console/{path.name}"), path.name)
        for path in sorted(EXAMPLES_DIR.glob("*.cypher"))
    ]
    return {example.title: example for example in found}
