"""A corpus of malformed seed inputs: each names the field the error must point at.

Used by the unit tests (validation only) and the integration tests (the CLI exits 2 and the
graph is unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def _case(name: str, text: str | bytes, record: str, field: str, extra: str = CONTEXT) -> BadInput:
    data = text if isinstance(text, bytes) else text.encode()
    return BadInput(
        name, {"context.yaml": extra.encode(), "zz-bad.yaml": data}, "zz-bad.yaml", record, field
    )


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
]
