"""What an export leaves behind: the facts of a case the format has no place for, one line each, so that
nobody believes the export holds more than it does. Printed on standard error by `causality export`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from causality.interchange.common import Assessed, assessor_words, causalities, clip, result_words
from causality.model import Case, Sex

NAMES = {"fhir-r5": "FHIR R5", "fhir-r4b": "FHIR R4B", "e2b-r3": "E2B(R3)"}


def lines(fmt: str, assessed: Sequence[Assessed], region: str | None = None) -> list[str]:
    """``causality export: FORMAT leaves out ...`` lines, the ones true of every case first."""
    name = NAMES[fmt]
    out = [
        f"causality export: {name} leaves out the answers behind each result (items, points, where each "
        "answer came from and why) and the facts they rest on; `causality report` prints them"
    ]
    for one in assessed:
        out += [
            f"causality export: {one.case.case_id}: {name} leaves out {what}"
            for what in _case(fmt, one, region)
        ]
    return out


def _case(fmt: str, one: Assessed, region: str | None) -> Iterator[str]:
    case = one.case
    fhir = fmt.startswith("fhir")
    yield from _shared(case)
    warnings = sum(len(r.warnings) for r in one.results)
    if warnings:
        yield f"{warnings} warning{'s' if warnings != 1 else ''} about misapplied answers"
    skipped = {x.instrument for r in one.results for x in r.routes if not x.applies}
    if skipped:
        from causality.instruments import registry

        titles = ", ".join(registry.title(key) for key in registry.ids() if key in skipped)
        yield f"why some pairs were not assessed with: {titles}"
    if fhir:
        untested = {c.cause for p in case.assessments for c in p.facts.alternative_causes if c.status.open}
        if untested:
            yield "the alternative causes not considered or not tested: " + ", ".join(sorted(untested))
        if case.patient.conditions:
            yield "the patient's conditions (their clinical status is not recorded)"
    if fmt == "fhir-r4b":
        if any(r.onset_relative for r in case.reactions):
            yield "the onset given as a time after a dose (an R4B AdverseEvent has no note)"
        if any(r.description for r in case.reactions):
            yield "the description of each reaction (an R4B AdverseEvent has no note)"
        if any(p.conclusion for p in case.assessments):
            yield "the assessor's conclusion (an R4B AdverseEvent has no note)"
    if fmt == "e2b-r3":
        yield from _e2b(one, region)


def _shared(case: Case) -> Iterator[str]:
    p = case.patient
    said = [
        name
        for name, value in (
            ("pregnancy", p.pregnant),
            ("alcohol intake", p.alcohol_drinks_per_day),
            ("liver or kidney dysfunction", p.liver_or_kidney_dysfunction),
        )
        if value is not None
    ]
    if said:
        yield "the patient's " + ", ".join(said)
    drugs = [*case.suspect_drugs, *case.concomitant_drugs]
    about = [
        name
        for name, present in (
            ("half-lives", any(d.half_life_hours is not None for d in drugs)),
            ("pharmacological classes", any(d.drug_class for d in drugs)),
            ("ALDEN answers", any(d.alden for d in drugs)),
            ("exposure through the mother", any(d.through_mother for d in drugs)),
            ("interaction mechanisms", any(d.interaction_mechanism for d in drugs)),
        )
        if present
    ]
    if about:
        yield "the drugs' " + ", ".join(about)
    labs = any(any(v is not None for v in vars(r.labs).values()) for r in case.reactions)
    treated = any(r.treatment_given is not None for r in case.reactions)
    if labs or treated:
        yield "the reactions' " + " and ".join(
            x for x, y in (("laboratory values", labs), ("treatment", treated)) if y
        )
    if case.assessed_at is not None:
        yield "when the case was assessed"
    if case.signatures:
        yield "its signatures (who signed, as what, when, and whether each still holds)"
    if case.history:
        yield "its history of changes"
    for pair in case.assessments:
        if pair.role.final and pair.reason:
            yield f"the reason for the {pair.role.value} of {pair.drug} x {pair.reaction}"
    for pair in case.assessments:
        drug = case.drug(pair.drug)
        if drug is not None and drug.ingredient_of:
            yield (
                f"that {pair.drug} was assessed as one ingredient of {drug.ingredient_of} (its assessment of "
                f"{pair.reaction} is linked to the product)"
            )


def _e2b(one: Assessed, region: str | None) -> Iterator[str]:
    from causality.interchange.e2b import LIMIT, NAME_LIMIT

    case = one.case
    if case.patient.sex is Sex.OTHER:
        yield "the patient's sex 'other' (E2B codes male and female only; sent as unknown)"
    if case.patient.conditions:
        yield "the patient's conditions as coded history (MedDRA codes are needed; they are in no element)"
    if case.reporter is not None and (case.reporter.name or case.reporter.role):
        yield "the reporter's name and role (E2B wants them split and coded)"
    yield "MedDRA codes of the reactions (none recorded; each reaction is sent as reported)"
    yield "severity and preventability results as coded elements (they are in the narrative)"
    for d in [*case.suspect_drugs, *case.concomitant_drugs]:
        if len(d.name) > NAME_LIMIT:
            yield f"the end of the drug name '{clip(d.name, 40)}' (at most {NAME_LIMIT} characters)"
    for row in causalities(one):
        words = result_words(row.result)
        if len(words) > LIMIT or len(row.coding.name) > LIMIT:
            yield f"the end of the result '{clip(words, 40)}' (at most {LIMIT} characters)"
        if region == "eu" and row.code not in ("certain", "probably-likely", "possible", "unlikely"):
            yield (
                f"an EU code for {row.coding.name} '{words}' of {row.pair.drug} and {row.pair.reaction} "
                "(no reasonable-possibility equivalent; written as text)"
            )
    long_sources = {assessor_words(row.assessor, row.pair) for row in causalities(one)}
    for source in sorted(s for s in long_sources if len(s) > LIMIT):
        yield f"the end of the source of assessment '{clip(source, 40)}' (at most {LIMIT} characters)"
