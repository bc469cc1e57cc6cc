"""The case file, declared once: every field's type, allowed values, range, unit, label and help.

The reader (``casefile``) takes its field names, ranges and word lists from here, the interview takes its
ranges, and ``causality schema`` prints the JSON Schema that lets an editor complete and check a case file.

Hand-written declarations rather than a validation library: the reader must collect every problem in a
file in the tool's own words, which msgspec, pydantic and attrs/cattrs do not do, and importing any of
them costs about as much as importing click or more (measured: msgspec and attrs about 26 ms, cattrs 48,
pydantic's BaseModel 68, click 21), on a command whose start is held under twice click's. This module
imports only the model, which the reader loads anyway, and builds its declarations in about 1 ms; the
JSON Schema is built only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from causality.answers import Answer, AnswerSource
from causality.instruments.who_umc import Category as WhoUmcCategory
from causality.model import (
    AlternativeCause,
    AssessmentRole,
    CauseStatus,
    Change,
    Consequences,
    Dechallenge,
    DechallengeOutcome,
    DoseResponse,
    Drug,
    DrugLevel,
    Facts,
    HistoryEntry,
    InfoStatus,
    Judgement,
    Labs,
    Literature,
    MeasuredLevel,
    Method,
    Observed,
    Outcome,
    Patient,
    Person,
    PlaceboOutcome,
    PreviousReaction,
    Reaction,
    Rechallenge,
    RechallengeOutcome,
    ReexposedTo,
    Sequence,
    Seriousness,
    Sex,
    Signature,
    SignatureMeaning,
    SpecificTest,
    SpecificTestKind,
    SpecificTestResult,
    ThroughMother,
    Timing,
    TimingJudgement,
    Treatment,
    TreatmentKind,
    Use,
    WithdrawalAction,
    WithdrawalResponse,
)


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"  # a date and time with its time zone (ISO 8601)
    ONSET = "onset"  # a date, or a time after the dose ("1 day after dose")
    NUMBER = "number"
    CHOICE = "choice"  # one word of an enumeration of the model
    MAPPING = "mapping"
    LIST = "list"
    # Answers an instrument owns (its items and words): described by instrument_answer_schemas(), so that
    # the instruments' registry can take them over in one place.
    INSTRUMENT = "instrument"


class Field:
    """One field of the case file. A mapping lists its fields; a list names the field of each entry.

    A plain class with slots, not a dataclass: generating a dataclass's methods cost more at start-up
    than building every declaration below.
    """

    __slots__ = ("by_name", "choices", "enums", "fields", "help", "item", "keys", "kind", "label", "maximum",
                 "minimum", "model", "name", "ranges", "required", "required_keys", "unit", "whole",
                 "word")  # fmt: skip

    def __init__(
        self,
        name: str,
        kind: Kind,
        label: str,
        help: str,
        *,
        required: bool = False,
        unit: str | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        whole: bool = False,
        choices: type[StrEnum] | None = None,
        fields: tuple[Field, ...] = (),
        item: Field | None = None,
        word: str | None = None,
        model: type[Any] | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.label = label  # what the clinician calls it
        self.help = help  # one line, in the clinician's words
        self.required = required
        self.unit = unit
        self.minimum = minimum
        self.maximum = maximum
        self.whole = whole  # a whole number
        self.choices = choices
        self.fields = fields
        self.item = item
        self.word = word  # a mapping that may be written as one value instead, which fills this field
        self.model = model  # the case model's class a mapping fills, where it is read and written generically
        # What the reader looks up for every file, built once here: plain tuples and dictionaries, because
        # a method call per field made reading a full case about 15% slower.
        self.keys = tuple(f.name for f in fields)
        self.required_keys = tuple(f.name for f in fields if f.required)
        self.by_name: Mapping[str, Field] = {f.name: f for f in fields}
        self.enums: Mapping[str, type[Any]] = {f.name: f.choices for f in fields if f.choices is not None}
        self.ranges: Mapping[str, tuple[float, float]] = {
            f.name: f.range for f in fields if f.kind is Kind.NUMBER
        }

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.kind.value})"

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]

    @property
    def range(self) -> tuple[float, float]:
        """The lowest and highest value a number may take."""
        if self.minimum is None or self.maximum is None:
            raise TypeError(f"{self.name} is not a number with a range")
        return self.minimum, self.maximum

    @property
    def entry(self) -> Field:
        """The field of each entry of a list."""
        if self.item is None:
            raise TypeError(f"{self.name} is not a list")
        return self.item

    @property
    def enum(self) -> type[Any]:
        """The model's enumeration of the words allowed (typed Any: each field has its own)."""
        if self.choices is None:
            raise TypeError(f"{self.name} is not a choice of words")
        return self.choices


