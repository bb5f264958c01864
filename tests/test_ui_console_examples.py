"""The Cypher console's examples (cypher/console/*.cypher): well formed, read-only, runnable."""

from __future__ import annotations

import json

import pytest

from attrib import runner
from attrib.cypher_text import named_parameters
from attrib.fingerprint import Fingerprint, graph_fingerprint
from ui import console_examples

TITLES = list(console_examples.examples())


def test_examples_are_listed_in_file_order_with_their_titles() -> None:
    assert TITLES == [
        "Actors and their aliases",
        "Claims about a campaign (graph)",
        "Who denies what",
    ]


@pytest.mark.parametrize("title", TITLES)
def test_an_example_gives_the_editor_cypher_and_every_parameter_it_uses(title: str) -> None:
    example = console_examples.examples()[title]
    assert example.text.startswith("MATCH ") and "//" not in example.text  # no header left
    assert named_parameters(example.text) == set(json.loads(example.params))


def test_an_example_file_without_a_title_is_refused() -> None:
    with pytest.raises(ValueError, match=r"actors\.cypher: the example has no `// title:` line"):
        console_examples.parse(
            '// params: {"id": "x"}\nMATCH (n {id: $id}) RETURN n', "actors.cypher"
        )
    with pytest.raises(ValueError, match="must be a JSON object"):
        console_examples.parse("// title: T\n// params: [1]\nRETURN 1", "t.cypher")
    with pytest.raises(ValueError, match=r"t\.cypher: `// params:` is not valid JSON"):
        console_examples.parse("// title: T\n// params: {id: 1}\nRETURN 1", "t.cypher")


@pytest.mark.neo4j
@pytest.mark.parametrize("title", TITLES)
def test_every_example_runs_through_the_guarded_path_and_finds_rows(
    seeded_graph: Fingerprint, title: str
) -> None:
    example = console_examples.examples()[title]
    outcome = runner.run_cypher(example.text, json.loads(example.params))
    assert outcome.rows
    assert graph_fingerprint() == seeded_graph
