"""One node per claimant organisation and per country, whichever dataset names it.

The registry files (registry/organisations.yaml, registry/countries.yaml) are reviewable data:
each entry says "these ids and names are one organisation". Importers resolve an organisation
by an exact external id, then a registered name (folded), then its own folded name; they never
look in the database, so the result does not depend on what was loaded before.

Nodes found here are written as *references* (`Plan.refs`): created with the registry's
properties when absent, never overwritten, so the seed's own richer record of an organisation
(or country) wins whichever was loaded first.

Example:
    >>> REGISTRY.organisation("Microsoft Corporation").id
    'microsoft'
    >>> REGISTRY.country("RU").id
    'russian-federation'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from attrib.names import name_key, name_props

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "registry"
UNREGISTERED_PREFIX = "org-"


@dataclass(frozen=True)
class OrgRef:
    id: str
    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO code

    def row(self) -> dict[str, Any]:
        """The reference node row (label Organisation).

        An unregistered organisation may be spelt (or kinded) differently by two datasets
        ("Foo Labs", "FOO LABS": one id): its row asks for the smallest name and kind to be
        kept, so the node is the same whichever dataset came first
        (`cypher/load/create_missing_nodes.cypher`).
        """
        props: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind}
        if self.aliases:
            props["aliases"] = list(self.aliases)
        props.update(name_props([self.name, *self.aliases]))
        return {
            "id": self.id,
            "props": props,
            "smallest_name": self.id.startswith(UNREGISTERED_PREFIX),
        }


@dataclass(frozen=True)
class CountryRef:
    id: str
    name: str
    iso2: str
    aliases: tuple[str, ...] = ()

    def row(self) -> dict[str, Any]:
        """The reference node row (label Country)."""
        props: dict[str, Any] = {"id": self.id, "name": self.name, "iso2": self.iso2}
        if self.aliases:
            props["aliases"] = list(self.aliases)
        props.update(name_props([self.name, *self.aliases]))
        return {"id": self.id, "props": props}


def _read(path: Path) -> Any:
    """A registry file (the repository's own reviewed data, not user input)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _index(entries: list[Any], names: Any, where: str) -> dict[str, Any]:
    """key -> entry for every name of every entry; a key under two entries is an error."""
    found: dict[str, Any] = {}
    for entry in entries:
        for name in names(entry):
            key = name_key(name)
            if key in found and found[key] is not entry:
                raise ValueError(
                    f"{where}: the name {name!r} is listed under both {found[key].id!r} and "
                    f"{entry.id!r}; a registry name must mean one entry"
                )
            found[key] = entry
    return found


@dataclass
class Registry:
    orgs: list[OrgRef] = field(default_factory=list)
    countries: list[CountryRef] = field(default_factory=list)
    _org_ids: dict[str, OrgRef] = field(default_factory=dict)  # external id -> org
    _org_names: dict[str, OrgRef] = field(default_factory=dict)
    _country_keys: dict[str, CountryRef] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path = REGISTRY_DIR) -> Registry:
        reg = cls()
        org_file = folder / "organisations.yaml"
        for raw in _read(org_file)["organisations"]:
            org = OrgRef(
                raw["id"], raw["name"], raw["kind"], tuple(raw.get("aliases", [])),
                raw.get("country"),
            )  # fmt: skip
            reg.orgs.append(org)
            for ext in [*raw.get("stix_ids", []), *raw.get("misp_producers", [])]:
                reg._org_ids[ext] = org
        reg._org_names = _index(reg.orgs, lambda o: [o.id, o.name, *o.aliases], str(org_file))
        country_file = folder / "countries.yaml"
        for raw in _read(country_file)["countries"]:
            reg.countries.append(
                CountryRef(raw["id"], raw["name"], raw["iso2"], tuple(raw.get("aliases", [])))
            )
        reg._country_keys = _index(
            reg.countries, lambda c: [c.iso2, c.name, *c.aliases], str(country_file)
        )
        return reg

    def organisation(
        self, name: str, *, external_ids: tuple[str, ...] = (), kind: str = "other"
    ) -> OrgRef:
        """The organisation `name` (with these STIX ids / MISP UUIDs) denotes.

        An unregistered one keeps the kind its dataset gives (a "Government of X" is a
        government unless said otherwise); when two datasets give two kinds or spellings, the
        node keeps the smallest of each (`Plan.refs`), whichever dataset is loaded first.
        """
        for ext in external_ids:
            if ext in self._org_ids:
                return self._org_ids[ext]
        key = name_key(name)
        if key in self._org_names:
            return self._org_names[key]
        if kind == "other" and key.startswith("governmentof"):
            kind = "government"
        return OrgRef(f"{UNREGISTERED_PREFIX}{key}", " ".join(name.split()), kind)

    def country(self, code_or_name: str) -> CountryRef | None:
        """The country with this ISO code or name, or None when the registry has none."""
        return self._country_keys.get(name_key(code_or_name))


@cache
def registry() -> Registry:
    """The registry of this checkout, read once."""
    return Registry.read()
