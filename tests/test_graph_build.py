"""The graph spec builder (ui/graph.py), without a browser or a database: how claims look,
claims collapsed into labelled edges, the node cap, and what the neighbourhood rows carry."""

from __future__ import annotations

from typing import Any

from ui import graph
from ui.graph import GNode, GRel
from ui.graph_style import CLAIM_LOOKS


def node(nid: str, label: str, **props: Any) -> GNode:
    return GNode(nid, (label, "Entity") if label != "Claim" else (label,), {"id": nid, **props})


def rel(start: str, rtype: str, end: str) -> GRel:
    return GRel(f"{start}-{rtype}-{end}", rtype, start, end, {})


def solarwinds_case() -> tuple[list[GNode], list[GRel]]:
    """HAFNIUM attributed the Exchange breach, and NOT linked to SolarWinds, by Microsoft;
    China denies the Exchange breach (a claim without an object)."""
    nodes = [
        node("hafnium", "Actor", name="HAFNIUM"),
        node("exchange", "Campaign", name="Exchange breach"),
        node("solarwinds", "Campaign", name="SolarWinds"),
        node("microsoft", "Organisation", name="Microsoft"),
        node("china", "Organisation", name="Government of China"),
        node("c-attr", "Claim", kind="attribution", confidence_label="High"),
        node("c-non", "Claim", kind="non-attribution", confidence_label="no connection"),
        node("c-deny", "Claim", kind="denial"),
    ]
    rels = [
        rel("c-attr", "SUBJECT", "exchange"),
        rel("c-attr", "OBJECT", "hafnium"),
        rel("c-attr", "CLAIMED_BY", "microsoft"),
        rel("c-non", "SUBJECT", "hafnium"),
        rel("c-non", "OBJECT", "solarwinds"),
        rel("c-non", "CLAIMED_BY", "microsoft"),
        rel("c-deny", "SUBJECT", "exchange"),
        rel("c-deny", "CLAIMED_BY", "china"),
        rel("c-deny", "DISPUTES", "c-attr"),
        rel("hafnium", "USES", "exchange"),
    ]
    return nodes, rels


def drawn(spec: graph.GraphSpec) -> tuple[dict[str, Any], dict[str, Any]]:
    """The neo4j-viz nodes and relationships of a spec, by id."""
    vg = graph.to_visualization(spec)
    return {str(n.id): n for n in vg.nodes}, {str(r.id): r for r in vg.relationships}


def test_a_non_attribution_claim_never_looks_like_an_attribution() -> None:
    nodes, rels = solarwinds_case()
    spec = graph.build(nodes, rels)
    vnodes, vrels = drawn(spec)
    attr, non = vnodes["c-attr"], vnodes["c-non"]
    # Captioned with who says it, what kind, how sure (the claimant from CLAIMED_BY).
    by_id = {n.id: n for n in spec.nodes}
    assert by_id["c-attr"].caption == "Microsoft: attribution, High"
    assert attr.caption == "Microsoft: attribution, High"
    assert non.caption is not None and "NOT linked" in non.caption
    assert attr.color != non.color
    # The non-attribution's own edges take its look, not a plain or an attribution one.
    non_edge, attr_edge = vrels["c-non-OBJECT-solarwinds"], vrels["c-attr-OBJECT-hafnium"]
    assert non_edge.color != attr_edge.color
    assert non_edge.caption is not None and "NOT linked" in non_edge.caption
    assert non_edge.width is not None and attr_edge.width is not None
    assert non_edge.width < CLAIM_LOOKS["attribution"].width
    assert spec.claim_kinds == {"attribution", "non-attribution", "denial"}


def test_claims_as_edges_makes_one_captioned_edge_per_claim() -> None:
    nodes, rels = solarwinds_case()
    spec = graph.build(nodes, rels, claims_as_edges=True)
    assert "Claim" not in spec.summary()["by_label"]
    claim_edges = [r for r in spec.rels if r.claim_kind]
    assert len(claim_edges) == 3
    by_kind = {r.claim_kind: r for r in claim_edges}
    attr, non, deny = by_kind["attribution"], by_kind["non-attribution"], by_kind["denial"]
    assert (attr.start, attr.end, attr.caption) == (
        "exchange",
        "hafnium",
        "Microsoft: attribution, High",
    )
    assert (non.start, non.end) == ("hafnium", "solarwinds")
    assert non.caption == "Microsoft: NOT linked (non-attribution), no connection"
    # A denial has no object: it runs from the claimant to what it denies.
    assert (deny.start, deny.end, deny.caption) == (
        "china",
        "exchange",
        "Government of China: DENIAL",
    )
    # No edge touches a claim node any more; the plain edge stays.
    assert [r.type for r in spec.rels if not r.claim_kind] == ["USES"]
    _, vrels = drawn(spec)
    colours = {k: vrels[f"claim:c-{k}"].color for k in ("attr", "non", "deny")}
    assert len(set(colours.values())) == 3
    assert str(colours["deny"]).lower() == CLAIM_LOOKS["denial"].colour


