"""Liverpool ADR Causality Assessment Tool (Gallagher et al., PLoS One 2011;6:e28096, Figure 2).

The flowchart is data: a node table and an edge table, so a correction is a one-line change. The two edges
once in doubt (spec §3.3) follow the verification in spec §14: L5 "No" -> Possible; L7 "Yes" -> L9 (the
rechallenge question is not asked on that path). "Unassessable" dechallenge follows the Yes branch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from causality.instruments import Citation, InstrumentInfo

INFO = InstrumentInfo(
    name="lcat",
    title="Liverpool ADR Causality Assessment Tool",
    summary="A yes/no flowchart: Unlikely, Possible, Probable or Definite, with the path taken.",
    citations=(
        Citation(
            "Gallagher RM, Kirkham JJ, Mason JR, Bird KA, Williamson PR, Nunn AJ, Turner MA, Smyth RL, "
            "Pirmohamed M. Development and inter-rater reliability of the Liverpool adverse drug reaction "
            "causality assessment tool. PLoS One 2011;6(12):e28096.",
            doi="10.1371/journal.pone.0028096",
            note="After L5 'No' and L7 'Yes' the tool follows the paper's flowchart (Figure 2).",
        ),
    ),
)

# Node id -> (question, answers allowed). Answers are the branch labels of the figure.
NODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "L1": ("Do you suspect an adverse drug reaction?", ("yes", "no")),
    "L2": ("Did the event appear after the drug was administered or the dose increased?", ("yes", "no")),
    "L3": ("Were pre-existing symptoms exacerbated by the drug?", ("yes", "no")),
    "L4": ("Did the event improve (± treatment) when the drug was stopped or the dose reduced?",
           ("yes", "unassessable", "no")),
    "L5": ("Was the event associated with long-lasting disability or impairment?", ("yes", "no")),
    "L6": ("What is the probability that the event was due to an underlying disease?", ("low", "high_or_unsure")),
    "L7": ("Is there any objective evidence supportive of the causal ADR mechanism?", ("yes", "no")),
    "L8": ("Was there a positive rechallenge?", ("yes", "no")),
    "L9": ("Is there a past history of the same event with this drug in this patient?", ("yes", "no")),
    "L10": ("Has the event previously been reported with this drug?", ("yes", "no")),
}  # fmt: skip

OUTCOMES = ("unlikely", "possible", "probable", "definite")

# (node, answer) -> next node or outcome.
EDGES: dict[tuple[str, str], str] = {
    ("L1", "no"): "unlikely",
    ("L1", "yes"): "L2",
    ("L2", "yes"): "L4",
    ("L2", "no"): "L3",
    ("L3", "no"): "unlikely",
    ("L3", "yes"): "L4",
    ("L4", "yes"): "L6",
    ("L4", "unassessable"): "L6",  # single dose, intermittent therapy, or a drug that cannot be stopped
    ("L4", "no"): "L5",
    ("L5", "yes"): "L6",
    ("L5", "no"): "possible",
    ("L6", "low"): "L8",
    ("L6", "high_or_unsure"): "L7",
    ("L7", "no"): "possible",
    ("L7", "yes"): "L9",
    ("L8", "yes"): "definite",
    ("L8", "no"): "L9",
    ("L9", "yes"): "definite",
    ("L9", "no"): "L10",
    ("L10", "yes"): "probable",
    ("L10", "no"): "possible",
}


class Step(NamedTuple):
    """One question on the path and the answer that was followed."""

    node: str
    answer: str


class Result(NamedTuple):
    """The outcome, or None with the node whose answer is missing."""

    outcome: str | None
    path: tuple[Step, ...]
    missing: str | None = None


def assess(answers: Mapping[str, str]) -> Result:
    """Follow the flowchart from L1; stop at an outcome, or where an answer is missing."""
    path: list[Step] = []
    node = "L1"
    while node not in OUTCOMES:
        answer = answers.get(node)
        if answer is None:
            return Result(None, tuple(path), missing=node)
        if answer not in NODES[node][1]:
            raise ValueError(f"{node}: '{answer}' is not one of {NODES[node][1]}")
        path.append(Step(node, answer))
        node = EDGES[(node, answer)]
    return Result(node, tuple(path))
