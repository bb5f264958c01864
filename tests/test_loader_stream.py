"""The streamed loader (loader.sources.seed_stream) finds what read_and_validate + build_plan find.

Same problems for every bad input, the same rows for the seed and for a synthetic corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loader.load import DEFAULT_SEED
from loader.plan import Plan, build_plan
from loader.problems import ValidationFailed
from loader.sources.seed_stream import stream_validate_plan
from loader.validate import read_and_validate
from tests.bad_inputs import BadInput, materialise, yaml_cases


def rows(plan: Plan) -> dict[Any, list[Any]]:
    def key(row: dict[str, Any]) -> str:
        return repr(sorted(row.items(), key=lambda kv: kv[0]))

    out: dict[Any, list[Any]] = {}
    for label, node_rows in plan.nodes.items():
        out[label] = sorted((key(r) for r in node_rows), key=str)
    for shape, edge_rows in plan.edges.items():
        out[shape] = sorted((key(r) for r in edge_rows), key=str)
    return {k: v for k, v in out.items() if v}


def same_as_build_plan(path: Path) -> None:
    expected = build_plan(read_and_validate([path]))
    _labels, plan = stream_validate_plan([path])
    try:
        assert plan.node_count() == expected.node_count()
        assert plan.edge_count() == expected.edge_count()
        assert rows(plan) == rows(expected)
    finally:
        plan.close()


def test_seed_plans_the_same_rows() -> None:
    same_as_build_plan(DEFAULT_SEED)


def test_synthetic_corpus_plans_the_same_rows(tmp_path: Path) -> None:
    from benchmarks.corpus import Profile, write_yaml

    small = Profile("XS", 200, 40, 30, 80, 30, 30, 60, 150, 60, 300, 2.5, 1.0)
    write_yaml(small, 7, tmp_path)
    same_as_build_plan(tmp_path / "yaml")


def test_an_organisation_country_and_a_located_in_relation_make_one_edge(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text(
        "sources:\n  - {id: s1, title: T, publisher: P, language: en}\n"
        "countries:\n  - {id: c1, name: C, iso2: CC}\n"
        "organisations:\n  - {id: o1, name: O, kind: vendor, country: c1, sources: [s1]}\n"
        "relations:\n  - {type: LOCATED_IN, from: o1, to: c1, sources: [s1], note: later}\n"
    )
    same_as_build_plan(tmp_path)


@pytest.mark.parametrize("case", yaml_cases(), ids=lambda c: c.name)
def test_bad_input_gives_the_same_problems(tmp_path: Path, case: BadInput) -> None:
    paths = materialise(case, tmp_path)
    with pytest.raises(ValidationFailed) as old:
        read_and_validate(paths)
    with pytest.raises(ValidationFailed) as new:
        stream_validate_plan(paths)
    assert {str(p) for p in new.value.problems} <= {str(p) for p in old.value.problems}
    record = case.record
    assert any(
        case.file in str(p) and (record == "-" or record in str(p)) for p in new.value.problems
    )
