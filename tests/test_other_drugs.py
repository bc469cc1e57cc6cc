"""Other drugs (spec §15.8), worked by hand:

- an interacting concomitant drug is recorded as an interaction: the suspect stays suspect (scores are those
  of its own facts), the interacting drug is an alternative cause until the assessor marks it: with Naranjo
  Q5 "no" (+2) and the drug not among the causes, a warning names it; ALDEN's interaction criterion reads
  the same fact (criterion 2: stopped more than 5 half-lives before, with an interaction, -1 not -3);
- a concomitant drug started within the onset window (from the suspect's first dose to the onset) is warned
  about the same way while it is not assessed;
- a multi-ingredient product lists its ingredients, and an assessment may name any ingredient as the suspect,
  with the product's dates; ALDEN scores the ingredients (it scores each "drug component");
- exposure through the mother: the drug row says so, and the onset may count from birth;
- a drug's pharmacological class names what "similar drugs" means for Naranjo Q9.
"""

from __future__ import annotations

from typing import Any

from causality import yamlio
from causality.assessment import assess_case
from causality.casefile import read_case, to_data
from causality.onset import After
from causality.report.view import build
from tests.helpers import case_from

COLCHICINE = """
    case_id: I-1
    suspect_drugs: [{name: colchicine, start: 2024-01-01}]
    concomitant_drugs:
      - {name: clarithromycin, start: 2024-03-02, interacts_with: colchicine,
         interaction_mechanism: CYP3A4 and P-gp inhibition}
      - {name: amlodipine, start: 2020-05-01}
    reactions: [{term: diarrhoea, onset: 2024-03-06}]
    assessments:
      - drug: colchicine
        reaction: diarrhoea
        facts:
          alternative_causes: [{cause: infective gastroenteritis, status: tested_excluded}]
"""


def test_an_interacting_drug_not_assessed_as_a_cause_is_warned_about_and_scores_nothing() -> None:
    (r,) = assess_case(case_from(COLCHICINE))
    # Q2: onset 65 days after the first dose +2; Q5: the one recorded cause excluded -> "no" +2. Total 4.
    assert (r.naranjo_trace["q5"].value, r.naranjo.total) == ("no", 4)
    (warning,) = [w for w in r.warnings if "not assessed as causes" in w]
    assert (
        "clarithromycin (interacts with colchicine: CYP3A4 and P-gp inhibition; "
        "started 2024-03-02, within the onset window)" in warning
    )
    assert "amlodipine" not in warning  # started years before the first dose of colchicine


def test_once_marked_the_interacting_drug_is_a_cause_like_any_other() -> None:
    text = COLCHICINE.replace(
        "[{cause: infective gastroenteritis, status: tested_excluded}]",
        "[{cause: infective gastroenteritis, status: tested_excluded}, "
        "{cause: clarithromycin interaction, status: present_possible}]",
    )
    (r,) = assess_case(case_from(text))
    # Q5 "yes" (-1): 2 - 1 = 1; nothing left to warn about.
    assert (r.naranjo_trace["q5"].value, r.naranjo.total) == ("yes", 1)
    assert not any("not assessed as causes" in w for w in r.warnings)


def test_the_report_shows_the_interaction() -> None:
    case = case_from(COLCHICINE)
    view = build(case, assess_case(case))
    names = [d["name"] for d in view.concomitant_drugs]
    assert "clarithromycin (interacts with colchicine: CYP3A4 and P-gp inhibition)" in names


def test_an_interaction_must_name_a_suspect_drug() -> None:
    data = yamlio.load(COLCHICINE.replace("interacts_with: colchicine", "interacts_with: warfarin"))
    _, problems = read_case("c.yaml", data)
    assert [p.path for p in problems] == ["concomitant_drugs[0].interacts_with"]


def _sjs(interaction: bool) -> Any:
    # Allopurinol stopped 2024-01-10, index day 2024-01-20: 10 days = 240 h = 10 half-lives of 24 h (> 5).
    other = ", interacts_with: allopurinol" if interaction else ""
    text = f"""
        case_id: S-1
        suspect_drugs: [{{name: allopurinol, start: 2024-01-01, stop: 2024-01-10, half_life_hours: 24}}]
        concomitant_drugs: [{{name: furosemide, start: 2023-06-01{other}}}]
        reactions: [{{term: Stevens-Johnson syndrome, onset: 2024-01-20}}]
        assessments: [{{drug: allopurinol, reaction: Stevens-Johnson syndrome}}]
    """
    (r,) = assess_case(case_from(text))
    alden = r.results["alden"]
    return next(x for x in alden.lines if x.id == "2")


def test_alden_reads_the_interaction_for_the_drug_present_on_the_index_day() -> None:
    assert _sjs(interaction=False).points == -3  # excluded: no liver/kidney dysfunction, no interaction
    assert _sjs(interaction=True).points == -1  # doubtful: a suspected interaction


