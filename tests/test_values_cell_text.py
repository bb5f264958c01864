"""attrib.values.cell_text on lists of maps: fields without a value are left out."""

from __future__ import annotations

from attrib.values import cell_text


def test_a_source_with_no_relays_shows_no_empty_relays_field() -> None:
    sources = [
        {"title": "Exchange report", "relays": [], "url": "", "note": None, "extra": {}},
        {"title": "Second", "relays": ["Reuters", "AP"]},
    ]
    assert cell_text(sources) == "• title: Exchange report\n• title: Second; relays: Reuters, AP"


def test_zero_and_false_are_values_not_absences() -> None:
    assert cell_text([{"count": 0, "contested": False}]) == "• count: 0; contested: false"