def text(name: str, label: str, help: str, *, required: bool = False) -> Field:
    return Field(name, Kind.TEXT, label, help, required=required)


def date(name: str, label: str, help: str) -> Field:
    return Field(name, Kind.DATE, label, help, unit="YYYY-MM-DD")


def timestamp(name: str, label: str, help: str, *, required: bool = False) -> Field:
    return Field(name, Kind.TIMESTAMP, label, help, required=required, unit="YYYY-MM-DDTHH:MM+HH:MM")


def number(
    name: str, label: str, help: str, low: float, high: float, *, unit: str | None = None, whole: bool = False
) -> Field:
    return Field(name, Kind.NUMBER, label, help, unit=unit, minimum=low, maximum=high, whole=whole)


def choice(name: str, cls: type[StrEnum], label: str, help: str, *, required: bool = False) -> Field:
    return Field(name, Kind.CHOICE, label, help, required=required, choices=cls)


def group(
    name: str,
    label: str,
    help: str,
    *fields: Field,
    word: str | None = None,
    required: bool = False,
    model: type[Any] | None = None,
) -> Field:
    return Field(name, Kind.MAPPING, label, help, required=required, fields=fields, word=word, model=model)


def items(name: str, label: str, help: str, item: Field, *, required: bool = False) -> Field:
    return Field(name, Kind.LIST, label, help, required=required, item=item)


def instrument(name: str, label: str, help: str) -> Field:
    return Field(name, Kind.INSTRUMENT, label, help)


def observed(name: str, cls: type[StrEnum], label: str, help: str) -> Field:
    """A finding: one word, or the word with a note (the value, reference or reason behind it)."""
    return group(
        name,
        label,
        help,
        choice("outcome", cls, "Finding", "What was found.", required=True),
        text("note", "Note", "The value, reference or reasoning behind the finding."),
        word="outcome",
        model=Observed,
    )


def _person(name: str, label: str, help: str, *, word: str | None = None) -> Field:
    return group(
        name,
        label,
        help,
        text("name", "Name", "Their name as it should appear on the report."),
        text("role", "Role", "For example pharmacist, physician or nurse."),
        date("date", "Date", "When they reported or assessed the case."),
        text("organisation", "Organisation", "Where they work, e.g. the regional pharmacovigilance centre."),
        word=word,
        model=Person,
    )


# --- the case ----------------------------------------------------------------------------------------

PATIENT = group(
    "patient",
    "Patient",
    "De-identified details of the patient: never a name.",
    number("age", "Age", "Age when the reaction began.", 0, 130, unit="years"),
    choice("sex", Sex, "Sex", "As recorded; unknown if it was not recorded."),
    number("weight_kg", "Weight", "Body weight.", 0.2, 500, unit="kg"),
    items(
        "conditions",
        "Conditions",
        "Other illnesses or states of the patient, one per entry.",
        text("condition", "Condition", "One illness or state of the patient."),
    ),
    choice("pregnant", Judgement, "Pregnant", "Whether the patient was pregnant (a RUCAM risk factor)."),
    number(
        "alcohol_drinks_per_day",
        "Alcohol",
        "Usual drinks a day; more than 2 for women or 3 for men is a RUCAM risk factor.",
        0,
        100,
        unit="drinks a day",
    ),
    choice(
        "liver_or_kidney_dysfunction",
        Judgement,
        "Liver or kidney dysfunction",
        "Whether liver or kidney failure could have slowed the drug's elimination (ALDEN).",
    ),
    model=Patient,
)