PRODUCT = """
    case_id: P-1
    suspect_drugs:
      - {name: co-trimoxazole, start: 2024-05-01, ingredients: [sulfamethoxazole, trimethoprim],
         drug_class: sulfonamide antibacterial}
    reactions: [{term: maculopapular rash, onset: 2024-05-09}]
    assessments: [{drug: sulfamethoxazole, reaction: maculopapular rash}]
"""


def test_an_ingredient_may_be_the_suspect_with_the_products_dates() -> None:
    (r,) = assess_case(case_from(PRODUCT))
    assert (r.drug, r.time_to_onset_days) == ("sulfamethoxazole", 8)  # 2024-05-09 - 2024-05-01
    assert r.naranjo_trace["q2"].value == "yes"
    case = case_from(PRODUCT)
    assert build(case, assess_case(case)).suspect_drugs[0]["name"] == (
        "co-trimoxazole (ingredients: sulfamethoxazole, trimethoprim; class: sulfonamide antibacterial)"
    )
    written = to_data(case)["suspect_drugs"][0]
    assert written["ingredients"] == ["sulfamethoxazole", "trimethoprim"]


def test_a_name_that_is_neither_a_drug_nor_an_ingredient_is_an_error() -> None:
    data = yamlio.load(PRODUCT.replace("drug: sulfamethoxazole", "drug: penicillin"))
    _, problems = read_case("c.yaml", data)
    assert [p.path for p in problems] == ["assessments[0].drug"]


def test_alden_scores_each_ingredient() -> None:
    text = PRODUCT.replace("maculopapular rash", "toxic epidermal necrolysis")
    (r,) = assess_case(case_from(text))
    alden = r.results["alden"]
    names = {row.name for row in alden.drug_rows()}
    assert names == {"sulfamethoxazole", "trimethoprim"}


def test_exposure_through_the_mother_and_an_onset_after_birth() -> None:
    text = """
        case_id: M-1
        patient: {age: 0.1}
        suspect_drugs: [{name: lamotrigine, through_mother: breast_milk}]
        reactions: [{term: rash, onset: 3 weeks after birth}]
        assessments: [{drug: lamotrigine, reaction: rash}]
    """
    case = case_from(text)
    assert case.reactions[0].onset_relative is not None
    assert case.reactions[0].onset_relative.after is After.BIRTH
    (r,) = assess_case(case)
    assert r.time_to_onset == "3 weeks after birth (as reported)"
    assert r.naranjo_trace["q2"].value == "yes"
    assert build(case, [r]).suspect_drugs[0]["name"] == "lamotrigine (taken by the mother, breast milk)"
    assert to_data(case)["suspect_drugs"][0]["through_mother"] == "breast_milk"


def test_the_class_says_what_similar_means_for_q9() -> None:
    text = """
        case_id: C-1
        suspect_drugs: [{name: amoxicillin, drug_class: beta-lactam}]
        reactions: [{term: urticaria}]
        assessments: [{drug: amoxicillin, reaction: urticaria, facts: {previous_reaction: similar_drug}}]
    """
    (r,) = assess_case(case_from(text))
    assert r.naranjo_trace["q9"].value == "yes"
    assert "the same class, beta-lactam" in r.naranjo_trace["q9"].reason


def test_the_interview_refuses_an_ingredient_pair_in_one_line(tmp_path: Any) -> None:
    # The interview asks about suspect drugs by name; until it knows ingredients, assess --from says so
    # instead of failing on the way in.
    import pytest

    from causality.errors import UsageError
    from causality.interview.command import _check_interview_can_open

    path = tmp_path / "p.yaml"
    path.write_text(PRODUCT, encoding="utf-8")
    with pytest.raises(UsageError, match="sulfamethoxazole \\(an ingredient of co-trimoxazole\\)"):
        _check_interview_can_open(str(path))
    path.write_text(PRODUCT.replace("drug: sulfamethoxazole", "drug: co-trimoxazole"), encoding="utf-8")
    _check_interview_can_open(str(path))  # the product itself opens


def test_a_drug_counts_as_assessed_only_when_named_as_a_word() -> None:
    # "asa" started within the window; a cause "nasal trauma" does not name it (the letters only).
    text = """
        case_id: W-1
        suspect_drugs: [{name: clopidogrel, start: 2024-01-01}]
        concomitant_drugs: [{name: asa, start: 2024-01-02}]
        reactions: [{term: epistaxis, onset: 2024-01-09}]
        assessments:
          - {drug: clopidogrel, reaction: epistaxis,
             facts: {alternative_causes: [{cause: nasal trauma, status: clinically_excluded}]}}
    """
    (r,) = assess_case(case_from(text))
    assert any("asa (started 2024-01-02, within the onset window)" in w for w in r.warnings)
    named = text.replace("cause: nasal trauma", "cause: ASA")
    (r,) = assess_case(case_from(named))
    assert not any("not assessed as causes" in w for w in r.warnings)
