"""The case: patient, drugs, reactions, and the facts of each suspect-drug x reaction pair.

Facts are what a clinician observed or looked up; instrument answers are derived from them
(``causality.derive``). Every enumeration has an explicit "not known / not done" member (spec §0.2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from causality.answers import Answer, AnswerSource
from causality.instruments.who_umc import Category as WhoUmcCategory
from causality.instruments.who_umc import InfoStatus as InfoStatus
from causality.instruments.who_umc import Judgement as Judgement
from causality.onset import RelativeOnset
from causality.record import FACTORY, Record

T = TypeVar("T", bound=str)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    RECOVERED = "recovered"
    RECOVERING = "recovering"
    NOT_RECOVERED = "not_recovered"
    RECOVERED_WITH_SEQUELAE = "recovered_with_sequelae"
    FATAL = "fatal"
    UNKNOWN = "unknown"


class Seriousness(StrEnum):
    """ICH E2A seriousness criteria."""

    DEATH = "death"
    LIFE_THREATENING = "life_threatening"
    HOSPITALISATION = "hospitalisation"
    DISABILITY = "disability"
    CONGENITAL_ANOMALY = "congenital_anomaly"
    MEDICALLY_IMPORTANT = "medically_important"


class Literature(StrEnum):
    LABELLED = "labelled"  # in the product information
    PUBLISHED = "published"  # well-documented published reports, not labelled
    NOT_FOUND = "not_found"  # searched, nothing conclusive
    NOT_SEARCHED = "not_searched"


class Sequence(StrEnum):
    AFTER_DRUG = "after_drug"
    BEFORE_DRUG = "before_drug"  # began before the first dose
    UNKNOWN = "unknown"


class TimingJudgement(StrEnum):
    PLAUSIBLE = "plausible"
    REASONABLE = "reasonable"
    IMPROBABLE = "improbable"  # improbable but not impossible
    IMPOSSIBLE = "impossible"
    UNKNOWN = "unknown"


class DechallengeOutcome(StrEnum):
    IMPROVED = "improved"  # the drug was stopped or the dose reduced, and the reaction improved
    NOT_IMPROVED = "not_improved"
    # A single dose, or a course that had already ended: the time after the last dose is the dechallenge.
    IMPROVED_AFTER_LAST_DOSE = "improved_after_last_dose"
    NOT_IMPROVED_AFTER_LAST_DOSE = "not_improved_after_last_dose"
    RESOLVED_WHILE_CONTINUED = "resolved_while_continued"  # the drug went on unchanged; it resolved anyway
    NOT_DONE = "not_done"  # drug continued
    NOT_APPLICABLE = "not_applicable"  # irreversible event (death, permanent damage) only
    UNKNOWN = "unknown"

    @property
    def improved(self) -> bool:
        """It improved once no more of the drug was given (stopped, reduced, or after the last dose)."""
        return self in (DechallengeOutcome.IMPROVED, DechallengeOutcome.IMPROVED_AFTER_LAST_DOSE)

    @property
    def not_improved(self) -> bool:
        return self in (DechallengeOutcome.NOT_IMPROVED, DechallengeOutcome.NOT_IMPROVED_AFTER_LAST_DOSE)


class WithdrawalAction(StrEnum):
    """What was done with the drug once the reaction began (what the report may say of it)."""

    STOPPED = "stopped"
    REDUCED = "reduced"
    CONTINUED = "continued"
    ENDED = "ended"  # nothing left to stop: a single dose, or a course already over


class WithdrawalResponse(StrEnum):
    PLAUSIBLE = "plausible"  # pharmacologically or pathologically plausible (WHO-UMC Certain)
    CLINICALLY_REASONABLE = "clinically_reasonable"  # (WHO-UMC Probable)
    UNKNOWN = "unknown"


class RechallengeOutcome(StrEnum):
    RECURRED = "recurred"
    DID_NOT_RECUR = "did_not_recur"
    NOT_DONE = "not_done"


class ReexposedTo(StrEnum):
    """What was given again: only the same drug, alone, is a rechallenge of it."""

    SAME_DRUG = "same_drug"
    SAME_CLASS = "same_class"  # a drug of the same class, or a cross-reactive one
    WITH_OTHER_SUSPECTS = "with_other_suspects"  # the same drug, re-given together with another suspect
    LATER_DOSES = "later_doses"  # later doses of the same course: a rechallenge of the same drug

    @property
    def this_drug_alone(self) -> bool:
        """The same drug, alone: a rechallenge of it (Naranjo Q4, WHO-UMC)."""
        return self in (ReexposedTo.SAME_DRUG, ReexposedTo.LATER_DOSES)


class CauseStatus(StrEnum):
    """Spec §10: the state of one alternative explanation."""

    NOT_CONSIDERED = "not_considered"
    CONSIDERED_NOT_TESTED = "considered_not_tested"
    TESTED_EXCLUDED = "tested_excluded"
    CLINICALLY_EXCLUDED = "clinically_excluded"
    PRESENT_POSSIBLE = "present_possible"
    PRESENT_CONFIRMED = "present_confirmed"  # present and could alone explain the event

    @property
    def excluded(self) -> bool:
        return self in {CauseStatus.TESTED_EXCLUDED, CauseStatus.CLINICALLY_EXCLUDED}

    @property
    def open(self) -> bool:
        return self in {CauseStatus.NOT_CONSIDERED, CauseStatus.CONSIDERED_NOT_TESTED}


class Method(StrEnum):
    HISTORY = "history"
    EXAMINATION = "examination"
    LABORATORY = "laboratory"
    IMAGING = "imaging"
    OTHER = "other"


class PlaceboOutcome(StrEnum):
    REAPPEARED = "reappeared"
    DID_NOT_REAPPEAR = "did_not_reappear"
    NOT_GIVEN = "not_given"


class DrugLevel(StrEnum):
    TOXIC = "toxic"
    NOT_TOXIC = "not_toxic"
    NOT_MEASURED = "not_measured"
    MEASURED = "measured"  # measured: read from the value and the toxic threshold recorded with it


@dataclass(init=False, eq=False, repr=False)
class MeasuredLevel(Record):
    """The drug's level as measured: the finding in one word, or the value with the toxic threshold it is
    compared with. A value is compared only with a threshold in the same unit (spec §15.4)."""

    outcome: DrugLevel = DrugLevel.MEASURED
    note: str | None = None
    value: float | None = None
    unit: str | None = None
    threshold: float | None = None  # the lowest toxic concentration, in ``threshold_unit`` (else ``unit``)
    threshold_unit: str | None = None
    threshold_source: str | None = None  # e.g. laboratory, product information
    sampled: str | None = None  # when, relative to the last dose, e.g. "8 hours after the last dose"

    def __init__(
        self,
        outcome: DrugLevel = DrugLevel.MEASURED,
        note: str | None = None,
        value: float | None = None,
        unit: str | None = None,
        threshold: float | None = None,
        threshold_unit: str | None = None,
        threshold_source: str | None = None,
        sampled: str | None = None,
    ) -> None:
        self.outcome = outcome
        self.note = note
        self.value = value
        self.unit = unit
        self.threshold = threshold
        self.threshold_unit = threshold_unit
        self.threshold_source = threshold_source
        self.sampled = sampled


class DoseResponse(StrEnum):
    OBSERVED = "observed"  # more severe when the dose was raised, milder when it was lowered
    APPEARED_AFTER_INCREASE = "appeared_after_increase"  # it appeared or worsened after a dose increase
    LESSENED_AFTER_REDUCTION = "lessened_after_reduction"  # milder after a dose reduction, drug not stopped
    NOT_OBSERVED = "not_observed"  # dose changed, severity did not follow
    NO_DOSE_CHANGE = "no_dose_change"

    @property
    def followed_the_dose(self) -> bool:
        return self in (
            DoseResponse.OBSERVED,
            DoseResponse.APPEARED_AFTER_INCREASE,
            DoseResponse.LESSENED_AFTER_REDUCTION,
        )


class PreviousReaction(StrEnum):
    SAME_DRUG = "same_drug"
    SIMILAR_DRUG = "similar_drug"
    EXPOSED_WITHOUT_REACTION = "exposed_without_reaction"
    NO_PREVIOUS_EXPOSURE = "no_previous_exposure"
    UNKNOWN = "unknown"


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Patient(Record):
    """De-identified patient details: never a name."""

    age: float | None = None
    sex: Sex | None = None
    weight_kg: float | None = None
    conditions: list[str] = field(default_factory=list)
    pregnant: Judgement | None = None  # RUCAM risk factor (cholestatic/mixed scale)
    alcohol_drinks_per_day: float | None = None  # RUCAM risk factor: > 2 (women) or > 3 (men)
    liver_or_kidney_dysfunction: Judgement | None = None  # ALDEN criterion 2

    def __init__(
        self,
        age: float | None = None,
        sex: Sex | None = None,
        weight_kg: float | None = None,
        conditions: list[str] = FACTORY,
        pregnant: Judgement | None = None,
        alcohol_drinks_per_day: float | None = None,
        liver_or_kidney_dysfunction: Judgement | None = None,
    ) -> None:
        self.age = age
        self.sex = sex
        self.weight_kg = weight_kg
        self.conditions = [] if conditions is FACTORY else conditions
        self.pregnant = pregnant
        self.alcohol_drinks_per_day = alcohol_drinks_per_day
        self.liver_or_kidney_dysfunction = liver_or_kidney_dysfunction


class ThroughMother(StrEnum):
    """The patient is the child; the drug was taken by the mother."""

    TRANSPLACENTAL = "transplacental"
    BREAST_MILK = "breast_milk"


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Drug(Record):
    """A suspect or concomitant drug."""

    name: str
    dose: str | None = None
    route: str | None = None
    start: dt.date | None = None
    stop: dt.date | None = None
    indication: str | None = None
    half_life_hours: float | None = None  # elimination half-life, for ALDEN criterion 2
    half_life_source: str | None = None
    alden: dict[str, Given[str]] = field(default_factory=dict)  # SJS/TEN answers about this drug
    drug_class: str | None = None  # pharmacological class, e.g. beta-lactam: "similar drugs" of Naranjo Q9
    ingredients: list[str] = field(default_factory=list)  # a multi-ingredient product: each may be a suspect
    interacts_with: str | None = None  # the suspect drug whose effect this one changes (spec §15.8)
    interaction_mechanism: str | None = None
    through_mother: ThroughMother | None = None  # taken by the mother: transplacental or in breast milk
    ingredient_of: str | None = None  # an ingredient assessed on its own: the product it is part of

    def __init__(
        self,
        name: str,
        dose: str | None = None,
        route: str | None = None,
        start: dt.date | None = None,
        stop: dt.date | None = None,
        indication: str | None = None,
        half_life_hours: float | None = None,
        half_life_source: str | None = None,
        alden: dict[str, Given[str]] = FACTORY,
        drug_class: str | None = None,
        ingredients: list[str] = FACTORY,
        interacts_with: str | None = None,
        interaction_mechanism: str | None = None,
        through_mother: ThroughMother | None = None,
        ingredient_of: str | None = None,
    ) -> None:
        self.name = name
        self.dose = dose
        self.route = route
        self.start = start
        self.stop = stop
        self.indication = indication
        self.half_life_hours = half_life_hours
        self.half_life_source = half_life_source
        self.alden = {} if alden is FACTORY else alden
        self.drug_class = drug_class
        self.ingredients = [] if ingredients is FACTORY else ingredients
        self.interacts_with = interacts_with
        self.interaction_mechanism = interaction_mechanism
        self.through_mother = through_mother
        self.ingredient_of = ingredient_of

    @property
    def label(self) -> str:
        """The name, with the product an ingredient is part of."""
        return f"{self.name} (in {self.ingredient_of})" if self.ingredient_of else self.name


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Labs(Record):
    """Laboratory values of the event: liver tests at recognition (RUCAM) and the lowest platelet count."""

    alt: float | None = None  # U/L
    alt_uln: float | None = None
    alp: float | None = None
    alp_uln: float | None = None
    liver_course: str | None = None  # RUCAM item 2 option: how ALT (or ALP) fell after stopping
    platelets: float | None = None  # lowest count, x 10^9/L

    def __init__(
        self,
        alt: float | None = None,
        alt_uln: float | None = None,
        alp: float | None = None,
        alp_uln: float | None = None,
        liver_course: str | None = None,
        platelets: float | None = None,
    ) -> None:
        self.alt = alt
        self.alt_uln = alt_uln
        self.alp = alp
        self.alp_uln = alp_uln
        self.liver_course = liver_course
        self.platelets = platelets


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Consequences(Record):
    """What the reaction led to (Hartwig-Siegel severity). ``None`` = not recorded."""

    treatment: Judgement | None = None  # antidote or other treatment needed
    admission: Judgement | None = None  # the reaction was the reason for admission
    extra_days: int | None = None  # days added to the hospital stay
    intensive_care: Judgement | None = None
    permanent_harm: Judgement | None = None  # long-lasting disability or impairment

    def __init__(
        self,
        treatment: Judgement | None = None,
        admission: Judgement | None = None,
        extra_days: int | None = None,
        intensive_care: Judgement | None = None,
        permanent_harm: Judgement | None = None,
    ) -> None:
        self.treatment = treatment
        self.admission = admission
        self.extra_days = extra_days
        self.intensive_care = intensive_care
        self.permanent_harm = permanent_harm


class TreatmentKind(StrEnum):
    NONE = "none"
    SYMPTOMATIC = "symptomatic"  # supportive: corticosteroid, antihistamine, IVIG, transfusion...
    SPECIFIC_ANTAGONIST = "specific_antagonist"  # naloxone, flumazenil, digoxin-specific Fab, idarucizumab...


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Treatment(Record):
    """What was given for the reaction, by name."""

    kind: TreatmentKind
    name: str | None = None
    reverses: str | None = None  # the suspect drug a specific antagonist reverses

    def __init__(self, kind: TreatmentKind, name: str | None = None, reverses: str | None = None) -> None:
        self.kind = kind
        self.name = name
        self.reverses = reverses


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Reaction(Record):
    """An adverse event as reported: term, onset, seriousness, outcome."""

    term: str
    onset: dt.date | None = None
    onset_relative: RelativeOnset | None = None  # when reported as a time after a dose ("5 to 90 days")
    seriousness: list[Seriousness] = field(default_factory=list)
    outcome: Outcome | None = None
    description: str | None = None
    labs: Labs = field(default_factory=Labs)
    consequences: Consequences = field(default_factory=Consequences)
    treatment_given: Treatment | None = None

    def __init__(
        self,
        term: str,
        onset: dt.date | None = None,
        onset_relative: RelativeOnset | None = None,
        seriousness: list[Seriousness] = FACTORY,
        outcome: Outcome | None = None,
        description: str | None = None,
        labs: Labs = FACTORY,
        consequences: Consequences = FACTORY,
        treatment_given: Treatment | None = None,
    ) -> None:
        self.term = term
        self.onset = onset
        self.onset_relative = onset_relative
        self.seriousness = [] if seriousness is FACTORY else seriousness
        self.outcome = outcome
        self.description = description
        self.labs = Labs() if labs is FACTORY else labs
        self.consequences = Consequences() if consequences is FACTORY else consequences
        self.treatment_given = treatment_given

    @property
    def serious(self) -> bool:
        return bool(self.seriousness)

    @property
    def onset_after_dose_hours(self) -> float | None:
        """Hours after the dose when reported as one time ("12 hours after dose"); None for an interval."""
        rel = self.onset_relative
        return rel.lower_hours if rel is not None and rel.exact else None


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Person(Record):
    """A reporter or assessor."""

    name: str | None = None
    role: str | None = None
    date: dt.date | None = None
    organisation: str | None = None  # e.g. the regional pharmacovigilance centre

    def __init__(
        self,
        name: str | None = None,
        role: str | None = None,
        date: dt.date | None = None,
        organisation: str | None = None,
    ) -> None:
        self.name = name
        self.role = role
        self.date = date
        self.organisation = organisation


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Observed(Record, Generic[T]):
    """An observation with its clinician-written note (finding, reference, value...)."""

    outcome: T
    note: str | None = None

    def __init__(self, outcome: T, note: str | None = None) -> None:
        self.outcome = outcome
        self.note = note


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class AlternativeCause(Record):
    """One alternative explanation and how it was excluded or found (spec §10)."""

    cause: str
    status: CauseStatus
    method: Method | None = None
    finding: str | None = None
    date: dt.date | None = None

    def __init__(
        self,
        cause: str,
        status: CauseStatus,
        method: Method | None = None,
        finding: str | None = None,
        date: dt.date | None = None,
    ) -> None:
        self.cause = cause
        self.status = status
        self.method = method
        self.finding = finding
        self.date = date


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Timing(Record):
    """When the event began relative to the drug, and the assessor's judgement of it."""

    sequence: Sequence | None = None  # None: derive from the drug's start and the reaction's onset
    plausibility: TimingJudgement = TimingJudgement.UNKNOWN
    note: str | None = None

    def __init__(
        self,
        sequence: Sequence | None = None,
        plausibility: TimingJudgement = TimingJudgement.UNKNOWN,
        note: str | None = None,
    ) -> None:
        self.sequence = sequence
        self.plausibility = plausibility
        self.note = note


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Dechallenge(Record):
    """What happened when the drug was stopped or reduced."""

    outcome: DechallengeOutcome = DechallengeOutcome.UNKNOWN
    response: WithdrawalResponse = WithdrawalResponse.UNKNOWN
    action: WithdrawalAction | None = None  # None: not recorded (the outcome alone says what it can)
    note: str | None = None

    def __init__(
        self,
        outcome: DechallengeOutcome = DechallengeOutcome.UNKNOWN,
        response: WithdrawalResponse = WithdrawalResponse.UNKNOWN,
        action: WithdrawalAction | None = None,
        note: str | None = None,
    ) -> None:
        self.outcome = outcome
        self.response = response
        self.action = action
        self.note = note


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Rechallenge(Record):
    """What happened when the drug was given again, and whether that was needed."""

    outcome: RechallengeOutcome = RechallengeOutcome.NOT_DONE
    needed: Judgement = Judgement.UNKNOWN
    note: str | None = None
    given: ReexposedTo = ReexposedTo.SAME_DRUG

    def __init__(
        self,
        outcome: RechallengeOutcome = RechallengeOutcome.NOT_DONE,
        needed: Judgement = Judgement.UNKNOWN,
        note: str | None = None,
        given: ReexposedTo = ReexposedTo.SAME_DRUG,
    ) -> None:
        self.outcome = outcome
        self.needed = needed
        self.note = note
        self.given = given