DRUG = group(
    "drug",
    "Drug",
    "A drug the patient took; a concomitant drug may be given by its name alone.",
    text("name", "Name", "The drug's name, as in the assessments.", required=True),
    text("dose", "Dose", "Dose and frequency, e.g. 500 mg twice daily."),
    text("route", "Route", "How it was given, e.g. oral or intravenous."),
    date("start", "First dose", "Date of the first dose."),
    date("stop", "Last dose", "Date of the last dose; leave out if it is still taken."),
    text("indication", "Indication", "What the drug was given for."),
    number(
        "half_life_hours",
        "Half-life",
        "Elimination half-life, to judge whether the drug was still present at onset (ALDEN).",
        0.01,
        100_000,
        unit="hours",
    ),
    text("half_life_source", "Half-life source", "Where the half-life comes from, e.g. product information."),
    instrument("alden", "ALDEN answers", "ALDEN answers about this drug, stated directly."),
    text(
        "drug_class",
        "Class",
        "Its pharmacological class, e.g. beta-lactam: drugs of one class are 'similar'.",
    ),
    items(
        "ingredients",
        "Ingredients",
        "For a product of several ingredients, each one: an assessment may name any of them as the suspect.",
        text("ingredient", "Ingredient", "One ingredient, e.g. trimethoprim."),
    ),
    text(
        "interacts_with",
        "Interacts with",
        "The suspect drug whose effect this one changes (an interaction); it is also an alternative cause.",
    ),
    text("interaction_mechanism", "Interaction mechanism", "How, if known, e.g. CYP3A4 inhibition."),
    choice(
        "through_mother",
        ThroughMother,
        "Through the mother",
        "The patient is the child and the mother took the drug: transplacental or in breast milk.",
    ),
    word="name",
    model=Drug,
)

LABS = group(
    "labs",
    "Laboratory values",
    "Liver tests when the injury was recognised, and the lowest platelet count.",
    number("alt", "ALT", "ALT when the liver injury was recognised.", 0.1, 100_000, unit="U/L"),
    number(
        "alt_uln", "ALT upper limit", "Upper limit of normal of the laboratory's ALT.", 1, 1000, unit="U/L"
    ),
    number("alp", "ALP", "ALP from the same sample.", 0.1, 100_000, unit="U/L"),
    number(
        "alp_uln", "ALP upper limit", "Upper limit of normal of the laboratory's ALP.", 1, 1000, unit="U/L"
    ),
    instrument(
        "liver_course",
        "Course after stopping",
        "How ALT (cholestatic injury: ALP) fell after the drug was stopped.",
    ),
    number("platelets", "Lowest platelets", "Lowest platelet count.", 0, 5000, unit="x 10^9/L"),
    model=Labs,
)

CONSEQUENCES = group(
    "consequences",
    "Consequences",
    "What the reaction led to; leave out what was not recorded.",
    choice("treatment", Judgement, "Treatment", "Whether an antidote or other treatment was needed."),
    choice("admission", Judgement, "Admission", "Whether the reaction was the reason for admission."),
    number(
        "extra_days",
        "Extra days",
        "Days the reaction added to the hospital stay.",
        0,
        3650,
        unit="days",
        whole=True,
    ),
    choice("intensive_care", Judgement, "Intensive care", "Whether the reaction needed intensive care."),
    choice(
        "permanent_harm", Judgement, "Permanent harm", "Whether it left a lasting disability or impairment."
    ),
    model=Consequences,
)

REACTION = group(
    "reaction",
    "Reaction",
    "An adverse event as reported.",
    text("term", "Term", "The reaction as reported, e.g. urticaria.", required=True),
    Field(
        "onset",
        Kind.ONSET,
        "Onset",
        "A date (YYYY-MM-DD) or a time after a dose, e.g. '12 hours after dose', '1 day after the second "
        "dose', '5 to 90 days after the first dose', 'more than 5 months after starting'.",
    ),
    items(
        "seriousness",
        "Seriousness",
        "Each criterion the reaction met; none if it was not serious.",
        choice("criterion", Seriousness, "Criterion", "One seriousness criterion."),
    ),
    choice("outcome", Outcome, "Outcome", "The outcome when last known."),
    text("description", "Description", "What was seen, in a sentence or two."),
    LABS,
    group(
        "treatment_given",
        "Treatment given",
        "What was given for the reaction: none, symptomatic, or a specific antagonist or antidote.",
        choice(
            "kind",
            TreatmentKind,
            "Kind",
            "None, symptomatic or supportive, or a specific antagonist.",
            required=True,
        ),
        text("name", "Name", "What was given, e.g. naloxone, prednisolone, digoxin-specific Fab."),
        text("reverses", "Reverses", "For a specific antagonist: the suspect drug it reverses."),
        word="kind",
        model=Treatment,
    ),
    CONSEQUENCES,
    model=Reaction,
)

