"""A corpus of malformed inputs, seed YAML and STIX bundles: each names the place (file, record,
field) the error must point at.

Used by the unit tests (validation only: `yaml_cases()`), the integration tests (the CLI exits 2
and the graph is unchanged: tests/test_cli_load.py) and, for the `heavy` cases that once crashed,
hung or ate the machine (a 100,000-deep file, a billion laughs, a FIFO, /dev/zero), by
tests/test_hostile_inputs.py: `attrib load` in a subprocess under a memory limit, its peak
memory and time measured. STIX bundles with one bad object each are in tests/stix_bundles.py
(`BAD_BUNDLES`); the bundles here are the hostile ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

GOOD_SOURCE = """
sources:
  - id: src-x
    title: A report
    publisher: Someone
    language: en
"""
GOOD_ACTOR = """
actors:
  - id: actor-x
    name: Actor X
"""
GOOD_ORG = """
organisations:
  - id: org-x
    name: Org X
    kind: vendor
"""
GOOD_CAMPAIGN = """
campaigns:
  - id: camp-x
    name: Campaign X
"""


def claim(**fields: str) -> str:
    base = {
        "id": "claim-x",
        "kind": "attribution",
        "claimant": "org-x",
        "made_on": "2021-03-02",
        "statement": "Campaign X is Actor X's work",
        "subject": "camp-x",
        "object": "actor-x",
        "confidence": "{label: High, scale: none-low-med-high}",
        "sources": "[src-x]",
    }
    base.update(fields)
    body = "\n".join(f"    {k}: {v}" for k, v in base.items() if v != "<drop>")
    return "claims:\n  - " + body.lstrip() + "\n"


CONTEXT = GOOD_SOURCE + GOOD_ACTOR + GOOD_ORG + GOOD_CAMPAIGN


@dataclass(frozen=True)
class BadInput:
    name: str
    files: dict[str, bytes]
    file: str  # the file the message must name
    record: str  # text the record part must contain
    field: str  # the field the message must name
    kind: str = "yaml"  # or "stix"
    special: str = ""  # a file that is not written as bytes: see `materialise`
    heavy: bool = False  # could crash, hang or exhaust memory: run only in a guarded subprocess
    needs_graph: bool = False  # refused only against the seeded graph (not by validation alone)
    message: str = ""  # text the problem must contain, when the place alone says too little
    extra: dict[str, str] = field(default_factory=dict)


def _case(
    name: str,
    text: str | bytes,
    record: str,
    fld: str,
    extra: str = CONTEXT,
    **options: object,
) -> BadInput:
    data = text if isinstance(text, bytes) else text.encode()
    files = (
        {"context.yaml": extra.encode(), "zz-bad.yaml": data} if extra else {"zz-bad.yaml": data}
    )
    return BadInput(name, files, "zz-bad.yaml", record, fld, **options)  # type: ignore[arg-type]


def _stix(name: str, data: bytes, record: str, fld: str, **options: object) -> BadInput:
    return BadInput(name, {"zz-bad.json": data}, "zz-bad.json", record, fld, kind="stix", **options)  # type: ignore[arg-type]


def materialise(case: BadInput, directory: Path) -> list[Path]:
    """Write a case's files into `directory`; the paths to give `attrib load`."""
    bad = directory / case.file
    for name, data in case.files.items():
        if not (case.special and name == case.file):
            (directory / name).write_bytes(data)
    if case.special == "fifo":
        os.mkfifo(bad)
    elif case.special == "symlink_loop":  # zz-bad -> zz-loop -> zz-bad
        os.symlink(bad.with_stem("zz-loop"), bad)
        os.symlink(bad, bad.with_stem("zz-loop"))
    elif case.special == "sparse_huge":  # 65 MiB of zeros that take no disk space
        with bad.open("wb") as fp:
            fp.truncate(65 * 2**20)
    elif case.special == "device":
        return [Path(case.file)]
    return [directory]


