"""Check a parsed galaxy file completely: each wrong field is one problem naming the file, the
cluster (`values[3] (APT28)`) and the field (`meta.name-attribution[2]`).

Only the fields the importer reads are checked; other `meta` keys are MISP's business.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from attrib.names import name_key
from loader import models as m
from loader.problems import Problem
from loader.sources.misp import model as g

_TEXT: TypeAdapter[str] = TypeAdapter(m.Text)
_INDEXED: TypeAdapter[str] = TypeAdapter(m.IndexedText)
_TYPE = TypeAdapter(m.Slug)  # the galaxy type names the dataset: misp-<type>
GALAXY = "(galaxy)"  # the record of problems about the file's top level


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


def _message(exc: ValidationError) -> str:
    return str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")


class _Fields:
    """Reads the fields of one file, recording a problem for each wrong one."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.file = str(path)
        self.problems = problems

    def bad(self, record: str, fld: str, message: str) -> None:
        self.problems.append(Problem(self.file, record, fld, message))

    def text(
        self, record: str, value: Any, fld: str, *, required: bool = False, indexed: bool = False
    ) -> str | None:
        """A string field (stripped); an absent or empty optional one is None."""
        if value is None or (value == "" and not required):
            if required:
                self.bad(record, fld, "required field is missing")
            return None
        if not isinstance(value, str):
            self.bad(record, fld, f"must be a string, not {_json_type(value)}")
            return None
        if required and not value.strip():
            self.bad(record, fld, "required field is empty")
            return None
        try:
            return (_INDEXED if indexed else _TEXT).validate_python(value)
        except ValidationError as exc:
            self.bad(record, fld, _message(exc))
            return None

    def texts(self, record: str, value: Any, fld: str, *, one_or_many: bool = False) -> list[str]:
        """A list of strings (`one_or_many`: a single string is a list of one, as MISP mixes)."""
        if value is None:
            return []
        if one_or_many and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.bad(record, fld, f"must be a list of strings, not {_json_type(value)}")
            return []
        found = (self.text(record, item, f"{fld}[{i}]") for i, item in enumerate(value))
        return list(dict.fromkeys(item for item in found if item))

    def uuid(self, record: str, value: Any, fld: str) -> str | None:
        text = self.text(record, value, fld, required=True)
        if text is not None and not g.UUID.match(text):
            self.bad(record, fld, f"{text!r} is not a UUID (8-4-4-4-12 hexadecimal digits)")
            return None
        return text.lower() if text else None


def check_galaxy(path: Path, data: Any, problems: list[Problem]) -> g.Galaxy | None:
    """The galaxy of a parsed file, its clusters checked; None when its top level is wrong."""
    f = _Fields(path, problems)
    if not isinstance(data, dict):
        f.bad("-", "-", f"a MISP cluster file is a JSON object, not {_json_type(data)}")
        return None
    before = len(problems)
    gtype = f.text(GALAXY, data.get("type"), "type", required=True)
    if gtype is not None:
        try:
            _TYPE.validate_python(gtype)
        except ValidationError:
            f.bad(GALAXY, "type", f"{gtype!r} is not a galaxy type (lower-case letters, digits, -)")
    name = f.text(GALAXY, data.get("name"), "name", required=True)
    uuid = f.uuid(GALAXY, data.get("uuid"), "uuid")
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int | str)):
        f.bad(GALAXY, "version", f"must be a number or a string, not {_json_type(version)}")
    source = f.text(GALAXY, data.get("source"), "source")
    authors = f.texts(GALAXY, data.get("authors"), "authors")
    values = data.get("values")
    if not isinstance(values, list):
        f.bad(GALAXY, "values", f"must be a list of clusters, not {_json_type(values)}")
    if len(problems) > before or gtype is None or name is None or uuid is None:
        return None
    assert isinstance(values, list)
    galaxy = g.Galaxy(
        path,
        gtype,
        name,
        uuid,
        str(version) if version is not None else None,
        source,
        tuple(authors),
    )
    if gtype == g.PRODUCER_TYPE or not g.is_actor_galaxy(gtype):
        return galaxy  # its values are read as producers, or the galaxy is refused
    seen: dict[str, str] = {}
    for i, raw in enumerate(values):
        cluster = _cluster(f, i, raw)
        if cluster is None:
            continue
        if cluster.uuid in seen:
            f.bad(
                cluster.where,
                "uuid",
                f"uuid {cluster.uuid} is also the uuid of {seen[cluster.uuid]}",
            )
            continue
        seen[cluster.uuid] = cluster.where
        galaxy.clusters.append(cluster)
    return galaxy


