"""The writer's queries, without a database: label slots take only names from the fixed lists."""

from __future__ import annotations

import pytest

from loader import writer


def test_entity_nodes_get_the_entity_label_too() -> None:
    assert "SET n = row.props, n:Actor:Entity" in writer.node_query(
        "load/merge_nodes.cypher", "Actor"
    )
    source = writer.node_query("load/merge_nodes.cypher", "Source")
    assert "MERGE (n:Source {id: row.id})" in source
    assert "SET n = row.props, n:Source\n" in source


def test_edge_queries_name_their_type_and_labels() -> None:
    text = writer.edge_query("load/merge_edges.cypher", ("USES", "Actor", "Tool"))
    assert "MATCH (a:Actor {id: row.from})" in text and "MERGE (a)-[r:USES]->(b)" in text


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("load/merge_nodes.cypher", "Actor {id: 1}) DETACH DELETE (x"),
        ("load/existing_nodes.cypher", "actor"),
    ],
)
def test_a_node_label_outside_the_fixed_list_is_refused(name: str, label: str) -> None:
    with pytest.raises(ValueError, match="not a known name"):
        writer.node_query(name, label)


@pytest.mark.parametrize(
    "shape", [("USES", "Actor", "Nope"), ("NOT_A_TYPE", "Actor", "Tool"), ("USES", "", "Tool")]
)
def test_an_edge_shape_outside_the_fixed_lists_is_refused(shape: tuple[str, str, str]) -> None:
    with pytest.raises(ValueError, match="not a known name"):
        writer.edge_query("load/merge_edges.cypher", shape)