class SpecificTestKind(StrEnum):
    DRUG_DEPENDENT_ANTIBODIES = "drug_dependent_antibodies"  # e.g. drug-dependent platelet antibodies
    LYMPHOCYTE_TRANSFORMATION = "lymphocyte_transformation"
    PATCH = "patch"
    SKIN = "skin"  # prick or intradermal
    PROVOCATION = "provocation"  # a drug challenge test: a rechallenge under observation
    HLA = "hla"  # an allele with a known association: supportive only
    BIOPSY = "biopsy"  # histology consistent with a drug reaction


class SpecificTestResult(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class SpecificTest(Record):
    """A test specific for a drug reaction, and what it showed."""

    kind: SpecificTestKind
    result: SpecificTestResult
    note: str | None = None
    drug: str | None = None  # the drug tested, where it is not the pair's suspect drug

    def __init__(
        self,
        kind: SpecificTestKind,
        result: SpecificTestResult,
        note: str | None = None,
        drug: str | None = None,
    ) -> None:
        self.kind = kind
        self.result = result
        self.note = note
        self.drug = drug


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Facts(Record):
    """What was observed for one pair. ``None`` means not recorded."""

    literature: Observed[Literature] | None = None
    timing: Timing | None = None
    dechallenge: Dechallenge | None = None
    rechallenge: Rechallenge | None = None
    alternative_causes: list[AlternativeCause] = field(default_factory=list)
    untested_causes_improbable: Judgement = Judgement.UNKNOWN
    placebo: Observed[PlaceboOutcome] | None = None
    drug_level: MeasuredLevel | None = None
    dose_response: Observed[DoseResponse] | None = None
    previous_reaction: Observed[PreviousReaction] | None = None
    objective_evidence: Observed[Judgement] | None = None
    event_definitive: Judgement = Judgement.UNKNOWN
    information: InfoStatus | None = None
    timing_obtainable: Judgement = Judgement.UNKNOWN
    pre_existing_exacerbated: Judgement = Judgement.UNKNOWN  # LCAT L3
    mechanism_evidence: Observed[Judgement] | None = None  # LCAT L7: evidence of the mechanism itself
    specific_tests: list[SpecificTest] = field(default_factory=list)

    def __init__(
        self,
        literature: Observed[Literature] | None = None,
        timing: Timing | None = None,
        dechallenge: Dechallenge | None = None,
        rechallenge: Rechallenge | None = None,
        alternative_causes: list[AlternativeCause] = FACTORY,
        untested_causes_improbable: Judgement = Judgement.UNKNOWN,
        placebo: Observed[PlaceboOutcome] | None = None,
        drug_level: MeasuredLevel | None = None,
        dose_response: Observed[DoseResponse] | None = None,
        previous_reaction: Observed[PreviousReaction] | None = None,
        objective_evidence: Observed[Judgement] | None = None,
        event_definitive: Judgement = Judgement.UNKNOWN,
        information: InfoStatus | None = None,
        timing_obtainable: Judgement = Judgement.UNKNOWN,
        pre_existing_exacerbated: Judgement = Judgement.UNKNOWN,
        mechanism_evidence: Observed[Judgement] | None = None,
        specific_tests: list[SpecificTest] = FACTORY,
    ) -> None:
        self.literature = literature
        self.timing = timing
        self.dechallenge = dechallenge
        self.rechallenge = rechallenge
        self.alternative_causes = [] if alternative_causes is FACTORY else alternative_causes
        self.untested_causes_improbable = untested_causes_improbable
        self.placebo = placebo
        self.drug_level = drug_level
        self.dose_response = dose_response
        self.previous_reaction = previous_reaction
        self.objective_evidence = objective_evidence
        self.event_definitive = event_definitive
        self.information = information
        self.timing_obtainable = timing_obtainable
        self.pre_existing_exacerbated = pre_existing_exacerbated
        self.mechanism_evidence = mechanism_evidence
        self.specific_tests = [] if specific_tests is FACTORY else specific_tests

    def positive(self, *kinds: SpecificTestKind) -> SpecificTest | None:
        """The first positive test of these kinds, if one was recorded."""
        return next(
            (t for t in self.specific_tests if t.kind in kinds and t.result is SpecificTestResult.POSITIVE),
            None,
        )


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Given(Record, Generic[T]):
    """An instrument answer stated directly in the file rather than derived from facts."""

    value: T
    reason: str | None = None
    source: AnswerSource = AnswerSource.CASE_FILE  # where it was entered, for the report's label

    def __init__(
        self, value: T, reason: str | None = None, source: AnswerSource = AnswerSource.CASE_FILE
    ) -> None:
        self.value = value
        self.reason = reason
        self.source = source


class Use(StrEnum):
    ADD = "add"
    SKIP = "skip"


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class InstrumentChoice(Record):
    """Add or skip one instrument for a pair, and why."""

    use: Use
    reason: str | None = None

    def __init__(self, use: Use, reason: str | None = None) -> None:
        self.use = use
        self.reason = reason


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Override(Record):
    """An assessor's WHO-UMC category that differs from the computed one, with the reason."""

    category: WhoUmcCategory
    reason: str

    def __init__(self, category: WhoUmcCategory, reason: str) -> None:
        self.category = category
        self.reason = reason


class AssessmentRole(StrEnum):
    """What one assessment of a pair is: one assessor's own, or the final one agreed or decided after them."""

    INDEPENDENT = "independent"
    CONSENSUS = "consensus"  # agreed by the assessors together
    ADJUDICATION = "adjudication"  # decided by a further (senior) assessor

    @property
    def final(self) -> bool:
        """It settles the pair: the independent assessments before it are kept, not replaced."""
        return self is not AssessmentRole.INDEPENDENT


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class PairAssessment(Record):
    """The facts and directly given answers for one suspect-drug x reaction pair."""

    drug: str
    reaction: str
    facts: Facts = field(default_factory=Facts)
    naranjo: dict[str, Given[Answer]] = field(default_factory=dict)  # "q1".."q10"
    who_umc: dict[str, Given[StrEnum]] = field(default_factory=dict)  # spec §2.3 input names
    who_umc_override: Override | None = None
    notes: str | None = None
    conclusion: str | None = None  # the assessor's own words, for the report's first page
    # Answers stated for the further instruments, by instrument name then item id (e.g. lcat.L7).
    answers: dict[str, dict[str, Given[str]]] = field(default_factory=dict)
    # The clinician's choice to add an instrument routing did not pick, or to skip one it did.
    instruments: dict[str, InstrumentChoice] = field(default_factory=dict)
    # Who made this assessment, when, and in which role; None falls back to the case's assessor and date.
    assessor: Person | None = None
    assessed_at: dt.datetime | None = None
    role: AssessmentRole = AssessmentRole.INDEPENDENT
    reason: str | None = None  # why a consensus or adjudication decided as it did (required for those)

    def __init__(
        self,
        drug: str,
        reaction: str,
        facts: Facts = FACTORY,
        naranjo: dict[str, Given[Answer]] = FACTORY,
        who_umc: dict[str, Given[StrEnum]] = FACTORY,
        who_umc_override: Override | None = None,
        notes: str | None = None,
        conclusion: str | None = None,
        answers: dict[str, dict[str, Given[str]]] = FACTORY,
        instruments: dict[str, InstrumentChoice] = FACTORY,
        assessor: Person | None = None,
        assessed_at: dt.datetime | None = None,
        role: AssessmentRole = AssessmentRole.INDEPENDENT,
        reason: str | None = None,
    ) -> None:
        self.drug = drug
        self.reaction = reaction
        self.facts = Facts() if facts is FACTORY else facts
        self.naranjo = {} if naranjo is FACTORY else naranjo
        self.who_umc = {} if who_umc is FACTORY else who_umc
        self.who_umc_override = who_umc_override
        self.notes = notes
        self.conclusion = conclusion
        self.answers = {} if answers is FACTORY else answers
        self.instruments = {} if instruments is FACTORY else instruments
        self.assessor = assessor
        self.assessed_at = assessed_at
        self.role = role
        self.reason = reason

    def assessor_of(self, case: Case) -> Person | None:
        """The assessor of this assessment: its own, else the case's."""
        return self.assessor if self.assessor is not None else case.assessor

    def assessed_at_of(self, case: Case) -> dt.datetime | None:
        return self.assessed_at if self.assessed_at is not None else case.assessed_at


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Change(Record):
    """One field of the case changed by a save: its path in the case file, the value before and after (as
    text; None where there was none), and the reason given for it (an override's own reason)."""

    field: str
    old: str | None = None
    new: str | None = None
    reason: str | None = None

    def __init__(
        self, field: str, old: str | None = None, new: str | None = None, reason: str | None = None
    ) -> None:
        self.field = field
        self.old = old
        self.new = new
        self.reason = reason


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class HistoryEntry(Record):
    """One save of an existing case: when (UTC), who, why, what changed; chained to the entry before it by
    its hash (``causality.audit``)."""

    at: dt.datetime
    by: str
    changes: list[Change] = field(default_factory=list)
    reason: str | None = None  # why these changes were made (required after signing)
    before_hash: str = ""  # SHA-256 of the case before these changes (without its history and signatures)
    case_hash: str = ""  # SHA-256 of the case as saved (without its history and signatures)
    hash: str = ""  # SHA-256 of this entry with the hash of the one before it

    def __init__(
        self,
        at: dt.datetime,
        by: str,
        changes: list[Change] = FACTORY,
        reason: str | None = None,
        before_hash: str = "",
        case_hash: str = "",
        hash: str = "",
    ) -> None:
        self.at = at
        self.by = by
        self.changes = [] if changes is FACTORY else changes
        self.reason = reason
        self.before_hash = before_hash
        self.case_hash = case_hash
        self.hash = hash


class SignatureMeaning(StrEnum):
    """What a signature means (21 CFR 11.50)."""

    AUTHOR = "author"
    REVIEWER = "reviewer"
    APPROVER = "approver"


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Signature(Record):
    """A recorded signature: printed name, date and time (UTC), meaning, and the hash of what was signed."""

    name: str
    at: dt.datetime
    meaning: SignatureMeaning
    hash: str  # SHA-256 of the case as signed (without its history and signatures)
    history: str = ""  # the hash of the case's last history entry when it was signed ("" if it had none)
    seal: str = ""  # SHA-256 of the signature's own record: name, time, meaning, hash and history
    valid: bool | None = None  # whether the case is still as signed; worked out when the case is read
    why: str = ""  # why it no longer holds, where it does not

    def __init__(
        self,
        name: str,
        at: dt.datetime,
        meaning: SignatureMeaning,
        hash: str,
        history: str = "",
        seal: str = "",
        valid: bool | None = None,
        why: str = "",
    ) -> None:
        self.name = name
        self.at = at
        self.meaning = meaning
        self.hash = hash
        self.history = history
        self.seal = seal
        self.valid = valid
        self.why = why


@dataclass(init=False, eq=False, repr=False)  # Record: shared __eq__ and __repr__
class Case(Record):
    """One case: patient, drugs, reactions and the assessed pairs."""

    case_id: str
    source: str  # the file it came from, for messages
    patient: Patient = field(default_factory=Patient)
    suspect_drugs: list[Drug] = field(default_factory=list)
    concomitant_drugs: list[Drug] = field(default_factory=list)
    reactions: list[Reaction] = field(default_factory=list)
    reporter: Person | None = None
    assessor: Person | None = None
    assessments: list[PairAssessment] = field(default_factory=list)
    shorthand: bool = False  # read from the one-pair interchange shorthand
    notes: str | None = None  # about the whole case (pair notes live on each assessment)
    assessed_at: dt.datetime | None = (
        None  # when the assessment was made (time-zone aware); not the print date
    )
    history: list[HistoryEntry] = field(default_factory=list)  # every saved change, hash-chained
    signatures: list[Signature] = field(default_factory=list)

    def __init__(
        self,
        case_id: str,
        source: str,
        patient: Patient = FACTORY,
        suspect_drugs: list[Drug] = FACTORY,
        concomitant_drugs: list[Drug] = FACTORY,
        reactions: list[Reaction] = FACTORY,
        reporter: Person | None = None,
        assessor: Person | None = None,
        assessments: list[PairAssessment] = FACTORY,
        shorthand: bool = False,
        notes: str | None = None,
        assessed_at: dt.datetime | None = None,
        history: list[HistoryEntry] = FACTORY,
        signatures: list[Signature] = FACTORY,
    ) -> None:
        self.case_id = case_id
        self.source = source
        self.patient = Patient() if patient is FACTORY else patient
        self.suspect_drugs = [] if suspect_drugs is FACTORY else suspect_drugs
        self.concomitant_drugs = [] if concomitant_drugs is FACTORY else concomitant_drugs
        self.reactions = [] if reactions is FACTORY else reactions
        self.reporter = reporter
        self.assessor = assessor
        self.assessments = [] if assessments is FACTORY else assessments
        self.shorthand = shorthand
        self.notes = notes
        self.assessed_at = assessed_at
        self.history = [] if history is FACTORY else history
        self.signatures = [] if signatures is FACTORY else signatures

    def drug(self, name: str) -> Drug | None:
        """A suspect drug by name, or an ingredient of a suspect product (with the product's dates)."""
        folded = name.casefold()
        found = next((d for d in self.suspect_drugs if d.name.casefold() == folded), None)
        if found is not None:
            return found
        for product in self.suspect_drugs:
            for ingredient in product.ingredients:
                if ingredient.casefold() == folded:
                    return self._ingredient(product, ingredient)
        return None

    def _ingredient(self, product: Drug, ingredient: str) -> Drug:
        """The same object each time it is asked for, so that it can be found again by identity."""
        cache = self.__dict__.setdefault("_ingredients", {})
        key = (product.name.casefold(), ingredient.casefold())
        if key not in cache:
            cache[key] = dataclasses.replace(
                product, name=ingredient, ingredients=[], ingredient_of=product.name
            )
        found: Drug = cache[key]
        return found

    def drugs_for_alden(self) -> list[Drug]:
        """Every drug of the case, a multi-ingredient product as its ingredients (ALDEN scores components)."""
        names = {d.name.casefold() for d in self.suspect_drugs + self.concomitant_drugs}
        out = []
        for d in self.suspect_drugs:
            # An ingredient also listed as a drug of its own is scored once, as that drug.
            parts = [self._ingredient(d, i) for i in d.ingredients if i.casefold() not in names]
            out.extend(parts or [d])
        return [*out, *self.concomitant_drugs]

    def reaction(self, term: str) -> Reaction | None:
        folded = term.casefold()
        return next((r for r in self.reactions if r.term.casefold() == folded), None)
