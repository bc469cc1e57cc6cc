"""WHO-UMC's inputs from the facts of a pair: each with its reason and the fact it came from. The
judgements that cannot be inferred (plausible or reasonable timing, a definitive event, whether a
rechallenge is needed) are only ever read from what the assessor recorded."""

from __future__ import annotations

from enum import StrEnum

from causality.derive import (
    AlternativesState,
    Derivation,
    alternatives_state,
    positive_test,
    reduced_and_lessened,
    sequence,
)
from causality.instruments import who_umc as W
from causality.model import (
    DechallengeOutcome,
    Drug,
    Facts,
    Reaction,
    RechallengeOutcome,
    ReexposedTo,
    Sequence,
    SpecificTestKind,
    TimingJudgement,
    TreatmentKind,
    WithdrawalResponse,
)


def derived(
    facts: Facts, drug: Drug | None, reaction: Reaction | None, name: str = ""
) -> dict[str, Derivation[StrEnum]]:
    out: dict[str, Derivation[StrEnum]] = {
        "event_documented": Derivation(W.Judgement.YES, "a reaction is recorded for this pair", "reactions"),
    }
    if facts.information is not None:
        out["info_status"] = Derivation(facts.information, "recorded", "facts.information")

    seq = sequence(facts, drug, reaction)
    judged = facts.timing.plausibility if facts.timing is not None else TimingJudgement.UNKNOWN
    if seq.value is Sequence.BEFORE_DRUG:
        out["timing"] = Derivation(
            W.Timing.IMPOSSIBLE, f"event began before the drug ({seq.reason})", seq.fact
        )
    elif judged is not TimingJudgement.UNKNOWN:
        timing = {
            TimingJudgement.PLAUSIBLE: W.Timing.PLAUSIBLE,
            TimingJudgement.REASONABLE: W.Timing.REASONABLE,
            TimingJudgement.IMPROBABLE: W.Timing.IMPROBABLE,
            TimingJudgement.IMPOSSIBLE: W.Timing.IMPOSSIBLE,
        }[judged]
        out["timing"] = Derivation(
            timing, f"assessor judged the time relationship {judged}", "facts.timing.plausibility"
        )

    state, why = alternatives_state(facts.alternative_causes)
    if state is AlternativesState.SOME_OPEN:
        improbable = facts.untested_causes_improbable is W.Judgement.YES
        out["alternatives"] = Derivation(
            W.Alternatives.UNLIKELY if improbable else W.Alternatives.POSSIBLE,
            f"{why}; assessor {'judges' if improbable else 'does not judge'} them improbable",
            "facts.alternative_causes",
        )
    elif state is not AlternativesState.NONE_RECORDED:
        alternatives = {
            AlternativesState.ALL_EXCLUDED: W.Alternatives.EXCLUDED,
            AlternativesState.POSSIBLE: W.Alternatives.POSSIBLE,
            AlternativesState.CONFIRMED: W.Alternatives.PLAUSIBLE,
        }[state]
        out["alternatives"] = Derivation(alternatives, why, "facts.alternative_causes")

    if reduced_and_lessened(facts):
        out["dechallenge"] = Derivation(
            W.Dechallenge.POSITIVE_REASONABLE,
            "lessened after a dose reduction (the drug not stopped): 'clinically reasonable' (tool convention)",
            "facts.dose_response",
        )
    elif facts.dechallenge is not None:
        d = facts.dechallenge
        treated = (
            reaction is not None
            and reaction.treatment_given is not None
            and reaction.treatment_given.kind is TreatmentKind.SYMPTOMATIC
        )
        if d.outcome.improved and treated:
            value = W.Dechallenge.POSITIVE_REASONABLE
            why = "improved, with symptomatic treatment given: only 'clinically reasonable' (tool convention)"
        elif d.outcome.improved:
            if d.response is WithdrawalResponse.PLAUSIBLE:
                value, why = (
                    W.Dechallenge.POSITIVE_PLAUSIBLE,
                    "improved; assessor judged the response plausible",
                )
            else:
                value = W.Dechallenge.POSITIVE_REASONABLE
                why = (
                    "improved; assessor judged the response clinically reasonable"
                    if d.response is WithdrawalResponse.CLINICALLY_REASONABLE
                    else "improved; plausibility of the response not judged, so only 'clinically reasonable' is "
                    "credited (tool convention)"
                )
        else:
            value = (
                W.Dechallenge.NEGATIVE
                if d.outcome.not_improved
                else W.Dechallenge.NOT_APPLICABLE
                if d.outcome is DechallengeOutcome.NOT_APPLICABLE
                else W.Dechallenge.NOT_DONE
            )
            why = (
                "resolved although the drug was continued: no dechallenge (it argues against causality)"
                if d.outcome is DechallengeOutcome.RESOLVED_WHILE_CONTINUED
                else f"dechallenge {d.outcome.replace('_', ' ')}"
            )
        out["dechallenge"] = Derivation(value, why, "facts.dechallenge")

    if facts.event_definitive is not W.Judgement.UNKNOWN:
        out["definitive_event"] = Derivation(
            facts.event_definitive, "assessor's judgement", "facts.event_definitive"
        )

    if facts.rechallenge is not None:
        r = facts.rechallenge
        joint_negative = (
            r.given is ReexposedTo.WITH_OTHER_SUSPECTS and r.outcome is RechallengeOutcome.DID_NOT_RECUR
        )
        if (
            not r.given.this_drug_alone
            and r.outcome is not RechallengeOutcome.NOT_DONE
            and not joint_negative
        ):
            # Only this drug, alone, re-given is its rechallenge: Certain is never derived from the rest.
            said = (
                "a drug of the same class"
                if r.given is ReexposedTo.SAME_CLASS
                else "it together with another suspect"
            )
            out["rechallenge"] = Derivation(
                W.Rechallenge.NOT_DONE,
                f"{said} was given again: not a rechallenge of this drug alone (tool convention)",
                "facts.rechallenge.given",
            )
        else:
            out["rechallenge"] = Derivation(
                {
                    RechallengeOutcome.RECURRED: W.Rechallenge.POSITIVE,
                    RechallengeOutcome.DID_NOT_RECUR: W.Rechallenge.NEGATIVE,
                    RechallengeOutcome.NOT_DONE: W.Rechallenge.NOT_DONE,
                }[r.outcome],
                f"rechallenge {r.outcome.replace('_', ' ')}",
                "facts.rechallenge.outcome",
            )
        if r.needed is not W.Judgement.UNKNOWN:
            out["rechallenge_needed"] = Derivation(
                r.needed, "assessor's judgement", "facts.rechallenge.needed"
            )

    undone = facts.rechallenge is None or facts.rechallenge.outcome is RechallengeOutcome.NOT_DONE
    parts = drug.ingredients if drug is not None else ()
    if undone and positive_test(facts, name, SpecificTestKind.PROVOCATION, parts=parts) is not None:
        out["rechallenge"] = Derivation(
            W.Rechallenge.POSITIVE,
            "a positive provocation test is a rechallenge (tool convention)",
            "facts.specific_tests",
        )

    if facts.timing_obtainable is not W.Judgement.UNKNOWN:
        out["timing_obtainable"] = Derivation(
            facts.timing_obtainable, "assessor's judgement", "facts.timing_obtainable"
        )
    return out
