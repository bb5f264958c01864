"""The attribution lag's rules and arithmetic (attrib/lag.py): pure, no database."""

from __future__ import annotations

from typing import Any

import pytest

from attrib import lag
from attrib.lag import Item, Lag, lag_between, phase_of, quartiles


def item(**fields: Any) -> Item:
    base: dict[str, Any] = {"id": "c", "type": "claim", "kind": "attribution", "date": "2021-03-02"}
    base["precision"] = fields.pop("precision", "day")
    return Item(**{**base, **fields})


def row(
    cid: str, start: str | None, items: list[dict[str, Any]], states: Any = ()
) -> dict[str, Any]:
    return {"campaign_id": cid, "campaign": cid.title(), "first_seen": start, "items": items,
            "states": list(states)}  # fmt: skip


def raw(iid: str, date: str, **fields: Any) -> dict[str, Any]:
    return {"item": iid, "type": "claim", "kind": "attribution", "date": date, **fields}


# --- Days ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "date", "expected"),
    [
        ("2021-01-06", "2021-03-02", Lag(55, 55)),  # Microsoft on the Exchange breach
        ("2021-01-06", "2021-07-19", Lag(194, 194)),  # the UK's NCSC
        ("2021-01-06", "2021-03", Lag(54, 84)),  # China's month-dated denial: a range
        ("2021-12", "2021-12-14", Lag(-17, 13)),  # a month-dated start, on both sides of zero
        ("2020", "2021-01-01", Lag(1, 366)),  # a year-dated start (2020: a leap year)
        ("2019-05-10", "2019-04-30", Lag(-10, -10)),  # before the start: kept, negative
        (None, "2021-03-02", None),
        ("2021-01-06", "", None),
    ],
)
def test_lag_is_the_range_of_days_between_the_readings(
    start: str | None, date: str, expected: Lag | None
) -> None:
    assert lag_between(start, date) == expected


def test_only_a_single_day_range_is_exact_and_only_wholly_negative_is_before_the_start() -> None:
    assert Lag(55, 55).exact and not Lag(54, 84).exact
    assert Lag(-10, -10).before_start and not Lag(-17, 13).before_start
    assert (Lag(55, 55).text(), Lag(54, 84).text()) == ("55 d", "54 to 84 d")


# --- Phases ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "phase"),
    [
        ({"basis": "technical", "claimant_kind": "vendor"}, "technical"),
        ({"basis": "intelligence", "claimant_kind": "agency"}, "political"),  # the NCSC
        ({"basis": "technical", "claimant_kind": "government"}, "political"),  # claimant first
        ({"basis": "unspecified", "claimant_kind": "intergovernmental"}, "political"),  # the EU
        ({"claimant_kind": "person", "employer_kinds": ("government",)}, "political"),
        ({"claimant_kind": "person", "employer_kinds": ("company",)}, "technical"),
        ({"basis": "political", "claimant_kind": "media"}, "political"),
        ({"basis": "legal", "claimant_kind": "vendor"}, "legal"),  # basis legal wins
        ({"basis": "unspecified", "claimant_kind": "research"}, "technical"),
        ({"basis": "reporting", "claimant_kind": "media"}, None),  # not counted
        ({"kind": "denial", "claimant_kind": "government"}, "denial"),
        ({"type": "event", "kind": "legal-response"}, "legal"),
        ({"type": "event", "kind": "political-response"}, None),
        ({"kind": "sponsorship", "claimant_kind": "agency"}, None),
    ],
)
def test_each_item_counts_in_one_phase_by_the_rules(fields: dict[str, Any], phase: Any) -> None:
    assert phase_of(item(**fields))[0] == phase


def test_an_item_of_no_phase_says_why() -> None:
    assert phase_of(item(basis="reporting", claimant_kind="media")) == (
        None,
        "basis reporting and claimant kind media: not counted",
    )


# --- The first item of a phase ----------------------------------------------------------------


def test_the_first_of_a_phase_lies_between_the_lowest_bounds_of_its_items() -> None:
    c = lag.campaign_lag(
        row(
            "x",
            "2021-01-06",
            [
                raw("late", "2021-07-19", basis="technical"),
                raw("month", "2021-03", basis="technical"),
                raw("day", "2021-03-02", basis="technical"),
            ],
        )
    )
    first = c.milestones["technical"]
    # 2021-03 may be 1 March (54 d) or later; the day-dated item caps it at 55 d.
    assert (first.item.id, first.lag, first.count) == ("month", Lag(54, 55), 3)