TIMING = group(
    "timing",
    "Timing",
    "When the reaction began relative to the drug, and your judgement of it.",
    choice("sequence", Sequence, "Sequence", "Leave out to work it out from the first dose and the onset."),
    choice("plausibility", TimingJudgement, "Plausibility", "Your judgement of the time to onset."),
    text("note", "Note", "The reasoning behind the judgement."),
    model=Timing,
)

DECHALLENGE = group(
    "dechallenge",
    "Dechallenge",
    "What happened when the drug was stopped or the dose reduced.",
    choice("outcome", DechallengeOutcome, "Outcome", "What happened to the reaction.", required=True),
    choice("response", WithdrawalResponse, "Response", "How plausible the improvement was."),
    choice(
        "action",
        WithdrawalAction,
        "What was done",
        "What was done with the drug once the reaction began: stopped, reduced, continued, or ended (a single "
        "dose, or a course already over).",
    ),
    text("note", "Note", "What was seen, and when."),
    word="outcome",
    model=Dechallenge,
)

RECHALLENGE = group(
    "rechallenge",
    "Rechallenge",
    "What happened when the drug was given again.",
    choice("outcome", RechallengeOutcome, "Outcome", "Whether the reaction came back.", required=True),
    choice("needed", Judgement, "Needed", "Whether a rechallenge is needed to judge this reaction."),
    text("note", "Note", "What was seen, and when."),
    choice(
        "given",
        ReexposedTo,
        "What was given",
        "The same drug (the default), a drug of the same class, or the drug together with another suspect.",
    ),
    word="outcome",
    model=Rechallenge,
)

CAUSE = group(
    "alternative_cause",
    "Alternative cause",
    "One other explanation of the reaction, and how it was excluded or found.",
    text("cause", "Cause", "The other explanation, e.g. viral hepatitis.", required=True),
    choice(
        "status",
        CauseStatus,
        "Status",
        "Whether it was considered, tested, excluded or found.",
        required=True,
    ),
    choice("method", Method, "Method", "How it was excluded or found."),
    text("finding", "Finding", "The result, e.g. anti-HAV IgM negative."),
    date("date", "Date", "When it was excluded or found."),
    model=AlternativeCause,
)

FACTS = group(
    "facts",
    "Facts",
    "What was observed or looked up for this drug and reaction; the instruments' answers follow from it.",
    observed(
        "literature", Literature, "Literature", "Whether the reaction is labelled or published for the drug."
    ),
    TIMING,
    DECHALLENGE,
    RECHALLENGE,
    items("alternative_causes", "Alternative causes", "Other explanations considered, one per entry.", CAUSE),
    choice(
        "untested_causes_improbable",
        Judgement,
        "Untested causes improbable",
        "Whether the causes that were not tested are clinically improbable.",
    ),
    observed("placebo", PlaceboOutcome, "Placebo", "Whether the reaction reappeared on a placebo."),
    group(
        "drug_level",
        "Drug level",
        "The drug's measured level: toxic, not toxic or not measured, or the value with its toxic threshold.",
        choice(
            "outcome",
            DrugLevel,
            "Finding",
            "toxic, not_toxic or not_measured; or measured (the default), read from the value and threshold.",
        ),
        text("note", "Note", "Anything else about the measurement."),
        number("value", "Value", "The measured concentration.", 0, 1e9),
        text("unit", "Unit", "The unit of the value, e.g. ng/mL, mg/L, micromol/L."),
        number("threshold", "Toxic threshold", "The lowest concentration known to be toxic.", 1e-9, 1e9),
        text(
            "threshold_unit",
            "Threshold unit",
            "Only if the threshold is in another unit: it is then not compared (state it in the value's unit).",
        ),
        text("threshold_source", "Threshold source", "Where the threshold comes from, e.g. laboratory."),
        text("sampled", "Sampled", "When it was sampled, e.g. 8 hours after the last dose."),
        word="outcome",
        model=MeasuredLevel,
    ),
    observed(
        "dose_response", DoseResponse, "Dose response", "Whether severity followed changes of the dose."
    ),
    observed(
        "previous_reaction",
        PreviousReaction,
        "Previous reaction",
        "Any earlier reaction to the same or a similar drug, or earlier exposure without one.",
    ),
    observed(
        "objective_evidence", Judgement, "Objective evidence", "Whether objective evidence confirmed it."
    ),
    choice(
        "event_definitive",
        Judgement,
        "Event definitive",
        "Whether the event is definitive pharmacologically "
        "or phenomenologically, e.g. a recognised syndrome.",
    ),
    choice("information", InfoStatus, "Information", "Whether the information is enough to assess the case."),
    choice(
        "timing_obtainable", Judgement, "Timing obtainable", "Whether missing dates can still be obtained."
    ),
    choice(
        "pre_existing_exacerbated",
        Judgement,
        "Pre-existing symptoms worse",
        "Whether the drug made symptoms the patient already had worse.",
    ),
    observed(
        "mechanism_evidence",
        Judgement,
        "Mechanism evidence",
        "Whether a test showed the mechanism itself, e.g. HLA type or lymphocyte transformation.",
    ),
    items(
        "specific_tests",
        "Specific tests",
        "Tests specific for a drug reaction: antibodies, lymphocyte transformation, patch, skin, provocation, "
        "HLA, biopsy.",
        group(
            "specific_test",
            "Specific test",
            "One test and its result.",
            choice("kind", SpecificTestKind, "Test", "Which test.", required=True),
            choice("result", SpecificTestResult, "Result", "Positive or negative.", required=True),
            text("note", "Note", "The value, the allele or the finding."),
            text("drug", "Drug tested", "Where the test was done with another drug than the pair's suspect."),
            model=SpecificTest,
        ),
    ),
    model=Facts,
)

