"""A toy instrument: flags a pair whose reaction was confirmed objectively. Not a published instrument."""

from __future__ import annotations

from collections.abc import Mapping

from causality.answers import Source
from causality.instruments.base import Citation, InstrumentInfo, Line, Result
from causality.model import Case, Judgement, PairAssessment

INFO = InstrumentInfo(
    name="toy-flag",
    title="Toy objective-evidence flag",
    summary="Flags a pair whose reaction was confirmed by objective evidence.",
    citations=(Citation("A centre's own checklist, for testing only."),),
)


class ToyFlag:
    id = "toy_flag"
    info = INFO
    title = "Toy flag"
    applies_to = "every pair"
    every_pair = False
    csv_columns = ("toy_flag",)

    def given_answers(self) -> Mapping[str, tuple[str, ...]]:
        return {"objective": ("yes", "no", "unknown")}

    def applies(self, case: Case, pair: PairAssessment) -> tuple[bool, str]:
        return True, "the centre applies it to every pair"

    def recorded(self, case: Case, pair: PairAssessment) -> bool:
        return True

    def assess(self, case: Case, pair: PairAssessment, why: str) -> Result:
        given = pair.answers.get(self.id, {}).get("objective")
        evidence = pair.facts.objective_evidence
        if given is not None:
            answer, source, reason = given.value, Source.GIVEN, given.reason or "stated in the file"
        elif evidence is not None:
            answer = "yes" if evidence.outcome is Judgement.YES else "no"
            source, reason = Source.DERIVED, "objective evidence recorded"
        else:
            answer, source, reason = "unknown", Source.DEFAULT, "not recorded"
        line = Line("T1", "Was the reaction confirmed objectively?", answer, None, source, reason)
        flagged = "flagged" if answer == "yes" else "not flagged"
        return Result(self.id, self.title, why, flagged, None, (line,))

    def csv_values(self, result: Result | None) -> list[object]:
        return [result.result if result else ""]

    def scales_text(self) -> str:
        return f"{INFO.title}\n\n  T1 Was the reaction confirmed objectively? yes: flagged\n"


INSTRUMENT = ToyFlag()
