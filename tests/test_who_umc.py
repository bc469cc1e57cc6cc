"""WHO-UMC decision procedure (spec §2.3), its test vectors (§11 T16-T18) and every step."""

from __future__ import annotations

import itertools

import pytest

from causality.instruments import who_umc as W

J, T, A, D, R, Info = W.Judgement, W.Timing, W.Alternatives, W.Dechallenge, W.Rechallenge, W.InfoStatus


def decide(**kw: object) -> W.Result:
    return W.decide(W.Inputs(**kw))  # type: ignore[arg-type]


def oracle(event: str, info: str, timing: str, alt: str, dech: str, definitive: str, rech: str, needed: str,
           obtainable: str) -> str | None:  # fmt: skip
    """Spec §2.3 typed out again from its text, with plain strings."""
    if event == "no" and info != "pending":
        return "unassessable"
    if info == "insufficient_or_contradictory_final":
        return "unassessable"
    if info == "pending":
        return "conditional"
    if timing == "unknown":
        return {"yes": "conditional", "no": "unassessable"}.get(obtainable)
    if timing == "impossible":
        return "unlikely"
    if timing == "improbable_not_impossible" and alt == "plausible_explanation":
        return "unlikely"
    if (
        timing == "plausible"
        and alt == "excluded"
        and dech == "positive_plausible"
        and definitive == "yes"
        and (rech == "positive" or needed == "no")
    ):
        return "certain"
    if (
        timing in {"plausible", "reasonable"}
        and alt in {"excluded", "unlikely"}
        and dech in {"positive_plausible", "positive_clinically_reasonable"}
        and rech != "negative"
    ):
        return "probable"
    if timing in {"plausible", "reasonable"} and (
        alt in {"possible", "plausible_explanation", "unknown"}
        or dech in {"not_done_or_unclear", "not_applicable"}
    ):
        return "possible"
    return None


def test_every_input_combination_matches_the_spec_procedure() -> None:
    spaces = [list(t) for t in (J, Info, T, A, D, J, R, J, J)]
    count = 0
    for combo in itertools.product(*spaces):
        event, info, timing, alt, dech, definitive, rech, needed, obtainable = combo
        result = W.decide(W.Inputs(event, info, timing, alt, dech, definitive, rech, needed, obtainable))
        expected = oracle(*(c.value for c in combo))
        assert (result.category.value if result.category else None) == expected, combo
        count += 1
    assert count == 3 * 3 * 5 * 5 * 5 * 3 * 3 * 3 * 3


def test_t16_probable() -> None:
    r = decide(
        timing=T.REASONABLE,
        alternatives=A.UNLIKELY,
        dechallenge=D.POSITIVE_REASONABLE,
        rechallenge=R.NOT_DONE,
    )
    assert (r.category, r.step) == (W.Category.PROBABLE, 7)


def test_t17_possible_when_dechallenge_unknown() -> None:
    r = decide(timing=T.REASONABLE, alternatives=A.UNLIKELY, dechallenge=D.NOT_DONE)
    assert (r.category, r.step) == (W.Category.POSSIBLE, 8)
    assert r.met(W.Category.POSSIBLE) == ("Po1", "Po3")


def test_t18_unassessable_when_information_final_and_insufficient() -> None:
    r = decide(info_status=Info.INSUFFICIENT, timing=T.PLAUSIBLE)
    assert (r.category, r.step) == (W.Category.UNASSESSABLE, 1)


def test_step0_no_event() -> None:
    assert decide(event_documented=J.NO, timing=T.PLAUSIBLE).step == 0
    # ... unless data are pending, which makes it provisional instead.
    assert decide(event_documented=J.NO, info_status=Info.PENDING).category is W.Category.CONDITIONAL


def test_step2_pending_is_conditional() -> None:
    r = decide(info_status=Info.PENDING, timing=T.PLAUSIBLE, alternatives=A.EXCLUDED)
    assert (r.category, r.step) == (W.Category.CONDITIONAL, 2)


@pytest.mark.parametrize(
    ("obtainable", "category"),
    [(J.YES, W.Category.CONDITIONAL), (J.NO, W.Category.UNASSESSABLE), (J.UNKNOWN, None)],
)
def test_step3_unknown_timing_depends_on_whether_dates_can_be_obtained(
    obtainable: J, category: object
) -> None:
    r = decide(timing=T.UNKNOWN, timing_obtainable=obtainable)
    assert (r.category, r.step) == (category, 3)
    if category is None:
        assert r.nearest == (W.Category.CONDITIONAL, W.Category.UNASSESSABLE)


