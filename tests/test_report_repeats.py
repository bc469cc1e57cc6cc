"""A printed report shows a table once: a later pair that gives every answer of an instrument as an earlier
pair did names that pair and prints only the items whose reasons differ. A pair with one answer of its own
gets the whole table."""

from __future__ import annotations

from causality.assessment import assess_case
from causality.report.view import build
from tests.helpers import case_from

TWO = """
    case_id: R-1
    suspect_drugs: [{name: d}]
    reactions: [{term: rash, outcome: recovered}, {term: itch, outcome: recovered}]
    assessments:
      - drug: d
        reaction: rash
        facts:
          timing: {sequence: after_drug}
          dechallenge: {outcome: improved}
          alternative_causes: [{cause: infection, status: tested_excluded, method: laboratory}]
      - drug: d
        reaction: itch
        facts:
          timing: {sequence: after_drug}
          dechallenge: {outcome: improved}
          alternative_causes: [{cause: dry skin, status: clinically_excluded, method: examination}]
"""


def views(text: str):  # type: ignore[no-untyped-def]
    case = case_from(text)
    return build(case, assess_case(case)).pairs


def test_the_same_answers_print_once_with_the_reasons_that_differ() -> None:
    rash, itch = views(TWO)
    assert rash.naranjo_same_as == "" and all(r.shown for r in rash.naranjo)
    assert itch.naranjo_same_as == "d \N{MULTIPLICATION SIGN} rash"
    # Only q5 rests on other facts (dry skin by examination, not infection by laboratory).
    assert [r.id for r in itch.naranjo if r.shown] == ["q5"]
    assert itch.who_same_as == "d \N{MULTIPLICATION SIGN} rash"
    lcat = next(f for f in itch.further if f.key == "lcat")
    assert lcat.same_as == "d \N{MULTIPLICATION SIGN} rash" and [r.id for r in lcat.rows if r.shown] == ["L6"]


def test_one_answer_of_its_own_prints_the_whole_table() -> None:
    text = TWO.replace(
        "          dechallenge: {outcome: improved}\n          alternative_causes: [{cause: dry skin",
        "          dechallenge: {outcome: not_improved}\n          alternative_causes: [{cause: dry skin",
    )
    _rash, itch = views(text)
    q3 = next(r for r in itch.naranjo if r.id == "q3")
    assert q3.answer == "No" and q3.points == 0  # Naranjo q3: yes +1, no 0 (against yes in the first pair)
    assert itch.naranjo_same_as == "" and all(r.shown for r in itch.naranjo)
    assert itch.who_same_as == ""


def test_the_terminal_and_other_outputs_are_not_shortened() -> None:
    from causality.report.view import pair_views

    case = case_from(TWO)
    _rash, itch = pair_views(case, assess_case(case))
    assert itch.naranjo_same_as == "" and all(r.shown for r in itch.naranjo)