PAIR = group(
    "assessment",
    "Assessment",
    "One suspect drug and one reaction: the facts, and any answers stated directly.",
    text("drug", "Drug", "A suspect drug of this case, by name.", required=True),
    text("reaction", "Reaction", "A reaction of this case, by its term.", required=True),
    FACTS,
    instrument("naranjo", "Naranjo answers", "Naranjo answers stated directly; they win over the facts."),
    instrument("who_umc", "WHO-UMC inputs", "WHO-UMC inputs stated directly; they win over the facts."),
    group(
        "who_umc_override",
        "WHO-UMC override",
        "Your WHO-UMC category where it differs from the computed one, with the reason.",
        choice("category", WhoUmcCategory, "Category", "The category you assign.", required=True),
        text("reason", "Reason", "Why it differs from the computed category.", required=True),
    ),
    text(
        "conclusion",
        "Conclusion",
        "The assessor's conclusion about this drug and reaction, in their own words (shown first in the report).",
    ),
    text("notes", "Notes", "Anything else about this assessment."),
    # Who made this assessment: a pair may be assessed several times (by several assessors, then a
    # consensus or an adjudication), in one file or in several files of the same case_id.
    _person(
        "assessor",
        "Assessor",
        "Who made this assessment (a name, or name, role and organisation); without it, the case's assessor.",
        word="name",
    ),
    timestamp(
        "assessed_at",
        "Assessed",
        "When this assessment was made, e.g. 2026-12-02T10:15+01:00; without it, the case's assessment date.",
    ),
    choice(
        "role",
        AssessmentRole,
        "Role of this assessment",
        "independent (one assessor's own, the default), consensus (agreed together) or adjudication "
        "(decided by a further assessor); the independent ones are kept beside the final one.",
    ),
    text("reason", "Reason", "Why the consensus or adjudication decided as it did (required for those)."),
    # Then each instrument's answers stated directly, under its id, and "instruments" (add or skip one):
    # the registry's, see pair_instrument_fields().
)

# What `causality assess` and `causality sign` record; read and written with the case, never typed by hand.
HISTORY = items(
    "history",
    "History",
    "Every change saved to this case, oldest first (written by causality assess; each entry is chained to the "
    "one before it by its hash, so that a change to the history shows).",
    group(
        "history_entry",
        "Change",
        "One save of the case: when, who, why and what changed.",
        timestamp("at", "When", "When the changes were saved (UTC).", required=True),
        text("by", "By", "Who saved them.", required=True),
        text("reason", "Reason", "Why the changes were made (required once the case is signed)."),
        items(
            "changes",
            "Changes",
            "Each field that changed, with its value before and after.",
            group(
                "change",
                "Change",
                "One field, its value before and after, and the reason for an override.",
                text(
                    "field", "Field", "Where the value is in the case file, e.g. patient.age.", required=True
                ),
                text("old", "Before", "The value before (left out where there was none)."),
                text("new", "After", "The value after (left out where it was removed)."),
                text("reason", "Reason", "The reason given for this value (an override's)."),
                model=Change,
            ),
        ),
        text(
            "before_hash",
            "Hash before",
            "SHA-256 of the case before these changes, without history and signatures.",
            required=True,
        ),
        text(
            "case_hash",
            "Case hash",
            "SHA-256 of the case as saved, without history and signatures.",
            required=True,
        ),
        text("hash", "Hash", "SHA-256 of this entry and the hash of the entry before it.", required=True),
        model=HistoryEntry,
    ),
)