def _where(i: int, raw: dict[str, Any]) -> str:
    """The record in messages: "values[3] (APT28)"; a value that is not plain text is shown
    escaped and cut, so a message never carries terminal escapes or a megabyte of text."""
    value = raw.get("value")
    if not isinstance(value, str) or not value.strip():
        return f"values[{i}]"
    shown = value if value.isprintable() and len(value) <= 80 else repr(value[:80])
    return f"values[{i}] ({shown})"


def _cluster(f: _Fields, i: int, raw: Any) -> g.Cluster | None:
    if not isinstance(raw, dict):
        f.bad(f"values[{i}]", "-", f"a cluster is a JSON object, not {_json_type(raw)}")
        return None
    where = _where(i, raw)
    before = len(f.problems)
    uuid = f.uuid(where, raw.get("uuid"), "uuid")
    value = f.text(where, raw.get("value"), "value", required=True, indexed=True)
    description = f.text(where, raw.get("description"), "description")
    meta = raw.get("meta") or {}
    if not isinstance(meta, dict):
        f.bad(where, "meta", f"must be an object, not {_json_type(meta)}")
        meta = {}
    synonyms = f.texts(where, meta.get("synonyms"), "meta.synonyms")
    attributions = _attributions(f, where, meta.get("name-attribution"))
    conf = meta.get("attribution-confidence")
    confidence = _percent(f, where, conf) if conf not in (None, "") else None
    related = _related(f, where, raw.get("related"))
    if len(f.problems) > before or uuid is None or value is None:
        return None
    names = [*synonyms, *(n for n, _, _ in attributions)]
    aliases = _aliases(f, where, value, names, len(synonyms))
    if aliases is None:
        return None

    def many(*keys: str) -> tuple[str, ...]:
        found = [
            t for k in keys for t in f.texts(where, meta.get(k), f"meta.{k}", one_or_many=True)
        ]
        return tuple(dict.fromkeys(found))

    return g.Cluster(
        uuid,
        value,
        where,
        aliases,
        description,
        refs=tuple(f.texts(where, meta.get("refs"), "meta.refs")),
        attributions=tuple(attributions),
        country=f.text(where, meta.get("country"), "meta.country"),
        sponsor=f.text(
            where, meta.get("cfr-suspected-state-sponsor"), "meta.cfr-suspected-state-sponsor"
        ),
        attribution_confidence=confidence,
        victims=many("cfr-suspected-victims", "suspected-victims"),
        sectors=many("cfr-target-category", "targeted-sector"),
        incident_types=many("cfr-type-of-incident"),
        related=tuple(related),
    )


def _aliases(
    f: _Fields, where: str, value: str, names: list[str], synonyms: int
) -> tuple[str, ...] | None:
    """The other names (synonyms, then attributed names not among them), checked together
    like any actor's: no hiding characters, small enough to index."""
    aliases: list[str] = []
    fields: list[str] = []
    known = {value}
    for n, name in enumerate(names):
        if n >= synonyms and name_key(name) in {name_key(k) for k in known}:
            continue  # a name-giver's spelling of a name the cluster lists already
        if name not in known:
            known.add(name)
            aliases.append(name)
            fields.append(f"meta.synonyms[{n}]" if n < synonyms else "meta.name-attribution")
    try:
        m.Actor(id="misp-cluster", name=value, aliases=aliases)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            index = loc[1] if loc[0] == "aliases" and len(loc) > 1 else None
            fld = fields[index] if isinstance(index, int) else "value"
            f.bad(where, str(fld), str(err["msg"]).removeprefix("Value error, "))
        return None
    return tuple(aliases)


