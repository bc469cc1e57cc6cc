"""Liverpool (LCAT) for one pair: its answers from the case's facts, its result, and how it is shown."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from causality import derive
from causality.answers import Source
from causality.derive import AlternativesState, Derivation
from causality.instruments import lcat as L
from causality.instruments.base import (
    EVERY_PAIR_WHY,
    Categories,
    Instrument,
    Interchange,
    Line,
    Result,
    line,
    listing_text,
    result_column,
)
from causality.model import (
    Case,
    DechallengeOutcome,
    DoseResponse,
    DrugLevel,
    Literature,
    Outcome,
    PairAssessment,
    PreviousReaction,
    RechallengeOutcome,
    Sequence,
    SpecificTestKind,
)
from causality.trace import Trace, resolve


@dataclass(init=False, eq=False, repr=False, frozen=True, slots=True, kw_only=True)
class LcatResult(Result):
    """The Liverpool tool for one pair: the category reached and the answers that led to it."""

    path: tuple[L.Step, ...]
    missing: str | None

    def __init__(
        self,
        instrument: str,
        title: str,
        why: str,
        result: str | None,
        score: int | None,
        lines: tuple[Line, ...],
        notes: tuple[str, ...] = (),
        unrecorded_means: str | None = None,
        warnings: tuple[str, ...] = (),
        *,
        path: tuple[L.Step, ...],
        missing: str | None,
    ) -> None:
        object.__setattr__(self, "instrument", instrument)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "why", why)
        object.__setattr__(self, "result", result)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "unrecorded_means", unrecorded_means)
        object.__setattr__(self, "warnings", warnings)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "missing", missing)

    def headline_note(self) -> str:
        if self.result is None and self.missing is not None:
            return f"the path stops at {self.missing}: not recorded: {_MISSING_WORDS.get(self.missing, 'its answer')}"
        return ""

    def path_text(self) -> str:
        return " → ".join(f"{s.node} {s.answer.replace('_', ' ')}" for s in self.path)

    def json_extra(self) -> dict[str, Any]:
        return {
            "path": [{"node": s.node, "answer": s.answer} for s in self.path],
            "path_text": self.path_text(),
            "missing": self.missing,
        }


def derived(case: Case, pair: PairAssessment) -> dict[str, Derivation[str]]:
    f, drug, reaction = pair.facts, case.drug(pair.drug), case.reaction(pair.reaction)
    rpath = derive.reaction_path(case, reaction)
    out: dict[str, Derivation[str]] = {
        "L1": Derivation("yes", "the pair is recorded for assessment as a suspected ADR", "assessments"),
    }
    seq = derive.sequence(f, drug, reaction)
    increased = (
        f.dose_response is not None and f.dose_response.outcome is DoseResponse.APPEARED_AFTER_INCREASE
    )
    if increased and seq.value is not Sequence.AFTER_DRUG:
        # The question reads "after the drug was administered or the dose increased".
        out["L2"] = Derivation("yes", "appeared or worsened after a dose increase", "facts.dose_response")
    elif seq.value is not Sequence.UNKNOWN:
        out["L2"] = Derivation("yes" if seq.value is Sequence.AFTER_DRUG else "no", seq.reason, seq.fact)
    if (v := derive.yes_no(f.pre_existing_exacerbated)) is not None:
        out["L3"] = Derivation(v, f"pre-existing symptoms exacerbated: {v}", "facts.pre_existing_exacerbated")
    d = f.dechallenge
    if d is not None:
        if d.outcome is DechallengeOutcome.IMPROVED:
            out["L4"] = Derivation("yes", derive.withdrawal_recorded(d), "facts.dechallenge")
        elif d.outcome is DechallengeOutcome.IMPROVED_AFTER_LAST_DOSE:
            out["L4"] = Derivation(
                "yes", "improved after a single dose or a course already ended", "facts.dechallenge"
            )
        elif d.outcome is DechallengeOutcome.NOT_IMPROVED_AFTER_LAST_DOSE:
            # The tool's own footnote: a single dose (or intermittent therapy) makes L4 unassessable.
            out["L4"] = Derivation(
                "unassessable",
                "a single dose or a course already ended: withdrawal cannot be assessed",
                "facts.dechallenge",
            )
        elif d.outcome.not_improved:
            out["L4"] = Derivation("no", "did not improve when the drug was stopped", "facts.dechallenge")
        elif d.outcome is DechallengeOutcome.RESOLVED_WHILE_CONTINUED:
            out["L4"] = Derivation(
                "unassessable",
                "resolved although the drug was continued: not a dechallenge",
                "facts.dechallenge",
            )
        elif d.outcome is DechallengeOutcome.NOT_APPLICABLE:
            out["L4"] = Derivation("no", "irreversible event: it could not improve", "facts.dechallenge")
    if derive.reduced_and_lessened(f):
        out["L4"] = Derivation("yes", "lessened when the dose was reduced", "facts.dose_response")
    harm = reaction.consequences.permanent_harm if reaction is not None else None
    outcome = reaction.outcome if reaction is not None else None
    if (v := derive.yes_no(harm)) is not None:
        out["L5"] = Derivation(v, f"long-lasting harm: {v}", f"{rpath}.consequences.permanent_harm")
    elif d is not None and d.outcome is DechallengeOutcome.NOT_APPLICABLE:
        out["L5"] = Derivation("yes", "irreversible event (death or permanent damage)", "facts.dechallenge")
    elif outcome in (Outcome.FATAL, Outcome.RECOVERED_WITH_SEQUELAE):
        out["L5"] = Derivation("yes", f"outcome {outcome.replace('_', ' ')}", f"{rpath}.outcome")
    elif outcome is Outcome.RECOVERED:
        out["L5"] = Derivation("no", "outcome recovered", f"{rpath}.outcome")
    state, why = derive.alternatives_state(f.alternative_causes)
    if state is AlternativesState.ALL_EXCLUDED:
        out["L6"] = Derivation("low", why, "facts.alternative_causes")
    elif state is not AlternativesState.NONE_RECORDED:
        out["L6"] = Derivation("high_or_unsure", why, "facts.alternative_causes")
    ev = f.mechanism_evidence
    parts = drug.ingredients if drug is not None else ()
    mechanism_test = derive.positive_test(f, pair.drug, *_MECHANISM_TESTS, parts=parts)
    if ev is not None and (v := derive.yes_no(ev.outcome)) is not None:
        note = f": {ev.note}" if ev.note else ""
        out["L7"] = Derivation(v, f"evidence of the mechanism: {v}{note}", "facts.mechanism_evidence")
    elif mechanism_test is not None:
        said = mechanism_test.kind.replace("_", " ")
        out["L7"] = Derivation("yes", f"positive {said} test", "facts.specific_tests")
    elif f.drug_level is not None and derive.level_reading(f.drug_level)[0] is DrugLevel.TOXIC:
        said = derive.measured(f.drug_level)
        out["L7"] = Derivation(
            "yes", f"supra-therapeutic drug level{f' ({said})' if said else ''}", "facts.drug_level"
        )
    elif f.dose_response is not None and f.dose_response.outcome.followed_the_dose:
        out["L7"] = Derivation("yes", "dose-dependent relationship observed", "facts.dose_response")
    undone = f.rechallenge is None or f.rechallenge.outcome is RechallengeOutcome.NOT_DONE
    r = derive.this_drugs_rechallenge(f)  # a re-exposure to another drug, or with one, is not this drug's
    if undone and derive.positive_test(f, pair.drug, SpecificTestKind.PROVOCATION, parts=parts) is not None:
        out["L8"] = Derivation("yes", "a positive provocation test is a rechallenge", "facts.specific_tests")
    elif r is not None:
        positive = r.outcome is RechallengeOutcome.RECURRED
        why = {
            RechallengeOutcome.RECURRED: "rechallenge: the event recurred",
            RechallengeOutcome.DID_NOT_RECUR: "rechallenge: the event did not recur",
            RechallengeOutcome.NOT_DONE: "no rechallenge was done",
        }[r.outcome]
        out["L8"] = Derivation("yes" if positive else "no", why, "facts.rechallenge")
    if (history := derive.same_drug_before(f, exclude=(PreviousReaction.UNKNOWN,))) is not None:
        out["L9"] = history
    lit = f.literature
    if lit is not None and lit.outcome is not Literature.NOT_SEARCHED:
        known = lit.outcome in (Literature.LABELLED, Literature.PUBLISHED)
        out["L10"] = Derivation(
            "yes" if known else "no", f"literature: {lit.outcome.replace('_', ' ')}", "facts.literature"
        )
    return out


# Tests that show the mechanism itself (an HLA allele only supports; a biopsy confirms the event).
_MECHANISM_TESTS = (
    SpecificTestKind.DRUG_DEPENDENT_ANTIBODIES,
    SpecificTestKind.LYMPHOCYTE_TRANSFORMATION,
    SpecificTestKind.PATCH,
    SpecificTestKind.SKIN,
    SpecificTestKind.PROVOCATION,
)

# What a clinician records for each question the path can stop at (the case file's field follows in _HINTS).
_MISSING_WORDS = {
    "L2": "when the reaction began relative to the drug",
    "L3": "whether the drug made symptoms the patient already had worse",
    "L4": "what happened when the drug was stopped or reduced (or that it could not be)",
    "L5": "whether the reaction left permanent harm",
    "L6": "the alternative causes considered, so the probability of an underlying disease cannot be judged",
}
_HINTS = {
    "L2": "the drug's start and the reaction's onset, or facts.timing.sequence",
    "L3": "facts.pre_existing_exacerbated",
    "L4": "facts.dechallenge (or lcat.L4: unassessable for a single dose, intermittent therapy or a drug "
    "that cannot be stopped)",
    "L5": "the reaction's consequences.permanent_harm or outcome",
    "L6": "facts.alternative_causes",
}
_ABSENT_MEANS_NO = ("L7", "L8", "L9", "L10")  # unanswerable -> "No" (published convention), flagged


class Lcat:
    id = "lcat"
    info = L.INFO
    title = "Liverpool ADR Causality Assessment Tool"
    applies_to = "every pair with anything it uses recorded"
    every_pair = True
    # Written where FHIR and E2B(R3) keep causality; the nearest HL7 category, the instrument's word beside it.
    interchange = Interchange(
        "checklist",
        "Liverpool ADR CAT",
        {
            "definite": "certain",
            "probable": "probably-likely",
            "possible": "possible",
            "unlikely": "unlikely",
        },
    )
    csv_columns = ("lcat",)
    categories = Categories.ordered(tuple(reversed(L.OUTCOMES)))

    @property
    def questions(self) -> Any:
        """What this instrument adds to the interview (read only by ``causality assess``)."""
        from causality.instruments.lcat import questions

        return questions

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return {node: answers for node, (_, answers) in L.NODES.items()}

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        return True, EVERY_PAIR_WHY

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return len(derived(case, pair)) > 1  # L1 is always derived

    def assess(self, case: Case, pair: PairAssessment, why: str) -> LcatResult:
        found = derived(case, pair)
        given = pair.answers.get(self.id, {})
        traces: dict[str, Trace[str]] = {}
        for node in L.NODES:
            if node in given or node in found or node in _ABSENT_MEANS_NO:
                traces[node] = resolve(
                    given.get(node),
                    found.get(node),
                    "no",
                    "not recorded: counted as 'no' (no evidence of it)",
                )
        result = L.assess({node: t.value for node, t in traces.items()})
        lines = tuple(line(s.node, L.NODES[s.node][0], traces[s.node]) for s in result.path)
        notes = []
        if result.missing is not None:
            notes.append(
                f"stops at {result.missing}: {L.NODES[result.missing][0]} Record "
                f"{_MISSING_WORDS.get(result.missing, 'an answer')} "
                f"(in a case file: {_HINTS.get(result.missing, 'the answer')})."
            )
        for step in result.path:
            if traces[step.node].source is Source.DEFAULT:
                what_if = L.assess({**{n: t.value for n, t in traces.items()}, step.node: "yes"}).outcome
                if what_if != result.outcome:
                    notes.append(
                        f"{step.node} was not recorded and counts as 'no'; 'yes' would give "
                        f"{(what_if or 'no outcome').capitalize()}"
                    )
        return LcatResult(
            self.id,
            self.title,
            why,
            result.outcome,
            None,
            lines,
            tuple(notes),
            path=tuple(result.path),
            missing=result.missing,
        )

    def csv_values(self, result: Result | None) -> list[object]:
        return result_column(result)

    def scales_text(self) -> str:
        body = []
        for node, (question, answers) in L.NODES.items():
            body.extend(
                textwrap.wrap(f"{node} {question}", 76, initial_indent="  ", subsequent_indent="      ")
            )
            body.extend(f"      {answer:<16} -> {L.EDGES[(node, answer)]}" for answer in answers)
        return listing_text(L.INFO, body)


INSTRUMENT: Instrument = Lcat()
