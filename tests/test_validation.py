"""Parsing and validation of seed YAML: pure functions, no database.

Problems are those of the loader's own (streamed) validation; the in-memory `read_and_validate`
serves where a test reads the validated records themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loader.confidence import normalise
from loader.dates import parse_partial_date
from loader.load import DEFAULT_SEED
from loader.plan import build_plan, name_key
from loader.problems import ValidationFailed
from loader.sources.seed_stream import stream_validate_plan
from loader.validate import Lookup, read_and_validate
from tests.bad_inputs import CONTEXT, BadInput, claim, materialise, yaml_cases


def validate(paths: list[Path], lookup: Lookup | None = None) -> dict[str, str]:
    """The loader's own validation (streamed); id -> label of every id it knows."""
    labels, plan = stream_validate_plan(paths, lookup)
    plan.close()
    return labels


def test_corpus_is_large_enough() -> None:
    assert len(yaml_cases()) >= 50


@pytest.mark.parametrize("case", yaml_cases(), ids=lambda c: c.name)
def test_bad_input_names_file_record_and_field(tmp_path: Path, case: BadInput) -> None:
    with pytest.raises(ValidationFailed) as info:
        validate(materialise(case, tmp_path))
    matching = [
        p
        for p in info.value.problems
        if p.file.endswith(case.file)
        and case.record in p.record
        and p.field == case.field
        and case.message in p.message
    ]
    assert matching, [str(p) for p in info.value.problems]
    assert all(str(p).startswith(p.file) for p in info.value.problems)


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(CONTEXT + "people:\n  - id: p1\n  - id: p2\n    nme: x\n")
    with pytest.raises(ValidationFailed) as info:
        validate([tmp_path])
    fields = sorted((p.record, p.field) for p in info.value.problems)
    assert ("people[0] (id: p1)", "name") in fields
    assert ("people[1] (id: p2)", "nme") in fields


def test_problem_points_at_the_line_of_the_field(tmp_path: Path) -> None:
    text = CONTEXT + claim(made_on="2021-02-30")
    (tmp_path / "c.yaml").write_text(text)
    with pytest.raises(ValidationFailed) as info:
        validate([tmp_path])
    (problem,) = info.value.problems
    expected = next(i for i, line in enumerate(text.splitlines(), 1) if "made_on" in line)
    assert problem.line == expected
    assert "not a real date" in problem.message


def test_valid_input_passes_and_plans_claim_edges(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(CONTEXT + claim())
    data = read_and_validate([tmp_path])
    plan = build_plan(data)
    assert {r["id"] for r in plan.nodes["Claim"]} == {"claim-x"}
    claim_row = plan.nodes["Claim"][0]["props"]
    assert claim_row["confidence"] == 85
    assert claim_row["confidence_label"] == "High"
    assert claim_row["made_on_precision"] == "day"
    edge_types = {shape[0] for shape in plan.edges}
    assert {"CLAIMED_BY", "SUBJECT", "OBJECT", "CITES"} <= edge_types


def test_references_may_point_at_ids_known_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(claim())
    labels = validate(
        [tmp_path],
        lookup=lambda ids: {
            i: label
            for i, label in {
                "org-x": "Organisation",
                "camp-x": "Campaign",
                "actor-x": "Actor",
                "src-x": "Source",
            }.items()
            if i in ids
        },
    )
    assert labels["actor-x"] == "Actor"


@pytest.mark.parametrize(
    ("raw", "text", "precision"),
    [
        ("2012", "2012", "year"),
        (2012, "2012", "year"),
        ("2021-07", "2021-07", "month"),
        ("2021-07-19", "2021-07-19", "day"),
    ],
)
def test_partial_dates_keep_their_precision(raw: object, text: str, precision: str) -> None:
    parsed = parse_partial_date(raw)
    assert (str(parsed), parsed.precision) == (text, precision)


@pytest.mark.parametrize(
    ("label", "scale", "value"),
    [
        ("High", "none-low-med-high", 85),
        ("med", "none-low-med-high", 50),
        ("7", "0-10", 70),
        ("2", "admiralty", 70),  # STIX 2.1 Appendix A: 2 - Probably True -> 70
        ("Truth cannot be judged", "admiralty", None),
        ("Almost Certain", "wep", 90),
        ("very likely", "dni", 85),
        ("Remote", "dni", 5),
        ("42", "0-100", 42),
    ],
)
def test_confidence_scales_normalise(label: str, scale: str, value: int | None) -> None:
    assert normalise(label, scale).value == value


def test_confidence_value_must_agree_with_label() -> None:
    with pytest.raises(ValueError, match="disagrees"):
        normalise("High", "none-low-med-high", 60)


def test_name_key_ignores_case_spaces_and_punctuation() -> None:
    assert name_key("Silk Typhoon") == name_key("silk-typhoon") == name_key(" SILK_typhoon ")
    assert name_key("APT10") != name_key("APT1")


def test_seed_data_is_valid_and_complete() -> None:
    data = read_and_validate([DEFAULT_SEED])
    from loader import models as m

    sources = data.of(m.Source)
    refs = {s.ref for s in sources if isinstance(s, m.Source) and s.ref}
    assert refs == set(range(1, 28)), "all 27 cited sources of the seed article"
    kinds = {c.kind for c in data.of(m.Claim) if isinstance(c, m.Claim)}
    assert {"attribution", "sponsorship", "denial", "non-attribution"} <= kinds
    assert all(c.sources for c in data.of(m.Claim) if isinstance(c, m.Claim))


def test_a_folder_without_input_files_is_a_problem_naming_it(tmp_path: Path) -> None:
    from loader.sources.seed_yaml import seed_files
    from loader.sources.stix.source import read_bundles

    with pytest.raises(ValidationFailed) as yaml_info:
        seed_files([tmp_path])
    assert [str(p) for p in yaml_info.value.problems] == [
        f"{tmp_path}: (whole file): no .yaml or .yml files found"
    ]
    with pytest.raises(ValidationFailed) as stix_info:
        read_bundles([tmp_path])
    assert "no .json bundle files found" in str(stix_info.value.problems[0])
