"""Liverpool tool: spec §11 vectors and every branch of the flowchart, worked from Figure 2 (spec §3.2)."""

from __future__ import annotations

import itertools

import pytest

from causality.instruments import lcat


def outcome(**answers: str) -> str | None:
    return lcat.assess({k.upper(): v for k, v in answers.items()}).outcome


def test_t22_probable() -> None:
    assert outcome(l1="yes", l2="yes", l4="yes", l6="low", l8="no", l9="no", l10="yes") == "probable"


def test_t23_unlikely() -> None:
    assert outcome(l1="yes", l2="no", l3="no") == "unlikely"


def test_t24_single_dose_vaccine_unassessable_dechallenge_follows_yes() -> None:
    assert outcome(l1="yes", l2="yes", l4="unassessable", l6="low", l8="yes") == "definite"


@pytest.mark.parametrize(
    ("answers", "expected", "path"),
    [
        ({"l1": "no"}, "unlikely", "L1"),
        ({"l1": "yes", "l2": "no", "l3": "yes", "l4": "yes", "l6": "low", "l8": "yes"}, "definite",
         "L1 L2 L3 L4 L6 L8"),
        ({"l1": "yes", "l2": "yes", "l4": "no", "l5": "no"}, "possible", "L1 L2 L4 L5"),  # §14 (a)
        ({"l1": "yes", "l2": "yes", "l4": "no", "l5": "yes", "l6": "low", "l8": "no", "l9": "yes"}, "definite",
         "L1 L2 L4 L5 L6 L8 L9"),
        ({"l1": "yes", "l2": "yes", "l4": "yes", "l6": "high_or_unsure", "l7": "no"}, "possible", "L1 L2 L4 L6 L7"),
        # §14 (b): objective evidence with high/unsure disease probability goes to past history, not rechallenge
        ({"l1": "yes", "l2": "yes", "l4": "yes", "l6": "high_or_unsure", "l7": "yes", "l9": "no", "l10": "no"},
         "possible", "L1 L2 L4 L6 L7 L9 L10"),
        ({"l1": "yes", "l2": "yes", "l4": "yes", "l6": "high_or_unsure", "l7": "yes", "l9": "yes"}, "definite",
         "L1 L2 L4 L6 L7 L9"),
    ],
)  # fmt: skip
def test_branches_and_the_path_taken(answers: dict[str, str], expected: str, path: str) -> None:
    result = lcat.assess({k.upper(): v for k, v in answers.items()})
    assert result.outcome == expected
    assert " ".join(step.node for step in result.path) == path


def test_every_complete_answer_set_reaches_an_outcome_and_every_edge_is_used() -> None:
    used: set[tuple[str, str]] = set()
    nodes = list(lcat.NODES)
    for combo in itertools.product(*(lcat.NODES[n][1] for n in nodes)):
        result = lcat.assess(dict(zip(nodes, combo, strict=True)))
        assert result.outcome in lcat.OUTCOMES
        used |= {(s.node, s.answer) for s in result.path}
    assert used == set(lcat.EDGES)
    assert {o for o in lcat.EDGES.values() if o in lcat.OUTCOMES} == set(lcat.OUTCOMES)


def test_a_missing_answer_stops_at_its_node() -> None:
    result = lcat.assess({"L1": "yes", "L2": "yes"})
    assert (result.outcome, result.missing) == (None, "L4")


def test_an_answer_the_node_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="L6"):
        lcat.assess({"L1": "yes", "L2": "yes", "L4": "yes", "L6": "maybe"})