def yaml_cases() -> list[BadInput]:
    """The seed YAML cases that validation alone refuses, safe to run in the test process."""
    return [c for c in BAD_INPUTS if c.kind == "yaml" and not c.heavy and not c.needs_graph]


def _nested(depth: int) -> str:
    return "actors:\n  - id: deep\n    name: " + "[" * depth + "]" * depth + "\n"


def _billion_laughs() -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]\n"
    return text + "actors:\n  - id: lol\n    name: *i\n"


def _fact(value: str) -> str:
    return claim(kind="fact", object="<drop>", value=value, unit="systems", as_of="2021-03")


def _bundle(*objects: object, **top: object) -> bytes:
    return json.dumps(
        {
            "type": "bundle",
            "id": "bundle--00000000-0000-4000-8000-000000000001",
            **top,
            "objects": list(objects),
        }
    ).encode()


def _campaign(**props: object) -> dict[str, object]:
    return {
        "type": "campaign",
        "spec_version": "2.1",
        "id": "campaign--00000000-0000-4000-8000-000000000077",
        "created": "2021-03-02T00:00:00.000Z",
        "modified": "2021-03-02T00:00:00.000Z",
        "name": "C",
        **props,
    }


MIB = "x" * 2**20  # a 1 MiB value
CAMPAIGN_77 = "objects[0] (campaign--00000000-0000-4000-8000-000000000077)"


