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
    """The nodes and links the browser is sent for a spec (`to_payload`), by id."""
    payload = graph.to_payload(spec)
    return {n["id"]: n for n in payload["nodes"]}, {e["id"]: e for e in payload["edges"]}


def test_a_non_attribution_claim_never_looks_like_an_attribution() -> None:
    nodes, rels = solarwinds_case()
    spec = graph.build(nodes, rels)
    vnodes, vrels = drawn(spec)
    attr, non = vnodes["c-attr"], vnodes["c-non"]
    # Captioned with who says it, what kind, how sure (the claimant from CLAIMED_BY).
    by_id = {n.id: n for n in spec.nodes}
    assert by_id["c-attr"].caption == "Microsoft: attribution, High"
    assert attr["caption"] == "Microsoft: attribution, High"
    assert "NOT linked" in non["caption"]
    assert attr["colour"] != non["colour"]
    assert attr["shape"] == non["shape"] == "diamond"  # a claim drawn as a node
    # The non-attribution's own edges take its look, not a plain or an attribution one,
    # and are dashed; so is the denial's DISPUTES link to the claim it denies.
    non_edge, attr_edge = vrels["c-non-OBJECT-solarwinds"], vrels["c-attr-OBJECT-hafnium"]
    assert non_edge["colour"] != attr_edge["colour"]
    assert "NOT linked" in non_edge["caption"]
    assert non_edge["width"] < CLAIM_LOOKS["attribution"].width
    assert (non_edge["dashed"], attr_edge["dashed"]) == (True, False)
    assert vrels["c-deny-DISPUTES-c-attr"]["dashed"] is True
    assert vrels["hafnium-USES-exchange"]["dashed"] is False
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
    colours = {k: vrels[f"claim:c-{k}"]["colour"] for k in ("attr", "non", "deny")}
    assert len(set(colours.values())) == 3
    assert colours["deny"] == CLAIM_LOOKS["denial"].colour
    dashed = {k: vrels[f"claim:c-{k}"]["dashed"] for k in ("attr", "non", "deny")}
    assert dashed == {"attr": False, "non": True, "deny": True}
    assert spec.summary()["dashed"] == [
        "Government of China: DENIAL",
        "Microsoft: NOT linked (non-attribution), no connection",
    ]


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


def test_the_legend_is_the_same_whatever_is_drawn() -> None:
    """Every label and kind, in one order and one colour, whatever the drawing holds; only
    what is on this drawing is marked drawn (a filter never recolours or reorders a kind)."""
    nodes, rels = solarwinds_case()
    whole = graph.to_payload(graph.build(nodes, rels, claims_as_edges=True))["legend"]
    only_hafnium = graph.to_payload(graph.build(nodes[:1], []))["legend"]
    looks = [(i["text"], i["colour"], i.get("dashed")) for i in whole]
    assert looks == [(i["text"], i["colour"], i.get("dashed")) for i in only_hafnium]
    drawn_whole = {i["text"] for i in whole if i["drawn"]}
    assert {"Actor", "Campaign", "attribution", "DENIAL"} <= drawn_whole
    assert {i["text"] for i in only_hafnium if i["drawn"]} == {"Actor"}
    dashed = {i["text"] for i in whole if i.get("dashed")}
    assert dashed == {"DENIAL", "NOT linked (non-attribution)"}


def test_a_claim_edge_knows_its_claim() -> None:
    nodes, rels = solarwinds_case()
    spec = graph.build(nodes, rels, claims_as_edges=True)
    assert graph.claim_of_edge(spec, "claim:c-non") == "c-non"
    assert graph.claim_of_edge(spec, "hafnium-USES-exchange") is None