SIGNATURES = items(
    "signatures",
    "Signatures",
    "Signatures recorded by causality sign; one no longer holds once the case changes after it.",
    group(
        "signature",
        "Signature",
        "Printed name, date and time, meaning, and the hash of what was signed.",
        text("name", "Name", "The signer's printed name.", required=True),
        timestamp("at", "When", "When it was signed (UTC).", required=True),
        choice("meaning", SignatureMeaning, "Meaning", "What the signature means.", required=True),
        text(
            "hash", "Hash", "SHA-256 of the case as signed, history and signatures left out.", required=True
        ),
        text("history", "History signed", "The hash of the case's last history entry when it was signed."),
        text("seal", "Seal", "SHA-256 of the signature's name, time, meaning, hash and history signed."),
        model=Signature,
    ),
)

CASE_ID = text("case_id", "Case ID", "Your reference for the case, e.g. PV-2024-0117.", required=True)

CASE = group(
    "case",
    "Case",
    "A full case: patient, drugs, reactions and one assessment per suspect drug and reaction.",
    CASE_ID,
    PATIENT,
    items(
        "suspect_drugs", "Suspect drugs", "The drugs suspected of causing a reaction.", DRUG, required=True
    ),
    items("concomitant_drugs", "Concomitant drugs", "Other drugs taken at the time.", DRUG),
    items("reactions", "Reactions", "The adverse events.", REACTION, required=True),
    _person("reporter", "Reporter", "Who reported the reaction."),
    _person("assessor", "Assessor", "Who assessed the case."),
    items("assessments", "Assessments", "One per suspect drug and reaction.", PAIR, required=True),
    text("notes", "Notes", "Anything else about the whole case."),
    timestamp(
        "assessed_at",
        "Assessed",
        "When the assessment was made: date, time and time zone, e.g. 2026-12-02T10:15+01:00 "
        "(causality assess records it when it saves the case).",
    ),
    HISTORY,
    SIGNATURES,
)

# What only a pair of a full case records: the shorthand is one assessor's own assessment.
FULL_CASE_ONLY = ("assessed_at", "role", "reason")

# The interchange shorthand other tools write: one pair at the top level, read the same way as a pair.
SHORTHAND = group(
    "shorthand",
    "Case (one pair)",
    "One drug and one reaction with the instruments' answers, the form other tools exchange.",
    CASE_ID,
    *(f for f in PAIR.fields if f.name not in FULL_CASE_ONLY),
)


def pair_instrument_fields() -> tuple[Field, ...]:
    """The fields the per-pair instruments add to a pair, from the registry (installed instruments too)."""
    from causality.instruments import registry

    stated = tuple(
        instrument(i.id, f"{i.title} answers", f"{i.title} answers stated directly; they win over the facts.")
        for i in registry.further()
        if i.given_answers()
    )
    choose = instrument(
        "instruments", "Instruments", "Add an instrument the tool did not pick, or skip one, with why."
    )
    return (*stated, choose)


_PAIR_GROUPS = (PAIR.name, SHORTHAND.name)


# --- JSON Schema -------------------------------------------------------------------------------------

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# A date and time with a time zone, as the reader takes it (seconds and fractions optional).
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})$"
# Text fields take numbers too (``case_id: 1042``), as the reader does.
_TEXT: dict[str, Any] = {"type": ["string", "number"]}


def _spellings(words: Iterable[str]) -> dict[str, Any]:
    """Allowed words, with the spellings of "don't know" the reader also takes where "unknown" is one."""
    from causality.vocab import ALIASES

    values = list(words)
    if "unknown" in values:
        values += [w for a in ALIASES for w in dict.fromkeys((a, a.replace("_", " "))) if w not in values]
    return {"enum": values}


