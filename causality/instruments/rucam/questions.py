"""What RUCAM reads that no other question asks: the liver tests and their course, alcohol and pregnancy,
and its own answers on other drugs and on re-exposure."""

from __future__ import annotations

from causality import schema as S
from causality.interview.partial import At, Custom, Partial, word
from causality.interview.questions import YES_NO_UNKNOWN, Kind, Option, Question, Value, check_number

LIVER_COURSE = (
    Option("drop_50_within_8_days", "Fell by half or more within 8 days (hepatocellular)"),
    Option("drop_50_within_30_days", "Fell by half or more within 30 days (hepatocellular)"),
    Option("drop_50_after_30_days", "Fell by half or more only after 30 days (hepatocellular)"),
    Option("drop_under_50_after_30_days_or_recurrent", "Fell by less than half after 30 days, or rose again"),
    Option("drop_50_within_180_days", "Fell by half or more within 180 days (cholestatic or mixed)"),
    Option("drop_under_50_within_180_days", "Fell by less than half within 180 days (cholestatic or mixed)"),
    Option("no_information_or_continued", "No information, or the drug was continued"),
)
CONCOMITANT = (
    Option("none_or_no_information", "None, or no information", "n"),
    Option("incompatible_time", "Other drugs, but their timing does not fit", "i"),
    Option("compatible_time", "Another drug with a fitting timing", "c"),
    Option("known_hepatotoxin_compatible_time", "A known hepatotoxin with a fitting timing", "h"),
    Option("evidence_for_its_role", "Another drug with evidence for its role (rechallenge, test)", "e"),
)
REEXPOSURE = (
    Option("doubling_drug_alone", "Enzymes doubled on the drug alone", "d"),
    Option("doubling_with_same_drugs", "Enzymes doubled with the same drugs as the first time", "s"),
    Option("increase_below_uln", "Enzymes rose but stayed below the upper limit", "b"),
    Option("other_or_not_done", "Other", "o"),
)


def is_liver(p: Partial, j: int) -> bool:
    from causality.catalogue import checklist_for
    from causality.instruments.rucam.entry import LIVER_INJURY

    return checklist_for(p.text(("reaction", j), "term") or "").key == LIVER_INJURY


def check_value_and_limit(text: str) -> str | None:
    parts = text.replace(" ", "").split("/")
    try:
        value, limit = (float(x) for x in parts)
    except ValueError:
        return "enter the value and the upper limit of normal, e.g. 180/40"
    # ALT and ALP share their ranges, as do their upper limits
    (low, high), (limit_low, limit_high) = S.LABS["alt"].range, S.LABS["alt_uln"].range
    return (
        None
        if low <= value <= high and limit_low <= limit <= limit_high
        else f"value {low:g} to {high:g}, upper limit {limit_low:g} to {limit_high:g}"
    )


def _value_and_limit(j: int, test: str) -> Custom:
    """One answer, "180/40", for a test's value and its upper limit of normal."""
    value, limit = (
        At(("reaction", j), ("labs", test), number=True),
        At(("reaction", j), ("labs", f"{test}_uln"), number=True),
    )

    def get(p: Partial) -> Value | None:
        v, u = value.get(p), limit.get(p)
        return f"{v}/{u}" if v is not None and u is not None else None

    def put(p: Partial, text: Value) -> None:
        parts = str(text).replace(" ", "").split("/") if str(text).strip() else ["", ""]
        value.put(p, parts[0])
        limit.put(p, parts[1] if len(parts) > 1 else "")

    def erase(p: Partial) -> None:
        value.clear(p)
        limit.clear(p)

    return Custom(get, put, erase)


def reaction_questions(p: Partial, j: int, sec: str) -> list[Question]:
    if not is_liver(p, j):
        return []
    r = ("reaction", j)
    qs = [
        Question(
            f"reaction.{j}.alt",
            Kind.TEXT,
            "ALT when the injury was recognised / its upper limit of normal",
            sec,
            "ALT / ULN",
            measured=True,
            optional=True,
            check=check_value_and_limit,
            instruction="(e.g. 180/40, U/L; Enter if not measured)",
            fills=_value_and_limit(j, "alt"),
        ),
        Question(
            f"reaction.{j}.alp",
            Kind.TEXT,
            "ALP from the same sample / its upper limit of normal",
            sec,
            "ALP / ULN",
            measured=True,
            optional=True,
            check=check_value_and_limit,
            instruction="(e.g. 390/130, U/L; Enter if not measured)",
            fills=_value_and_limit(j, "alp"),
        ),
        Question(
            f"reaction.{j}.liver_course",
            Kind.SELECT,
            "After the drug was stopped, ALT (cholestatic: ALP)...",
            sec,
            "course after stopping",
            options=LIVER_COURSE,
            fills=At(r, ("labs", "liver_course")),
        ),
    ]
    first = next(k for k in range(p.reaction_count()) if is_liver(p, k))
    if j == first:  # patient facts RUCAM scores, asked once
        qs.append(
            Question(
                "alcohol",
                Kind.TEXT,
                "Alcohol, drinks a day (Enter if not known)",
                sec,
                "alcohol",
                measured=True,
                optional=True,
                check=check_number(*S.PATIENT["alcohol_drinks_per_day"].range),
                fills=At(("patient",), ("alcohol_drinks_per_day",), number=True),
            )
        )
        if p.text(("patient",), "sex") == "female":
            qs.append(
                Question(
                    "pregnant",
                    Kind.SELECT,
                    "Is the patient pregnant?",
                    sec,
                    "pregnant",
                    options=YES_NO_UNKNOWN,
                    fills=At(("patient",), ("pregnant",)),
                )
            )
    return qs


def pair_questions(p: Partial, i: int, j: int, sec: str) -> list[Question]:
    if not is_liver(p, j):
        return []
    qs = []
    if [p.drug_name(k) for k in range(p.drug_count()) if k != i] + p.concomitant():
        qs.append(
            Question(
                f"pair.{i}.{j}.rucam_concomitant",
                Kind.SELECT,
                f"Other drugs besides {p.drug_name(i)} (RUCAM)?",
                sec,
                "concomitant drugs (RUCAM)",
                options=CONCOMITANT,
                fills=At(("pair", i, j), ("rucam", "concomitant"), keep=True),
            )
        )
    if word(p.facts(i, j).get("rechallenge"), "outcome") in ("recurred", "did_not_recur"):
        qs.append(
            Question(
                f"pair.{i}.{j}.rucam_reexposure",
                Kind.SELECT,
                "On re-exposure, the liver enzymes...",
                sec,
                "re-exposure (RUCAM)",
                options=REEXPOSURE,
                fills=At(("pair", i, j), ("rucam", "reexposure"), keep=True),
            )
        )
    return qs
