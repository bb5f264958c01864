"""EuRepoC's initiator strings read as the names, persons, sponsors and parents they hold.

One `attributed_initiator` (or `initiator_name`) cell packs several statements:
- `Fancy Bear/APT28/Sofacy/.../Group G0007 (GRU, 85th Main Special Service Center (GTsSS)
  Military Unit 26165)`: one group's names, separated by `/` (the first is EuRepoC's primary
  name), an ATT&CK id among them, and in the closing brackets its sponsors and units;
- `Yuriy Sergeyevich Andrienko (Юрий Сергеевич Андриенко) --> Sandworm/...`: a person (his
  name in another script in brackets) who belongs to a group;
- `APT41/... < Winnti Umbrella/G0044`: a group that is part of another;
- `['Not available']`, `[['APT28']]`: Python list literals, read as their items.

The raw string is kept on the records; what it says becomes naming, sponsorship, membership
and part-of statements by EuRepoC (loader.sources.eurepoc.planning).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from attrib.names import name_key
from loader.sources.eurepoc.csvfile import is_absent, split_top

ATTACK_ID = re.compile(r"^(?:Group\s+)?(G\d{4})$", re.IGNORECASE)
MEMBER_OF = "-->"
PART_OF = "<"


@dataclass(frozen=True)
class Group:
    """A group as one initiator string names it."""

    names: tuple[str, ...]  # the first is the primary name
    external_ids: tuple[str, ...] = ()  # ATT&CK group ids among the names (G0034)
    sponsors: tuple[str, ...] = ()  # the bracketed sponsors and units (GRU, Unit 74455)

    @property
    def key(self) -> str:
        return name_key(self.names[0])


@dataclass(frozen=True)
class Person:
    names: tuple[str, ...]  # the name, then the same name in other scripts

    @property
    def key(self) -> str:
        return name_key(self.names[0])


@dataclass(frozen=True)
class Initiator:
    """What one initiator string says: the attributed party, and what it belongs to."""

    raw: str
    target: Group | Person  # who the attribution names
    member_of: Group | None = None  # a person's group (`-->`)
    part_of: Group | None = None  # a group's parent group (`<`)

    def groups(self) -> list[Group]:
        found = [self.target, self.member_of, self.part_of]
        return [g for g in found if isinstance(g, Group)]


def _trailing_brackets(text: str) -> tuple[str, str | None]:
    """("head", "inner") when the text ends with a bracketed part, else (text, None)."""
    text = text.strip()
    if not text.endswith(")"):
        return text, None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            head = text[:i].strip()
            return (head, text[i + 1 : -1].strip()) if head else (text, None)
    return text, None  # unbalanced: the whole text is the name


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split("/") if n.strip() and not is_absent(n.strip())]


def parse_group(text: str) -> Group | None:
    """A group's names, ATT&CK ids and sponsors; None when it names nothing."""
    head, inner = _trailing_brackets(text)
    names = _names(head)
    if not names:
        return None
    ids = tuple(dict.fromkeys(m.group(1).upper() for n in names if (m := ATTACK_ID.match(n))))
    names = [ATTACK_ID.sub(lambda m: m.group(1).upper(), n) for n in names]
    if not inner:
        return Group(tuple(dict.fromkeys(names)), ids)
    if len(names) > 1 or ids:  # a list of a group's names: the brackets sponsor it
        sponsors = tuple(
            s.strip() for part in split_top(inner, ";") for s in split_top(part, ",")
            if s.strip() and not is_absent(s.strip())
        )  # fmt: skip
        return Group(tuple(dict.fromkeys(names)), ids, sponsors)
    # one name with brackets ("Ministry of Intelligence and Security (MOIS; Iran)"): the
    # brackets are part of the name; a short capitalised first part is its abbreviation
    whole = text.strip()
    short = split_top(inner, ";")[0].strip() if inner else ""
    aliases = [short] if short and len(short) <= 12 and short.upper() == short else []
    return Group(tuple(dict.fromkeys([whole, *aliases])), ids)


def parse_person(text: str) -> Person | None:
    head, inner = _trailing_brackets(text)
    if not head or is_absent(head):
        return None
    other = [n.strip() for n in split_top(inner, ",")] if inner else []
    return Person(tuple(dict.fromkeys([head, *[n for n in other if n and not is_absent(n)]])))


@lru_cache(maxsize=8192)  # the release repeats a string once per entry, country and category
def parse_initiator(text: str) -> Initiator | None:
    """What one initiator string says (module docstring); None when it names no one."""
    raw = text.strip()
    if is_absent(raw):
        return None
    tied: tuple[tuple[str, Callable[[str], Group | Person | None], str], ...] = (
        (MEMBER_OF, parse_person, "member_of"),  # a person of a group
        (PART_OF, parse_group, "part_of"),  # a group of a larger one
    )
    for separator, parse_left, tie in tied:
        if separator in raw:
            left, right = raw.split(separator, 1)
            child, parent = parse_left(left), parse_group(right)
            if child is None:
                return Initiator(raw, parent) if parent else None
            return Initiator(raw, child, **{tie: parent})
    group = parse_group(raw)
    return Initiator(raw, group) if group else None