def _words(cls: type[StrEnum]) -> dict[str, Any]:
    return _spellings(m.value for m in cls)


def instrument_answer_schemas() -> dict[str, dict[str, Any]]:
    """The sub-schemas of the answers the instruments own, by field name.

    The one place that reads the instruments' items and words; when the instruments move into a
    registry, this function asks the registry instead and nothing else changes.
    """
    from causality.instruments import naranjo as N
    from causality.instruments import registry
    from causality.instruments import who_umc as W
    from causality.instruments.alden.entry import drug_answers
    from causality.instruments.rucam.scorer import Course

    def stated(word: dict[str, Any], description: str | None = None, key: str = "answer") -> dict[str, Any]:
        """A word, or the word with the reason it was stated (``{answer: no, reason: "..."}``)."""
        form = {
            "type": "object",
            "properties": {
                key: word,
                "reason": {**_TEXT, "description": "Why it was stated."},
                "source": {
                    **_words(AnswerSource),
                    "description": "Where it was entered: assessment (asked by causality assess) or "
                    "case_file (the default).",
                },
            },
            "required": [key],
            "additionalProperties": False,
        }
        return {**({"description": description} if description else {}), "anyOf": [word, form]}

    def answers(title: str, properties: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
        return {
            "title": title,
            "type": "object",
            "properties": dict(properties),
            "additionalProperties": False,
        }

    def given(title: str, allowed: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return answers(title, {key: stated(_spellings(words)) for key, words in allowed.items()})

    return {
        "naranjo": answers(
            "Naranjo answers", {i.id: stated(_words(Answer), f"{i.domain}: {i.question}") for i in N.ITEMS}
        ),
        "who_umc": answers("WHO-UMC inputs", {k: stated(_words(cls)) for k, cls in W.INPUT_TYPES.items()}),
        **{
            i.id: given(f"{i.title} answers", i.given_answers())
            for i in registry.further()
            if i.given_answers()
        },
        "instruments": answers(
            "Instruments", {i.id: stated(_words(Use), key="use") for i in registry.further()}
        ),
        "alden": given("ALDEN answers", drug_answers()),
        "liver_course": {"enum": list(Course)},
    }


def _schema(f: Field) -> dict[str, Any]:
    """The JSON Schema of one field, its title and description included."""
    about: dict[str, Any] = {"title": f"{f.label} ({f.unit})" if f.unit else f.label, "description": f.help}
    if f.kind is Kind.TEXT:
        # "must not be empty": at least one character that is not a space
        return {**about, **_TEXT, **({"pattern": "\\S"} if f.required else {})}
    if f.kind is Kind.DATE:
        return {**about, "type": "string", "format": "date"}
    if f.kind is Kind.TIMESTAMP:  # the pattern too: a checker of formats is optional in JSON Schema
        return {**about, "type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN}
    if f.kind is Kind.ONSET:
        return {**about, "type": "string"}
    if f.kind is Kind.NUMBER:
        return {
            **about,
            "type": "integer" if f.whole else "number",
            "minimum": f.minimum,
            "maximum": f.maximum,
        }
    if f.kind is Kind.CHOICE:
        return {**about, **_words(f.enum)}
    if f.kind is Kind.LIST:
        assert f.item is not None
        return {**about, "type": "array", "items": _schema(f.item), **({"minItems": 1} if f.required else {})}
    if f.kind is Kind.INSTRUMENT:
        return {**about, "$ref": f"#/$defs/{f.name}"}
    form = {
        "type": "object",
        "properties": {
            sub.name: _schema(sub)
            for sub in (*f.fields, *(pair_instrument_fields() if f.name in _PAIR_GROUPS else ()))
        },
        **({"required": list(f.required_keys)} if f.required_keys else {}),
        "additionalProperties": False,
    }
    if f.word is None:
        return {**about, **form}
    return {**about, "anyOf": [_schema(f[f.word]), form]}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file in either shape."""
    from causality import __version__

    return {
        "$schema": DRAFT,
        "title": "adr-causality case file",
        "description": f"A case for causality {__version__}: a full case, or one pair in the shorthand.",
        "oneOf": [{"$ref": "#/$defs/case"}, {"$ref": "#/$defs/shorthand"}],
        "$defs": {"case": _schema(CASE), "shorthand": _schema(SHORTHAND), **instrument_answer_schemas()},
    }
