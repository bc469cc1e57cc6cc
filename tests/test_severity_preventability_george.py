"""Hartwig-Siegel, modified Schumock-Thornton and George criteria against spec §6, §7 and §11 vectors."""

from __future__ import annotations

import itertools

import pytest

from causality.instruments import hartwig
from causality.instruments import schumock_thornton as preventability
from causality.instruments.george import scorer as george


def test_t19_hartwig_level_3() -> None:
    r = hartwig.assess(hartwig.Facts(drug_changed=True, antidote_or_treatment=True, extra_days_in_hospital=0))
    assert (r.level, r.band) == ("3", "moderate")


@pytest.mark.parametrize(
    ("facts", "level", "band"),
    [
        (hartwig.Facts(False, False, False, False, 0, False, False), "1", "mild"),
        (hartwig.Facts(drug_changed=True), "2", "mild"),
        (hartwig.Facts(drug_changed=True, extra_days_in_hospital=2), "4a", "moderate"),
        (hartwig.Facts(reason_for_admission=True), "4b", "moderate"),
        (hartwig.Facts(reason_for_admission=True, intensive_care=True), "5", "severe"),
        (hartwig.Facts(permanent_harm=True, intensive_care=True), "6", "severe"),
        (hartwig.Facts(death=True, permanent_harm=True), "7", "severe"),
    ],
)
def test_hartwig_top_down(facts: hartwig.Facts, level: str, band: str) -> None:
    r = hartwig.assess(facts)
    assert (r.level, r.band, r.notes) == (level, band, ())


def test_hartwig_level_1_says_what_was_not_recorded() -> None:
    r = hartwig.assess(hartwig.Facts(drug_changed=False, antidote_or_treatment=False))
    assert r.level == "1" and r.notes == (
        "not recorded: death, permanent_harm, intensive_care, reason_for_admission, extra_days_in_hospital",
    )


def test_hartwig_notes_a_broken_chain() -> None:
    assert "level-4" in hartwig.assess(hartwig.Facts(intensive_care=True)).notes[0]
    assert "level-3" in hartwig.assess(hartwig.Facts(extra_days_in_hospital=1)).notes[0]


def test_seriousness_is_separate_from_severity() -> None:
    assert hartwig.serious(["hospitalisation"]) is True
    assert hartwig.serious([]) is False
    # Severe but not serious is possible, and serious but mild: the flag is never derived from the level.
    assert hartwig.assess(hartwig.Facts(drug_changed=False)).band == "mild"
    with pytest.raises(ValueError, match="bad"):
        hartwig.serious(["bad"])


def test_t25_probably_preventable() -> None:
    answers = dict.fromkeys(preventability.QUESTIONS, "no") | {"B2": "yes"}
    r = preventability.assess(answers)
    assert (r.verdict, r.because, r.provisional) == ("probably_preventable", ("B2",), False)


def test_preventability_every_combination_of_one_answer_per_section() -> None:
    for a, b in itertools.product(preventability.ANSWERS, repeat=2):
        answers = dict.fromkeys(preventability.QUESTIONS, "no") | {"A3": a, "B4": b}
        r = preventability.assess(answers)
        expected = (
            "definitely_preventable"
            if a == "yes"
            else "probably_preventable"
            if b == "yes"
            else "not_preventable"
        )
        assert r.verdict == expected
        assert r.provisional is ("unknown" in (a, b))


def test_preventability_missing_answers_are_unknown_and_provisional() -> None:
    r = preventability.assess({"A1": "no"})
    assert r.verdict == "not_preventable" and len(r.unknown) == 8


def test_t20_george_probable() -> None:
    assert george.assess({1, 2, 3}).level == "probable"


@pytest.mark.parametrize(
    ("met", "level"),
    [({1, 2, 3, 4}, "definite"), ({1, 2, 3}, "probable"), ({1}, "possible"), ({1, 2}, "possible"),
     ({1, 3, 4}, "possible"), (set(), "unlikely"), ({2, 3, 4}, "unlikely")],
)  # fmt: skip
def test_george_levels(met: set[int], level: str) -> None:
    assert george.assess(met).level == level


def test_george_oklahoma_extension_shown_when_it_differs() -> None:
    r = george.assess({1, 2, 3, 5})
    assert (r.level, r.oklahoma_level) == ("probable", "definite")
    assert george.assess({1, 2, 3, 4, 5}).oklahoma_level is None
