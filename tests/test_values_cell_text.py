"""attrib.values.cell_text on lists of maps: fields without a value are left out."""

from __future__ import annotations

import pytest

from attrib.values import cell_text, confidence_text


def test_a_source_with_no_relays_shows_no_empty_relays_field() -> None:
    sources = [
        {"title": "Exchange report", "relays": [], "url": "", "note": None, "extra": {}},
        {"title": "Second", "relays": ["Reuters", "AP"]},
    ]
    assert cell_text(sources) == "• title: Exchange report\n• title: Second; relays: Reuters, AP"


def test_zero_and_false_are_values_not_absences() -> None:
    assert cell_text([{"count": 0, "contested": False}]) == "• count: 0; contested: false"


@pytest.mark.parametrize(
    ("label", "value", "scale", "shown"),
    [
        ("High", 85, "none-low-med-high", "“High” (none-low-med-high) → 85/100"),
        ("High", 85, None, "“High” → 85/100"),
        (None, 60, None, "no wording → 60/100"),
        ("likely", None, None, "“likely” → no number"),
    ],
)
def test_confidence_reads_the_same_everywhere(
    label: str | None, value: int | None, scale: str | None, shown: str
) -> None:
    """One format for a claim's confidence: the Claim page, the cards, the Actor and Identity
    tables all show `values.confidence_text`."""
    assert confidence_text(label, value, scale) == shown