def test_step4_impossible_timing_shows_unlikely_with_a_warning() -> None:
    r = decide(timing=T.IMPOSSIBLE, alternatives=A.EXCLUDED, dechallenge=D.POSITIVE_PLAUSIBLE)
    assert (r.category, r.step) == (W.Category.UNLIKELY, 4)
    assert "UMC has no category" in r.notes[0]


def test_step5_unlikely() -> None:
    r = decide(timing=T.IMPROBABLE, alternatives=A.PLAUSIBLE)
    assert (r.category, r.step) == (W.Category.UNLIKELY, 5)
    assert r.unmet(W.Category.UNLIKELY) == ()


def test_step6_certain_without_rechallenge_when_not_needed() -> None:
    base = {"timing": T.PLAUSIBLE, "alternatives": A.EXCLUDED, "dechallenge": D.POSITIVE_PLAUSIBLE,
            "definitive_event": J.YES}  # fmt: skip
    assert decide(**base, rechallenge_needed=J.NO).category is W.Category.CERTAIN
    assert decide(**base, rechallenge=R.POSITIVE).category is W.Category.CERTAIN
    # Needed but not done: C5 fails, so the case falls to Probable.
    r = decide(**base, rechallenge_needed=J.YES)
    assert r.category is W.Category.PROBABLE
    assert r.unmet(W.Category.CERTAIN) == ("C5",)


def test_step7_probable_is_blocked_by_a_negative_rechallenge() -> None:
    r = decide(
        timing=T.REASONABLE,
        alternatives=A.EXCLUDED,
        dechallenge=D.POSITIVE_REASONABLE,
        rechallenge=R.NEGATIVE,
    )
    assert (r.category, r.step) == (None, 9)
    assert r.unmet(W.Category.PROBABLE) == ("P4",)
    # Possible also misses one group: nothing competes (Po2) and withdrawal information exists (Po3).
    assert r.unmet(W.Category.POSSIBLE) == ("Po2", "Po3")
    assert r.nearest == (W.Category.PROBABLE, W.Category.POSSIBLE)


def test_step8_possible_with_competing_explanation() -> None:
    r = decide(timing=T.PLAUSIBLE, alternatives=A.POSSIBLE, dechallenge=D.POSITIVE_PLAUSIBLE)
    assert (r.category, r.step) == (W.Category.POSSIBLE, 8)


def test_irreversible_event_caps_at_possible() -> None:
    r = decide(
        timing=T.PLAUSIBLE, alternatives=A.EXCLUDED, dechallenge=D.NOT_APPLICABLE, definitive_event=J.YES
    )
    assert r.category is W.Category.POSSIBLE


def test_step9_negative_dechallenge_names_nearest_and_failing_criteria() -> None:
    # UMC does not name this situation: reasonable timing, alternatives excluded, reaction persisted on withdrawal.
    r = decide(timing=T.REASONABLE, alternatives=A.EXCLUDED, dechallenge=D.NEGATIVE)
    assert (r.category, r.step) == (None, 9)
    # Probable fails P3 only; Possible fails its "Po2 or Po3" group; Certain fails 4 of 5.
    assert r.unmet(W.Category.PROBABLE) == ("P3",)
    assert r.unmet(W.Category.POSSIBLE) == ("Po2", "Po3")
    assert set(r.nearest) == {W.Category.PROBABLE, W.Category.POSSIBLE}


def test_step9_improbable_timing_without_other_explanation() -> None:
    r = decide(timing=T.IMPROBABLE, alternatives=A.EXCLUDED, dechallenge=D.POSITIVE_REASONABLE)
    assert (r.category, r.step) == (None, 9)
    assert r.unmet(W.Category.UNLIKELY) == ("U2",)


def test_criteria_are_conjunctive_not_the_fhir_or() -> None:
    # Everything Certain asks for except C4: under an "or" reading this would still be Certain.
    r = decide(timing=T.PLAUSIBLE, alternatives=A.EXCLUDED, dechallenge=D.POSITIVE_PLAUSIBLE,
               definitive_event=J.NO, rechallenge=R.POSITIVE)  # fmt: skip
    assert r.category is W.Category.PROBABLE