def test_a_day_dated_item_before_every_imprecise_one_gives_an_exact_first() -> None:
    c = lag.campaign_lag(
        row("x", "2021-01-06", [raw("m", "2021-03", basis="technical"),
                                raw("d", "2021-02-20", basis="technical")])
    )  # fmt: skip
    assert (c.milestones["technical"].item.id, c.milestones["technical"].lag) == ("d", Lag(45, 45))


def test_a_campaign_without_a_start_has_milestones_without_days() -> None:
    c = lag.campaign_lag(row("x", None, [raw("a", "2021-03-02", basis="technical")]))
    assert c.milestones["technical"].lag is None
    stats = lag.Stats.of(c.milestones.values())
    assert (stats.n, stats.left_out_undated, stats.left_out_imprecise) == (0, 1, 0)


# --- Figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (None, None, None)),
        ([55], (55.0, 55.0, 55.0)),
        ([10, 20, 30, 40], (17.5, 25.0, 32.5)),
        ([1, 2, 3, 4, 100], (2.0, 3.0, 4.0)),
    ],
)
def test_quartiles_are_linear_between_ranks(values: list[int], expected: Any) -> None:
    assert quartiles(values) == expected


CASES = [
    row("a", "2021-01-06", [raw("a1", "2021-03-02", basis="technical"),
                            raw("a2", "2021-03", kind="denial")],
        [{"state": "China", "via": "sponsorship"}, {"state": "China", "via": "operates from"}]),
    row("b", "2022-01-01", [raw("b1", "2022-01-11", basis="technical")],
        [{"state": "Russia", "via": "named"}]),
    row("c", "2022-02-01", [raw("c1", "2022-01-22", basis="technical")],
        [{"state": "Russia", "via": "named"}, {"state": "China", "via": "sponsorship"}]),
    row("d", "2022", [raw("d1", "2022-06-01", basis="technical")]),
    row("e", "2020-01-01", [raw("e1", "2020-01-02", basis="reporting", claimant_kind="media")]),
]  # fmt: skip


def test_by_type_medians_use_exact_lags_only_and_count_what_was_left_out() -> None:
    groups = {g.phase: g for g in lag.aggregate(lag.campaign_lags(CASES), "type")}
    technical = groups["technical"].stats
    # 55, 10 and -10 days are exact; "d" (a year-dated start) is a range, left out.
    assert (technical.n, technical.median, technical.q1, technical.q3) == (3, 10.0, 0.0, 32.5)
    assert (technical.low, technical.high) == (-10, 55)
    assert (technical.left_out_imprecise, technical.before_start) == (1, 1)
    denial = groups["denial"].stats
    assert (denial.n, denial.median, denial.left_out_imprecise) == (0, None, 1)
    assert "legal" not in groups and "political" not in groups


def test_by_state_a_campaign_counts_under_each_state_and_says_which_route() -> None:
    groups = {(g.key, g.phase): g for g in lag.aggregate(lag.campaign_lags(CASES), "state")}
    china, russia = groups[("China", "technical")], groups[("Russia", "technical")]
    assert (china.stats.n, china.stats.median) == (2, 22.5)  # a (55) and c (-10)
    assert (russia.stats.n, russia.stats.median) == (2, 0.0)  # b (10) and c (-10)
    assert china.via == ("operates from", "sponsorship")
    assert russia.via == ("named",)
    assert groups[(lag.NO_STATE, "technical")].stats.left_out_imprecise == 1  # d


def test_by_year_groups_by_the_start_year_even_when_only_the_year_is_known() -> None:
    groups = {(g.key, g.phase): g.stats for g in lag.aggregate(lag.campaign_lags(CASES), "year")}
    assert (groups[("2021", "technical")].n, groups[("2021", "technical")].median) == (1, 55.0)
    assert groups[("2022", "technical")].n == 2
    assert groups[("2022", "technical")].left_out_imprecise == 1


def test_the_document_gives_every_phase_a_median_with_n_and_lists_what_was_not_counted() -> None:
    doc = lag.summarise(CASES, "type").document()
    assert doc["medians"] == {
        "technical": {"median": 10, "n": 3},
        "political": {"median": None, "n": 0},
        "legal": {"median": None, "n": 0},
        "denial": {"median": None, "n": 0},
    }
    assert doc["left_out"] == {"imprecise": 2, "no_start_date": 0, "attributions_not_counted": 1}
    assert [n["item"] for n in doc["not_counted"]] == ["e1"]
    a = next(c for c in doc["campaigns"] if c["campaign_id"] == "a")
    assert a["milestones"]["denial"]["days_range"] == [54, 84]
    assert a["milestones"]["denial"]["days"] is None


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="by must be one of type, state, year"):
        lag.summarise([], "actor")  # type: ignore[arg-type]