def _attributions(f: _Fields, where: str, value: Any) -> list[tuple[str, str, str]]:
    """`name-attribution`: "NAME:PRODUCER-UUID" entries."""
    out = []
    for i, entry in enumerate(f.texts(where, value, "meta.name-attribution")):
        fld = f"meta.name-attribution[{i}]"
        name, _, producer = entry.rpartition(":")
        if not name.strip() or not g.UUID.match(producer.strip()):
            f.bad(where, fld, f"{entry!r} is not NAME:PRODUCER-UUID (a producer.json uuid)")
            continue
        checked = f.text(where, name, fld, indexed=True)
        if checked:
            out.append((checked, producer.strip().lower(), fld))
    return out


def _percent(f: _Fields, where: str, value: Any) -> int | None:
    fld = "meta.attribution-confidence"
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    if not text.isdigit() or not 0 <= int(text) <= 100:
        f.bad(where, fld, f"{value!r} is not a whole number from 0 to 100")
        return None
    return int(text)


def _related(f: _Fields, where: str, value: Any) -> list[g.Related]:
    if value is None:
        return []
    if not isinstance(value, list):
        f.bad(where, "related", f"must be a list of links, not {_json_type(value)}")
        return []
    out = []
    for i, link in enumerate(value):
        fld = f"related[{i}]"
        if not isinstance(link, dict):
            f.bad(where, fld, f"a related link is a JSON object, not {_json_type(link)}")
            continue
        rtype = f.text(where, link.get("type"), f"{fld}.type", required=True)
        if rtype not in g.IDENTITY_LINKS:  # uses, targets ...: skipped, so not read further
            out.append(g.Related("", rtype or "", None, fld))
            continue
        dest = f.uuid(where, link.get("dest-uuid"), f"{fld}.dest-uuid")
        likelihood = None
        for t, tag in enumerate(f.texts(where, link.get("tags"), f"{fld}.tags")):
            if not tag.startswith("estimative-language:likelihood-probability="):
                continue  # other vocabularies say nothing about the likelihood
            found = g.LIKELIHOOD_TAG.match(tag)
            if found is None or found.group(1) not in g.LIKELIHOODS:
                f.bad(
                    where,
                    f"{fld}.tags[{t}]",
                    f"{tag!r} is not an estimative-language likelihood "
                    f"({', '.join(g.LIKELIHOODS)})",
                )
            elif likelihood is None:
                likelihood = found.group(1)
        if dest and rtype:
            out.append(g.Related(dest, rtype, likelihood, fld))
    return out


def check_producers(
    galaxy: g.Galaxy, data: dict[str, Any], problems: list[Problem]
) -> list[g.Producer]:
    """The producers of a producer.json (its top level already checked)."""
    f = _Fields(galaxy.path, problems)
    out: dict[str, g.Producer] = {}
    for i, raw in enumerate(data["values"]):
        if not isinstance(raw, dict):
            f.bad(f"values[{i}]", "-", f"a producer is a JSON object, not {_json_type(raw)}")
            continue
        where = _where(i, raw)
        uuid = f.uuid(where, raw.get("uuid"), "uuid")
        name = f.text(where, raw.get("value"), "value", required=True, indexed=True)
        meta = raw.get("meta") or {}
        if not isinstance(meta, dict):
            f.bad(where, "meta", f"must be an object, not {_json_type(meta)}")
            meta = {}
        synonyms = f.texts(where, meta.get("synonyms"), "meta.synonyms")
        types = f.texts(where, meta.get("company-type"), "meta.company-type", one_or_many=True)
        if uuid is None or name is None:
            continue
        if uuid in out:
            f.bad(where, "uuid", f"uuid {uuid} is also the uuid of producer {out[uuid].name!r}")
            continue
        vendor = any("vendor" in t.casefold() for t in types)
        out[uuid] = g.Producer(uuid, name, tuple(synonyms), "vendor" if vendor else "other")
    return list(out.values())