def test_the_node_cap_keeps_the_focus_and_counts_the_rest() -> None:
    nodes = [node("hub", "Actor", name="Hub")] + [
        node(f"n{i}", "Sector", name=f"Sector {i}") for i in range(10)
    ]
    rels = [rel("hub", "TARGETS", f"n{i}") for i in range(10)]
    spec = graph.build(nodes, rels, cap=4, focus="hub")
    assert spec.summary()["nodes"] == 4 and spec.dropped_nodes == 7
    assert "hub" in spec.summary()["ids"]
    assert len(spec.rels) == 3 and spec.dropped_rels == 7
    more = graph.build(nodes, rels, cap=4 + 40, focus="hub")
    assert more.dropped_nodes == 0 and len(more.nodes) == 11


def neighbourhood_rows() -> list[dict[str, Any]]:
    """Rows shaped like the `neighbourhood` query's: the claim carries its ends, which are
    not among the rows (they are two hops from HAFNIUM)."""
    claim = {
        "_id": "e:c-non",
        "_labels": ["Claim"],
        "id": "c-non",
        "kind": "non-attribution",
        "claimant": "Microsoft",
        "name": None,
        "_ends": [
            {
                "role": "SUBJECT",
                "_rid": "r1",
                "node": {
                    "_id": "e:h",
                    "_labels": ["Actor", "Entity"],
                    "id": "hafnium",
                    "name": "HAFNIUM",
                },
            },
            {
                "role": "OBJECT",
                "_rid": "r2",
                "node": {
                    "_id": "e:s",
                    "_labels": ["Campaign", "Entity"],
                    "id": "solarwinds",
                    "name": "SolarWinds",
                },
            },
            {
                "role": "CLAIMED_BY",
                "_rid": "r3",
                "node": {
                    "_id": "e:m",
                    "_labels": ["Organisation", "Entity"],
                    "id": "microsoft",
                    "name": "Microsoft",
                },
            },
        ],
    }
    hafnium = {"_id": "e:h", "_labels": ["Actor", "Entity"], "id": "hafnium", "name": "HAFNIUM"}
    return [
        {"node": hafnium, "rels": []},
        {
            "node": claim,
            "rels": [{"_id": "r1", "_type": "SUBJECT", "_start": "e:c-non", "_end": "e:h"}],
        },
    ]


def test_a_claim_brings_its_far_ends_when_drawn_as_an_edge() -> None:
    nodes, rels = graph.extract([], neighbourhood_rows())
    claim = next(n for n in nodes if n.label == "Claim")
    assert "_ends" not in claim.props and claim.props["claimant"] == "Microsoft"
    assert {e.role for e in claim.ends} == {"SUBJECT", "OBJECT", "CLAIMED_BY"}
    # Drawn as a node, the claim is captioned by claimant and kind; SolarWinds is not drawn.
    as_node = graph.build(nodes, rels)
    assert as_node.summary()["ids"] == ["c-non", "hafnium"]
    assert claim.caption.startswith("Microsoft: NOT linked")
    # As an edge, SolarWinds (two hops away) is drawn at its end.
    as_edge = graph.build(nodes, rels, claims_as_edges=True)
    assert as_edge.summary()["ids"] == ["hafnium", "solarwinds"]
    assert as_edge.summary()["claim_edges"] == ["Microsoft: NOT linked (non-attribution)"]


def test_merge_adds_an_expanded_nodes_neighbours_once() -> None:
    nodes, rels = solarwinds_case()
    first = (nodes[:3], rels[:1])
    more = (nodes[2:5], rels[:3])
    merged_nodes, merged_rels = graph.merge(first, more)
    assert [n.id for n in merged_nodes] == [
        "hafnium",
        "exchange",
        "solarwinds",
        "microsoft",
        "china",
    ]
    assert len(merged_rels) == 3
