"""The query catalogue, parameters and limits: pure functions, no database."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from attrib import limits
from attrib.catalogue import (
    PARAM_TYPES,
    CatalogueError,
    CatalogueQuery,
    catalogue,
    coerce_params,
    parse_query_file,
)
from attrib.cli.query import parse_params
from attrib.cypher_text import code_only, named_parameters
from attrib.errors import ParamError
from attrib.names import name_key

QUERIES = catalogue()
REQUIRED_QUERIES = {
    "search",
    "entity_profile",
    "competing_attributions",
    "attribution_matrix",
    "sponsorship_chain",
    "denials",
    "non_attributions",
    "provenance",
    "timeline",
    "as_of",
    "neighbourhood",
    "shortest_path",
    "campaign_details",
    "overview_counts",
    "newest_claims",
    "attribution_lag",
}
WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS)\b", re.I
)


def test_every_query_the_ui_needs_is_in_the_catalogue() -> None:
    assert not REQUIRED_QUERIES - set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_params_equal_the_params_used_in_the_text(name: str) -> None:
    query = QUERIES[name]
    declared = [p.name for p in query.params]
    assert len(declared) == len(set(declared))
    derived = [d.name for d in query.derived]
    assert set(declared) | set(derived) == named_parameters(query.text)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_has_title_description_and_typed_params(name: str) -> None:
    query = QUERIES[name]
    assert query.name == query.path.stem == name
    assert query.title and query.description
    assert len(query.title) <= 80
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert param.description
        assert not (param.required and param.default is not None)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_reads_only_and_is_bounded(name: str) -> None:
    code = code_only(QUERIES[name].text)
    assert not WRITE_CLAUSES.search(code), "named queries are read-only"
    assert re.search(r"\bLIMIT\b", code), "every named query carries a LIMIT"
    assert ";" not in code, "one statement per file"


def test_named_parameters_ignores_strings_and_comments() -> None:
    text = "RETURN '$a', \"$b\", `$c` // $d\n/* $e\n $f */ , $g, $h_2 + $g"
    assert named_parameters(text) == {"g", "h_2"}


def test_code_only_keeps_positions_and_escaped_quotes() -> None:
    text = "RETURN 'it\\'s; $x' AS a; // ;\nRETURN 2"
    code = code_only(text)
    assert len(code) == len(text)
    assert code.count("\n") == 1
    assert code.index(";") == text.index("AS a;") + 4
    assert "$x" not in code


def test_a_malformed_param_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.cypher"
    path.write_text(
        "// title: Bad\n// description: Bad.\n// param: x string required: oops\nRETURN $x\n"
    )
    with pytest.raises(CatalogueError, match=r"bad\.cypher:3"):
        parse_query_file(path)


def test_an_unknown_param_type_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "odd.cypher"
    path.write_text("// title: T\n// description: D.\n// param: x (uuid, required): an x\n")
    with pytest.raises(CatalogueError, match="unknown type 'uuid'"):
        parse_query_file(path)


def test_a_missing_title_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "untitled.cypher"
    path.write_text("// description: D.\nRETURN 1 LIMIT 1\n")
    with pytest.raises(CatalogueError, match="title"):
        parse_query_file(path)


def test_header_continuation_lines_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "q.cypher"
    path.write_text(
        "// title: T\n"
        "// description: First line\n"
        "//   and its continuation.\n"
        "// param: n (integer, default: 5): how many\n"
        "// param: on (date, optional): a day\n"
        '// param: words (list, default: ["a", "b"]): some words\n'
        "// param: flag (boolean, default: true): a flag\n"
        "RETURN $n, $on, $words, $flag LIMIT 1\n"
    )
    query = parse_query_file(path)
    assert query.description == "First line and its continuation."
    assert [(p.name, p.type, p.required, p.default) for p in query.params] == [
        ("n", "integer", False, 5),
        ("on", "date", False, None),
        ("words", "list", False, ["a", "b"]),
        ("flag", "boolean", False, True),
    ]


def test_maintainer_notes_in_the_header_never_reach_users(tmp_path: Path) -> None:
    path = tmp_path / "q.cypher"
    path.write_text(
        "// title: T\n"
        "// description: What users read.\n"
        "// Implementation note: why the MATCH comes first.\n"
        "//   (still the note)\n"
        "// param: n (integer, default: 5): how many\n"
        "// With an id, candidates come from an index seek.\n"
        "RETURN $n LIMIT 1\n"
    )
    query = parse_query_file(path)
    assert query.description == "What users read."
    assert [p.description for p in query.params] == ["how many"]
    assert "index seek" in query.text  # kept for "Show Cypher"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_catalogue_help_text_holds_a_maintainer_note(name: str) -> None:
    """Notes in the shipped files (lines after the params, unindented) stay out of the help."""
    query = QUERIES[name]
    shown = " ".join([query.title, query.description, *(p.description for p in query.params)])
    for number, line in enumerate(query.text.splitlines(), 1):
        body = line.strip().removeprefix("//")
        if not line.strip().startswith("//"):
            break
        if body.strip() and not body.startswith("  ") and not re.match(r"\s*\w+:", body):
            assert body.strip() not in shown, f"{name}.cypher:{number} is a note, shown to users"


# --- coerce_params ----------------------------------------------------------------------------


def q(name: str) -> CatalogueQuery:
    return QUERIES[name]


def test_coerce_fills_defaults_and_converts_strings() -> None:
    params = coerce_params(q("neighbourhood"), {"id": "hafnium", "hops": "2"})
    assert params == {"id": "hafnium", "hops": 2, "limit": 100, "sources": False}
    params = coerce_params(q("competing_attributions"), {"campaign": "x", "as_of": "2021-07-18"})
    assert params["as_of"] == dt.date(2021, 7, 18)
    assert params["limit"] == 200


def test_coerce_treats_empty_optional_values_as_absent() -> None:
    params = coerce_params(q("competing_attributions"), {"campaign": "x", "as_of": " "})
    assert params["as_of"] is None


@pytest.mark.parametrize(
    ("name", "raw", "param", "message"),
    [
        ("competing_attributions", {}, "campaign", "parameter 'campaign' is required"),
        ("competing_attributions", {"campaign": ""}, "campaign", "is required"),
        ("neighbourhood", {"id": "x", "hops": "two"}, "hops", "expected a whole number"),
        ("neighbourhood", {"id": "x", "hops": "1.5"}, "hops", "expected a whole number"),
        ("neighbourhood", {"id": "x", "hops": True}, "hops", "expected a whole number"),
        ("neighbourhood", {"id": "x", "sources": "maybe"}, "sources", "expected true or false"),
        ("as_of", {"as_of": "19 July 2021"}, "as_of", "expected a date as YYYY-MM-DD"),
        ("as_of", {"as_of": "2021-02-30"}, "as_of", "expected a date"),
        ("search", {"q": "x", "colour": "red"}, "colour", "unknown parameter 'colour'"),
        ("search", {"q": ["a", "b"]}, "q", "expected text"),
    ],
)
def test_coerce_errors_name_the_parameter(
    name: str, raw: dict[str, object], param: str, message: str
) -> None:
    with pytest.raises(ParamError) as info:
        coerce_params(q(name), raw)
    assert info.value.param == param
    assert f"'{param}'" in info.value.message
    assert message in info.value.message
    assert info.value.query == q(name).text


def test_coerce_accepts_typed_values_from_the_ui() -> None:
    params = coerce_params(
        q("neighbourhood"), {"id": "hafnium", "hops": 3, "limit": 10.0, "sources": True}
    )
    assert params == {"id": "hafnium", "hops": 3, "limit": 10, "sources": True}
    when = dt.datetime(2021, 7, 19, 12, 0)
    assert coerce_params(q("as_of"), {"as_of": when})["as_of"] == dt.date(2021, 7, 19)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("FALSE", False), ("1", True), ("off", False)],
)
def test_coerce_booleans(raw: str, expected: bool) -> None:
    assert coerce_params(q("neighbourhood"), {"id": "x", "sources": raw})["sources"] is expected


# --- CLI --param parsing ----------------------------------------------------------------------


def test_cypher_params_are_read_as_json_when_they_can_be() -> None:
    parsed = parse_params(
        ["n=5", 's="5"', "xs=[1,2]", "flag=true", "name=HAFNIUM", "empty=", "eq=a=b"],
        infer_json=True,
    )
    assert parsed == {
        "n": 5,
        "s": "5",
        "xs": [1, 2],
        "flag": True,
        "name": "HAFNIUM",
        "empty": "",
        "eq": "a=b",
    }


def test_query_params_stay_strings_for_coercion() -> None:
    assert parse_params(["hops=2", "id=hafnium"], infer_json=False) == {
        "hops": "2",
        "id": "hafnium",
    }


@pytest.mark.parametrize("pair", ["hafnium", "=x"])
def test_a_param_without_a_name_is_an_error(pair: str) -> None:
    with pytest.raises(ValueError, match="expected name=value"):
        parse_params([pair], infer_json=True)


# --- limits -----------------------------------------------------------------------------------


def test_limits_have_defaults_within_their_range_and_help() -> None:
    assert set(limits.LIMITS) == {"timeout_seconds", "max_rows", "max_result_mb"}
    for limit in limits.LIMITS.values():
        assert limit.minimum <= limit.default <= limit.maximum
        assert limit.help
    assert (limits.LIMITS["timeout_seconds"].default, limits.LIMITS["max_rows"].default) == (
        10,
        1000,
    )


def test_limits_are_clamped_to_their_maximum() -> None:
    assert limits.timeout_seconds() == 10
    assert limits.timeout_seconds(5) == 5
    assert limits.timeout_seconds(3600) == 60
    assert limits.timeout_seconds(0) == limits.LIMITS["timeout_seconds"].minimum
    assert limits.max_rows() == 1000
    assert limits.max_rows(10**9) == 10000
    assert limits.max_rows(0) == 1


def test_every_limit_is_documented_in_the_readme() -> None:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, limit in limits.LIMITS.items():
        row = next((line for line in text.splitlines() if f"`{name}`" in line), None)
        assert row is not None, f"README.md does not document the limit {name!r}"
        assert f"| {limit.default:g} | {limit.maximum:g} |" in row, row


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Silk-Typhoon", "silktyphoon"),
        ("ＳＩＬＫ　ＴＹＰＨＯＯＮ", "silktyphoon"),
        ("Straße", "strasse"),
    ],
)
def test_search_gets_the_input_folded_by_the_one_name_fold(typed: str, key: str) -> None:
    """The folded key reaches Cypher as a parameter ($key), folded by attrib.names.name_key:
    full-width letters and ß fold as the stored names_keys do."""
    params = coerce_params(q("search"), {"q": typed})
    assert params["key"] == name_key(typed) == key
    assert "p{L}" not in code_only(q("search").text)  # no second fold in the Cypher
    with pytest.raises(ParamError, match="unknown parameter 'key'"):
        coerce_params(q("search"), {"q": typed, "key": "x"})
