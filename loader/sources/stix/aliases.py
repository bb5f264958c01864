"""One actor, many names: resolve imported actors (and countries) onto the ones already known.

Vendors name the same group differently (HAFNIUM / Silk Typhoon; APT10 / menuPass / Stone
Panda / POTASSIUM / Red Apollo). An imported actor whose name or any alias folds (see
`loader.plan.name_key`: case, spaces and punctuation ignored) to a name or alias of exactly one
known actor *is* that actor: the importer writes no second node, points every relationship at
the known one, and records the link as an alias claim (which keeps the STIX id, so later
bundles that only reference the id still find the actor, and whose `name_keys` make the new
names findable). "Known" means in the database (actor names and aliases, and the names of
alias claims) or earlier in the same input. A name that matches two different actors is a
conflict: reported as a problem naming both, never guessed.

Countries are simpler: a STIX location with `country` is the Country node with that ISO code.

Example:
    >>> found = resolve_actors(
    ...     [ActorNames("f.json", "objects[0]", "intrusion-set--1", "Silk Typhoon", ())],
    ...     lambda keys: {"silktyphoon": [("hafnium", "HAFNIUM", "")]},
    ... )
    >>> found.node_of["intrusion-set--1"]
    'hafnium'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from attrib import cypher_text, db
from attrib.names import name_key
from loader.problems import Problem

# name key -> [(node id, display name, via)] of the known actors that carry that name; `via` is
# the id of the alias claim that gives the name ("" for the actor's own name or alias)
KnownActors = Callable[[set[str]], dict[str, list[tuple[str, str, str]]]]
# ISO code -> (node id, name) of the known country
KnownCountries = Callable[[set[str]], dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class ActorNames:
    """An imported actor's names, and where it is for messages."""

    file: str
    record: str
    stix_id: str
    name: str
    aliases: tuple[str, ...]

    def names(self) -> list[tuple[str, str]]:
        """(STIX field, name) pairs: name first, then aliases[i]."""
        return [("name", self.name)] + [(f"aliases[{i}]", a) for i, a in enumerate(self.aliases)]


@dataclass
class ActorResolution:
    node_of: dict[str, str] = field(default_factory=dict)  # STIX id -> node id (itself if new)
    resolved: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (node id, name)
    new_names: dict[str, list[str]] = field(default_factory=dict)  # names the known one lacks
    problems: list[Problem] = field(default_factory=list)


def resolve_actors(
    actors: list[ActorNames],
    known: KnownActors | None,
    existing_ids: frozenset[str] = frozenset(),
) -> ActorResolution:
    """Decide, in input order, which imported actors are actors already known.

    Args:
        actors: the input's actors (intrusion sets and threat actors), in input order.
        known: looks name keys up in the database (None: nothing is known there).
        existing_ids: STIX ids that are nodes already (a re-import): they stay themselves.
    """
    out = ActorResolution()
    keys = {name_key(n) for a in actors for _, n in a.names()} - {""}
    # key -> {node id: (name, where the name comes from)}, in discovery order
    holders: dict[str, dict[str, tuple[str, set[str]]]] = {}
    keys_of: dict[str, set[str]] = {}  # node id -> keys it holds

    def add(key: str, node_id: str, name: str, via: str) -> None:
        holders.setdefault(key, {}).setdefault(node_id, (name, set()))[1].add(via)
        keys_of.setdefault(node_id, set()).add(key)

    for key, rows in (known(keys) if known and keys else {}).items():
        for node_id, name, via in rows:
            add(key, node_id, name, via)

    def holds(key: str, own: str) -> dict[str, str]:
        """Actors holding `key`, not counting the alias claims that `own` itself wrote."""
        mine = f"{own}.alias"
        return {
            node_id: name
            for node_id, (name, vias) in holders.get(key, {}).items()
            if node_id != own and any(not v.startswith(mine) for v in vias)
        }

    for actor in actors:
        own = actor.stix_id
        matches: dict[str, tuple[str, list[str]]] = {}  # node id -> (name, fields that match)
        for fld, name in actor.names():
            for node_id, known_name in holds(name_key(name), own).items():
                matches.setdefault(node_id, (known_name, []))[1].append(f"{fld} {name!r}")
        if len(matches) > 1 and own not in existing_ids:
            which = "; ".join(
                f"{node_id} ({known_name}) by {', '.join(fields)}"
                for node_id, (known_name, fields) in matches.items()
            )
            first_field = next(iter(matches.values()))[1][0].split(" ")[0]
            out.problems.append(
                Problem(
                    actor.file,
                    actor.record,
                    first_field,
                    f"alias conflict: this actor's names match {len(matches)} different known "
                    f"actors: {which}. The importer will not guess which one is meant: remove "
                    "the ambiguous alias from the bundle, or merge the known actors first",
                )
            )
            out.node_of[own] = own
            continue
        if len(matches) == 1 and own not in existing_ids:
            target, (target_name, _) = next(iter(matches.items()))
            target_keys = {k for k in keys_of.get(target, ()) if target in holds(k, own)}
            new: list[str] = []
            for _, name in actor.names():
                key = name_key(name)
                if key and key not in target_keys:
                    new.append(name)
                    target_keys.add(key)
            out.node_of[own] = target
            out.resolved[own] = (target, target_name)
            out.new_names[own] = new
        else:
            target, target_name = own, actor.name
            out.node_of[own] = own
        for _, name in actor.names():
            key = name_key(name)
            if key:
                add(key, target, target_name, f"input:{own}")
    return out


def resolve_countries(
    locations: list[tuple[str, str]], known: KnownCountries | None
) -> dict[str, str]:
    """STIX location id -> node id for locations with an ISO country code.

    The first location of a code that the database does not know becomes the Country node;
    later ones with the same code are the same country.
    """
    codes = {code for _, code in locations}
    found = dict(known(codes)) if known and codes else {}
    node_of: dict[str, str] = {}
    for stix_id, code in locations:
        if code not in found:
            found[code] = (stix_id, code)
        node_of[stix_id] = found[code][0]
    return node_of


def known_actors_in_database(keys: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Actors (and alias claims' subjects) in the database whose names fold to `keys`."""
    query = cypher_text.read("load/actors_by_name_keys.cypher")
    result = db.read(query, {"keys": sorted(keys)}, timeout=60)
    out: dict[str, list[tuple[str, str, str]]] = {}
    for rec in result.records:
        out.setdefault(rec["key"], []).append((rec["id"], rec["name"], rec["via"]))
    return out


def known_countries_in_database(codes: set[str]) -> dict[str, tuple[str, str]]:
    """Country nodes in the database by ISO code (the first by id when several share one)."""
    query = cypher_text.read("load/countries_by_iso2.cypher")
    result = db.read(query, {"codes": sorted(codes)}, timeout=60)
    out: dict[str, tuple[str, str]] = {}
    for rec in result.records:
        out.setdefault(rec["code"], (rec["id"], rec["name"]))
    return out
