"""How the graph looks: a colour per label, and a look per claim kind that says what it is.

A claim's kind must be readable at a glance: a non-attribution ("HAFNIUM is NOT behind
SolarWinds") or a denial must never look like an attribution. NVL (neo4j-viz's renderer) draws
no dashed lines, so each kind differs by colour, width and a caption that names it; the same
table feeds the legend shown under the graph.
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
    streamlit: str  # the named colour for the legend's badge (Streamlit's palette)


CLAIM_LOOKS: dict[str, KindLook] = {
    "attribution": KindLook("#1f4e9c", 4, "attribution", "blue"),
    "sponsorship": KindLook("#7b3fb0", 3, "sponsorship", "violet"),
    "denial": KindLook("#d11a1a", 3, "DENIAL", "red"),
    "non-attribution": KindLook("#37474f", 2, "NOT linked (non-attribution)", "gray"),
    "alias": KindLook("#2e8b57", 2, "alias", "green"),
    "same-as": KindLook("#2e8b57", 2, "same as", "green"),
    "fact": KindLook("#c98a2b", 1.5, "fact", "orange"),
}
OTHER_CLAIM = KindLook("#c98a2b", 1.5, "claim", "orange")
# Kinds that deny or negate a link: their edges never take an attribution's look.
NEGATIVE_KINDS = frozenset({"denial", "non-attribution", "distinct"})


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


def legend_markdown(kinds: set[str]) -> str:
    """The claim kinds on the graph as coloured badges, for Markdown under the drawing
    (names come from the fixed table above, never from the data)."""
    badges = [
        f":{look.streamlit}-badge[{look.word}]"
        for kind, look in CLAIM_LOOKS.items()
        if kind in kinds
    ]
    if any(k not in CLAIM_LOOKS for k in kinds):
        badges.append(f":{OTHER_CLAIM.streamlit}-badge[other claims]")
    return "Claims: " + " ".join(badges) if badges else ""
