"""Re-exposure: which drug was given again, and with what. Worked by hand from these rules:

- only the same drug re-given is its rechallenge (Naranjo Q4, WHO-UMC rechallenge);
- a drug of the same class with recurrence: Q9 yes (+1, "the same or similar drugs"), Q4 do not know (0),
  WHO-UMC rechallenge not done;
- the drug re-given together with another suspect and the reaction recurred: Q4 yes (+2) for each, with
  a warning that it does not tell the suspects apart; WHO-UMC rechallenge not done (Certain is never
  derived from a joint rechallenge);
- the same re-exposure credited to both Q4 and Q9 is warned about.
"""

from __future__ import annotations

import pytest

from tests.helpers import pair


@pytest.mark.parametrize(
    ("given", "q4", "q9", "who", "warned"),
    [
        ("same_drug", "yes", "unknown", "positive", False),
        ("same_class", "unknown", "yes", "not_done", False),
        ("with_other_suspects", "yes", "unknown", "not_done", True),
    ],
)
def test_what_was_given_again(given: str, q4: str, q9: str, who: str, warned: bool) -> None:
    r = pair({"rechallenge": {"outcome": "recurred", "given": given}})
    assert (r.naranjo_trace["q4"].value, r.naranjo_trace["q9"].value) == (q4, q9)
    assert r.who_umc_inputs["rechallenge"].value == who
    assert any("does not tell the suspects apart" in w for w in r.warnings) is warned


def test_points_for_the_same_class() -> None:
    # q4 0 instead of +2, q9 +1: the rechallenge of a similar drug adds 1 point, not 2.
    same = pair({"rechallenge": "recurred"})
    similar = pair({"rechallenge": {"outcome": "recurred", "given": "same_class"}})
    assert same.naranjo.total - similar.naranjo.total == 1


def test_the_same_re_exposure_credited_twice_is_warned() -> None:
    r = pair({"rechallenge": "recurred", "previous_reaction": "same_drug"})
    assert (r.naranjo_trace["q4"].value, r.naranjo_trace["q9"].value) == ("yes", "yes")
    assert any(w.startswith("naranjo.q4 and q9:") for w in r.warnings)
    assert not any(w.startswith("naranjo.q4 and q9:") for w in pair({"rechallenge": "recurred"}).warnings)