BAD_INPUTS: list[BadInput] = [
    _case("broken_yaml", "actors:\n  - id: a\n    name: [unclosed\n", "-", "-"),
    _case("missing_field", "actors:\n  - id: actor-y\n", "actors[0] (id: actor-y)", "name"),
    _case(
        "names_too_long_to_index",
        "actors:\n  - id: actor-y\n    name: Y\n    aliases:\n"
        + "".join(f"      - Alias number {i:04d} of a very long list\n" for i in range(300)),
        "actors[0] (id: actor-y)",
        "aliases",
    ),
    _case(
        "mistyped_field",
        "actors:\n  - id: actor-y\n    name: Y\n    aliases: 5\n",
        "actors[0] (id: actor-y)",
        "aliases",
    ),
    _case("unknown_reference", claim(subject="camp-nowhere"), "claims[0] (id: claim-x)", "subject"),
    _case(
        "duplicate_id",
        "actors:\n  - id: actor-x\n    name: Again\n",
        "actors[0] (id: actor-x)",
        "id",
    ),
    _case(
        "confidence_out_of_range",
        claim(confidence="{label: 150, scale: 0-100}"),
        "claims[0] (id: claim-x)",
        "confidence",
    ),
    _case(
        "confidence_label_not_on_scale",
        claim(confidence="{label: Hihg, scale: none-low-med-high}"),
        "claims[0] (id: claim-x)",
        "confidence",
    ),
    _case(
        "unknown_scale",
        claim(confidence="{label: High, scale: vibes}"),
        "claims[0] (id: claim-x)",
        "confidence.scale",
    ),
    _case("bad_date", claim(made_on="2021-13-45"), "claims[0] (id: claim-x)", "made_on"),
    _case("unknown_kind", claim(kind="rumour"), "claims[0] (id: claim-x)", "kind"),
    _case("non_utf8", "actors:\n  - id: actor-y\n    name: caf\xe9\n".encode("latin-1"), "-", "-"),
    _case("empty_file", "", "-", "-"),
    _case("unknown_field", claim(clamant="org-x"), "claims[0] (id: claim-x)", "clamant"),
    _case(
        "denial_without_disputes",
        claim(kind="denial", object="<drop>"),
        "claims[0] (id: claim-x)",
        "disputes",
    ),
    _case("claimant_wrong_label", claim(claimant="actor-x"), "claims[0] (id: claim-x)", "claimant"),
    _case("claim_without_sources", claim(sources="[]"), "claims[0] (id: claim-x)", "sources"),
    _case("unknown_section", "bogus:\n  - id: b\n", "bogus", "-"),
    _case("top_level_list", "- id: a\n  name: A\n", "-", "-"),
    _case(
        "bad_iso2",
        "countries:\n  - id: cn\n    name: China\n    iso2: cn\n",
        "countries[0] (id: cn)",
        "iso2",
    ),
    _case("record_not_mapping", "actors:\n  - just a string\n", "actors[0]", "-"),
    _case(
        "bad_url",
        GOOD_SOURCE.replace("src-x", "src-y") + "    url: ftp//nowhere\n",
        "sources[0] (id: src-y)",
        "url",
    ),
    _case(
        "duplicate_yaml_key",
        "actors:\n  - id: actor-y\n    name: Y\n    name: Z\n",
        "actors[0] (id: actor-y)",
        "name",
    ),
    _case(
        "relation_wrong_endpoint",
        "relations:\n  - type: USES\n    from: actor-x\n    to: org-x\n    sources: [src-x]\n",
        "relations[0]",
        "to",
    ),
    _case("fact_fields_on_attribution", claim(value="30000"), "claims[0] (id: claim-x)", "value"),
    _case(
        "bad_id_slug",
        "actors:\n  - id: Not A Slug\n    name: N\n",
        "actors[0] (id: Not A Slug)",
        "id",
    ),
    # --- hostile YAML: each once crashed, hung, ate memory, half-wrote the graph or printed a
    # traceback (issue 12); the place names "(whole file)" when the file is refused as a whole
    _case("nested_100000_deep", _nested(100_000), "-", "-", heavy=True, message="nested"),
    _case("nested_1000_deep", _nested(1000), "-", "-", heavy=True, message="nested"),
    _case(
        "nested_mappings_1000_deep",
        "actors:\n  - id: deep\n    name: " + "{a: " * 1000 + "x" + "}" * 1000 + "\n",
        "-",
        "-",
        heavy=True,
        message="nested",
    ),
    _case("recursive_alias", "actors: &a [*a]\n", "-", "-", heavy=True, message="anchors"),
    _case("billion_laughs", _billion_laughs(), "-", "-", heavy=True, message="anchors"),
    _case(
        "alias_of_a_record",
        "actors:\n  - &a {id: a1, name: A}\n  - *a\n",
        "-",
        "-",
        message="anchors",
    ),
    _case(
        "python_object_tag",
        'actors:\n  - !!python/object/apply:os.system ["echo pwned"]\n',
        "-",
        "-",
        message="tag",
    ),
    _case("custom_tag", "actors:\n  - id: t\n    name: !shout T\n", "-", "-", message="tag"),
    _case(
        "duplicate_section",
        "actors:\n  - id: a1\n    name: A\nactors:\n  - id: a2\n    name: B\n",
        "actors",
        "-",
        message="appears twice",
    ),
    _case("two_documents", "actors: []\n---\nactors: []\n", "-", "-", message="document"),
    _case("complex_key", "actors:\n  - ? [id]\n    : x\n", "-", "-", message="plain value"),
    _case("nan_fact_value", _fact(".nan"), "claims[0] (id: claim-x)", "value"),
    _case("infinite_fact_value", _fact("-.inf"), "claims[0] (id: claim-x)", "value"),
    _case(
        "nan_confidence",
        claim(confidence="{label: .nan, scale: 0-100}"),
        "claims[0] (id: claim-x)",
        "confidence.label",
    ),
    _case(
        "negative_confidence",
        claim(confidence="{label: -5, scale: 0-100}"),
        "claims[0] (id: claim-x)",
        "confidence",
    ),
    _case(
        "huge_confidence",
        claim(confidence="{label: 1e300, scale: 0-100}"),
        "claims[0] (id: claim-x)",
        "confidence",
    ),
    _case(
        "confidence_value_beyond_64_bits",
        claim(confidence="{label: High, scale: none-low-med-high, value: 99999999999999999999}"),
        "claims[0] (id: claim-x)",
        "confidence.value",
    ),
    _case(
        "integer_beyond_64_bits",
        GOOD_SOURCE.replace("src-x", "src-y") + "    ref: 99999999999999999999999\n",
        "sources[0] (id: src-y)",
        "ref",
    ),
    _case(
        "list_where_a_mapping_belongs",
        claim(confidence="[High, none-low-med-high]"),
        "claims[0] (id: claim-x)",
        "confidence",
    ),
    _case(
        "mapping_where_a_list_belongs",
        "actors:\n  - id: actor-y\n    name: Y\n    aliases: {a: b}\n",
        "actors[0] (id: actor-y)",
        "aliases",
    ),
    _case("section_is_a_mapping", "actors:\n  id: a\n  name: A\n", "actors", "-"),
    _case(
        "name_of_1_mib",
        f"actors:\n  - id: actor-y\n    name: {MIB}\n",
        "actors[0] (id: actor-y)",
        "name",
    ),
    _case(
        "original_name_of_1_mib",
        f"actors:\n  - id: actor-y\n    name: Y\n    original_name: {MIB}\n",
        "actors[0] (id: actor-y)",
        "original_name",
    ),
    _case(
        "stix_id_of_1_mib",
        f"actors:\n  - id: actor-y\n    name: Y\n    stix_id: {MIB}\n",
        "actors[0] (id: actor-y)",
        "stix_id",
    ),
    _case(
        "url_of_1_mib",
        GOOD_SOURCE.replace("src-x", "src-y") + f"    url: https://x.example/{MIB}\n",
        "sources[0] (id: src-y)",
        "url",
    ),
    _case(
        "alias_claim_name_of_1_mib",
        claim(kind="alias", object="<drop>", subject="actor-x", alias=MIB),
        "claims[0] (id: claim-x)",
        "alias",
    ),
    _case(  # only a naming claim says how its claimant stands to the name
        "naming_on_an_attribution",
        claim(naming="used"),
        "claims[0] (id: claim-x)",
        "naming",
        message="only an alias claim that names an alias",
    ),
    _case(
        "naming_not_given_reported_or_used",
        claim(kind="alias", object="<drop>", subject="actor-x", alias="Y", naming="coined"),
        "claims[0] (id: claim-x)",
        "naming",
    ),
    _case(
        "nul_byte_in_name",
        'actors:\n  - id: actor-y\n    name: "Bad\\0Name"\n',
        "actors[0] (id: actor-y)",
        "name",
    ),
    _case("raw_nul_byte_in_file", b"actors:\n  - id: actor-y\n    name: Bad\x00Name\n", "-", "-"),
    _case(
        "escape_sequence_in_statement",
        claim(statement='"Campaign X \\e[31mred\\e[0m"'),
        "claims[0] (id: claim-x)",
        "statement",
    ),
    _case(
        "rtl_override_in_name",
        'actors:\n  - id: actor-y\n    name: "Evil\\u202eHAFNIUM"\n',
        "actors[0] (id: actor-y)",
        "name",
    ),
    _case(
        "zero_width_space_in_alias",
        'actors:\n  - id: actor-y\n    name: Y\n    aliases: ["HAF\\u200bNIUM"]\n',
        "actors[0] (id: actor-y)",
        "aliases.0",
    ),
    _case("impossible_date", claim(made_on="2021-02-30"), "claims[0] (id: claim-x)", "made_on"),
    _case("date_as_a_list", claim(made_on="[2021]"), "claims[0] (id: claim-x)", "made_on"),
    _case("id_that_is_a_boolean", "actors:\n  - id: true\n    name: T\n", "actors[0]", "id"),
    _case(
        "id_too_long",
        f"actors:\n  - id: {'a' * 300}\n    name: Long\n",
        "actors[0]",
        "id",
    ),
    _case(
        "truncated_file",
        'actors:\n  - id: actor-y\n    name: "Unfinish',
        "-",
        "-",
        message="not valid YAML",
    ),
    _case(
        "dangling_relation_target",
        "relations:\n  - type: USES\n    from: actor-x\n    to: tool-nowhere\n"
        "    sources: [src-x]\n",
        "relations[0]",
        "to",
    ),
    _case(
        "binary_file",
        bytes(range(256)) * 64,
        "-",
        "-",
        message="UTF-8",
    ),
    _case("utf16_file", "actors:\n  - id: a\n    name: A\n".encode("utf-16"), "-", "-"),
    _case("fifo", b"", "-", "-", special="fifo", heavy=True, message="FIFO"),
    _case("symlink_loop", b"", "-", "-", special="symlink_loop", message="link loop"),
    _case("file_over_64_mib", b"", "-", "-", special="sparse_huge", message="MiB"),
    BadInput("dev_zero", {}, "/dev/zero", "-", "-", special="device", heavy=True, message="device"),
    _case(
        "100k_bad_records",
        "actors:\n" + "".join(f"  - id: a{i}\n    nme: X\n" for i in range(100_000)),
        "actors[0] (id: a0)",
        "name",
        heavy=True,
        message="",
    ),
    _case(
        "id_of_another_label_in_the_graph",
        "tools:\n  - id: hafnium\n    name: Not the actor\n",
        "tools[0] (id: hafnium)",
        "id",
        extra="",
        needs_graph=True,
        message="already a Actor",
    ),
    # --- hostile STIX bundles (malformed objects one by one: tests/stix_bundles.py)
    _stix(
        "stix_100k_garbage_objects",
        _bundle(*({"garbage": i} for i in range(100_000))),
        "objects[0]",
        "type",
        heavy=True,
    ),
    _stix(
        "stix_wrong_spec_version",
        _bundle(_campaign(spec_version="3.0")),
        CAMPAIGN_77,
        "spec_version",
    ),
    _stix("stix_plain_text", b"this is not JSON at all\n", "-", "-", message="JSON"),
    _stix("stix_binary", bytes(range(256)) * 64, "-", "-"),
    _stix("stix_empty", b"", "-", "-", message="empty"),
    _stix("stix_truncated", _bundle(_campaign())[:-40], "-", "-", message="JSON"),
    _stix(
        "stix_objects_is_a_mapping",
        _bundle().replace(b'"objects": []', b'"objects": {"a": 1}'),
        "-",
        "-",
    ),
    _stix("stix_name_of_1_mib", _bundle(_campaign(name=MIB)), CAMPAIGN_77, "name"),
    _stix("stix_nul_in_name", _bundle(_campaign(name="Bad\u0000Name")), CAMPAIGN_77, "name"),
    _stix("stix_rtl_in_name", _bundle(_campaign(name="x\u202ey")), CAMPAIGN_77, "name"),
    _stix(  # the JSON parser itself refuses it
        "stix_confidence_beyond_64_bits",
        _bundle(_campaign(confidence=10**30)),
        "-",
        "-",
        message="integer overflow",
    ),
    _stix(
        "stix_confidence_fraction", _bundle(_campaign(confidence=50.5)), CAMPAIGN_77, "confidence"
    ),
    _stix("stix_confidence_negative", _bundle(_campaign(confidence=-5)), CAMPAIGN_77, "confidence"),
    _stix(
        "stix_impossible_date",
        _bundle(_campaign(created="2021-02-30T00:00:00.000Z")),
        CAMPAIGN_77,
        "created",
    ),
    _stix("stix_fifo", b"", "-", "-", special="fifo", heavy=True, message="FIFO"),
    _stix("stix_symlink_loop", b"", "-", "-", special="symlink_loop", message="link loop"),
]


def names_the_place(output: str, case: BadInput) -> bool:
    """A problem line names the case's file, record and field (and its message text)."""
    record = "(whole file)" if case.record == "-" else case.record
    field = f"field '{case.field}'" if case.field != "-" else ""
    lines = [line for line in output.splitlines() if case.file in line]
    return any(record in line and field in line and case.message in line for line in lines)
