"""Confidence scales of STIX 2.1 (Appendix A), normalised to 0-100.

The claimant's own wording is always kept beside the number; the number only makes claims
comparable. Admiralty credibility 6 ("truth cannot be judged") and "Not Specified" have no
number by design. Numbers follow the normative tables of STIX 2.1 Appendix A: None 0, Low 15,
Med 50, High 85; 0-10 times ten; Admiralty credibility 1-5 -> 90, 70, 50, 30, 10; WEP 0, 10,
30, 50, 70, 90, 100; DNI 5, 15, 30, 50, 70, 85, 95.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, get_args

Scale = Literal["none-low-med-high", "0-10", "admiralty", "wep", "dni", "0-100", "wording"]
SCALES: tuple[str, ...] = get_args(Scale)

# Each entry: accepted spellings (first one canonical, as STIX 2.1 Appendix A spells it) ->
# normalised value. The numbers are the spec's normative "scale to STIX confidence" mappings
# (the same as the OASIS stix2 library's `stix2.confidence.scales`); other spellings are the
# halves of the spec's paired labels and Sherman Kent's original WEP wording.
_NAMED: dict[str, list[tuple[tuple[str, ...], int | None]]] = {
    "none-low-med-high": [
        (("Not Specified",), None),
        (("None",), 0),
        (("Low",), 15),
        (("Med", "Medium"), 50),
        (("High",), 85),
    ],
    "admiralty": [
        (("1 - Confirmed by other sources", "1", "Confirmed by other sources"), 90),
        (("2 - Probably True", "2", "Probably True"), 70),
        (("3 - Possibly True", "3", "Possibly True"), 50),
        (("4 - Doubtful", "4", "Doubtful"), 30),
        (("5 - Improbable", "5", "Improbable"), 10),
        (("6 - Truth cannot be judged", "6", "Truth cannot be judged"), None),
    ],
    "wep": [
        (("Impossible",), 0),
        (
            (
                "Highly Unlikely/Almost Certainly Not",
                "Highly Unlikely",
                "Almost Certainly Not",
            ),
            10,
        ),
        (("Unlikely/Probably Not", "Unlikely", "Probably Not"), 30),
        (("Even Chance", "Chances About Even"), 50),
        (("Likely/Probable", "Likely", "Probable"), 70),
        (("Highly likely/Almost Certain", "Highly Likely", "Almost Certain"), 90),
        (("Certain",), 100),
    ],
    "dni": [
        (("Almost No Chance / Remote", "Almost No Chance", "Remote"), 5),
        (("Very Unlikely / Highly Improbable", "Very Unlikely", "Highly Improbable"), 15),
        (("Unlikely / Improbable", "Unlikely", "Improbable"), 30),
        (
            (
                "Roughly Even Chance / Roughly Even Odds",
                "Roughly Even Chance",
                "Roughly Even Odds",
            ),
            50,
        ),
        (("Likely / Probable", "Likely", "Probable"), 70),
        (("Very Likely / Highly Probable", "Very Likely", "Highly Probable"), 85),
        (("Almost Certain / Nearly Certain", "Almost Certain", "Nearly Certain"), 95),
    ],
}


def _key(text: str) -> str:
    """Compare labels ignoring case, extra spaces and spaces around '/'."""
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text.strip())).casefold()


@cache
def _by_key(scale: str) -> dict[str, tuple[int | None, str]]:
    """A named scale's spellings by key -> (0-100, canonical label): built once per scale, not
    once per claim (the benchmarks' S corpus normalises 8,400 confidences)."""
    found: dict[str, tuple[int | None, str]] = {}
    for spellings, mapped in _NAMED[scale]:
        for spelling in spellings:
            found.setdefault(_key(spelling), (mapped, spellings[0]))  # the first entry wins
    return found


@dataclass(frozen=True)
class Confidence:
    """A claim's confidence: original label, scale, and 0-100 value (None: unjudgeable)."""

    label: str
    scale: str
    value: int | None


def labels(scale: str) -> list[str]:
    """Canonical labels of a named scale, for messages and UI pickers."""
    return [spellings[0] for spellings, _ in _NAMED.get(scale, [])]


def normalise(label: str | int | float, scale: str, value: int | None = None) -> Confidence:
    """Map a label on `scale` to 0-100.

    Args:
        label: the wording or number as the claimant gave it.
        scale: one of SCALES.
        value: an explicit 0-100 number; required for "wording", checked against the others.

    Raises:
        ValueError: unknown scale, a label not on the scale, or a value that disagrees.

    Example:
        >>> normalise("High", "none-low-med-high").value
        85
    """
    text = str(label).strip()
    if scale not in SCALES:
        raise ValueError(f"unknown confidence scale {scale!r}; use one of {', '.join(SCALES)}")
    computed: int | None
    if scale == "wording":
        if value is None:
            raise ValueError("scale 'wording' needs an explicit 'value' between 0 and 100")
        computed = value
    elif scale in ("0-10", "0-100"):
        top = 10 if scale == "0-10" else 100
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number on the {scale} scale") from None
        if not number.is_integer() or not 0 <= number <= top:
            raise ValueError(f"{text!r} is not a whole number from 0 to {top}")
        computed = int(number) * (10 if scale == "0-10" else 1)
        text = str(int(number))
    else:
        found = _by_key(scale).get(_key(text))
        if found is None:
            raise ValueError(
                f"{text!r} is not a label of scale {scale} ({'; '.join(labels(scale))})"
            )
        computed, text = found
    if value is not None and not 0 <= value <= 100:
        raise ValueError(f"value {value} is outside 0-100")
    if value is not None and value != computed:
        raise ValueError(f"value {value} disagrees with {text!r} on scale {scale} ({computed})")
    return Confidence(label=text, scale=scale, value=computed)
