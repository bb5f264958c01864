"""How the graph looks: a colour per label, and a look per claim kind that says what it is.

A claim's kind must be readable at a glance: a non-attribution ("HAFNIUM is NOT behind
SolarWinds") or a denial must never look like an attribution. Each kind differs by colour,
width and a caption that names it, and the kinds that deny or negate a link are drawn dashed.
The same fixed tables feed the legend drawn under the graph (`legend`), always whole and in
the same order, so a kind keeps its colour and place whatever the filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# One colour per label (a fixed list, as the labels are).
LABEL_COLOURS: dict[str, str] = {
    "Actor": "#d62728",
    "ResolvedActor": "#e377c2",
    "Organisation": "#1f77b4",
    "Person": "#17becf",
    "Country": "#2ca02c",
    "Campaign": "#ff7f0e",
    "Vulnerability": "#9467bd",
    "Tool": "#8c564b",
    "Infrastructure": "#7f7f7f",
    "Sector": "#bcbd22",
    "Source": "#aec7e8",
    "Event": "#f7b6d2",
    "Claim": "#ffbb78",
}
OTHER_COLOUR = "#c7c7c7"
# Radius in pixels: the actors and campaigns attribution is about stand out, claims recede.
NODE_SIZES = {"Actor": 40, "Campaign": 40, "Organisation": 32, "Country": 32, "Claim": 24}
PLAIN_EDGE = "#b0b0b0"  # light: a plain relationship recedes behind the claims


@dataclass(frozen=True)
class KindLook:
    """How one claim kind is drawn: node colour, edge colour and width, and the word the
    caption uses (a negative kind says so in capitals)."""

    colour: str
    width: float
    word: str


CLAIM_LOOKS: dict[str, KindLook] = {
    "attribution": KindLook("#1f4e9c", 4, "attribution"),
    "sponsorship": KindLook("#7b3fb0", 3, "sponsorship"),
    "denial": KindLook("#d11a1a", 3, "DENIAL"),
    "non-attribution": KindLook("#37474f", 2, "NOT linked (non-attribution)"),
    "alias": KindLook("#2e8b57", 2, "alias"),
    "same-as": KindLook("#2e8b57", 2, "same as"),
    "fact": KindLook("#c98a2b", 1.5, "fact"),
}
OTHER_CLAIM = KindLook("#c98a2b", 1.5, "claim")
# Kinds that deny or negate a link: their edges never take an attribution's look, and are dashed.
NEGATIVE_KINDS = frozenset({"denial", "non-attribution", "distinct"})
# A denial's DISPUTES link to the claim it denies takes the denial's look.
DISPUTES = "DISPUTES"


def claim_look(kind: Any) -> KindLook:
    return CLAIM_LOOKS.get(str(kind), OTHER_CLAIM)


def claim_caption(props: dict[str, Any], *, short: bool = False) -> str:
    """ "Microsoft: attribution, High": claimant, kind, the confidence in its own words."""
    kind = str(props.get("kind") or "claim")
    word = claim_look(kind).word if kind in CLAIM_LOOKS else kind
    who = props.get("claimant")
    label = props.get("confidence_label")
    text = f"{who}: {word}" if who else word
    if label and not short:
        label = str(label)
        text += f", {label if len(label) <= 24 else label[:23] + '…'}"
    return text


def legend(labels: set[str], kinds: set[str], *, plain_links: bool) -> list[dict[str, Any]]:
    """The legend drawn under the graph: every label and claim kind of the fixed tables, in
    their order, each marked `drawn` when it is on this drawing (names from the tables,
    never from the data). Node entries are dots; claim kinds and plain links are lines."""
    items: list[dict[str, Any]] = [
        {"text": label, "colour": colour, "line": False, "drawn": label in labels}
        for label, colour in LABEL_COLOURS.items()
    ]
    if labels - set(LABEL_COLOURS):
        items.append({"text": "other", "colour": OTHER_COLOUR, "line": False, "drawn": True})
    seen_words: set[str] = set()
    for kind, look in CLAIM_LOOKS.items():
        if look.word in seen_words:
            continue
        seen_words.add(look.word)
        same = {k for k, v in CLAIM_LOOKS.items() if v.word == look.word}
        items.append(
            {
                "text": look.word,
                "colour": look.colour,
                "line": True,
                "width": look.width,
                "dashed": kind in NEGATIVE_KINDS,
                "drawn": bool(kinds & (same | {kind})),
            }
        )
    if kinds - set(CLAIM_LOOKS):
        items.append(
            {
                "text": "other claims",
                "colour": OTHER_CLAIM.colour,
                "line": True,
                "width": OTHER_CLAIM.width,
                "dashed": False,
                "drawn": True,
            }
        )
    items.append(
        {
            "text": "other link",
            "colour": PLAIN_EDGE,
            "line": True,
            "width": 1,
            "dashed": False,
            "drawn": plain_links,
        }
    )
    return items
