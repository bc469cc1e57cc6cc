"""HL7 FHIR R5 and R4B: a Bundle of type collection holding, per case, a de-identified Patient, the drugs as
MedicationStatements, one AdverseEvent per reaction with its suspect drugs and their causality, every
instrument's result as an Observation, and the alternative causes as Conditions.

R5 keeps one causality per suspect entity, so a suspect is repeated once per instrument (and assessor);
R4B keeps several causality entries under one suspect. Both are checked by fhir.resources before anything
is written, and the causality codes by :func:`check_codes` against the HL7 code systems (the library
checks structure, not codes).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from causality.errors import ExportInvalid, FhirUnavailable
from causality.inert import as_utf8
from causality.interchange.common import (
    ASSESS_CODES,
    CAUSALITY_ASSESS,
    CAUSALITY_METHOD,
    METHOD_CODES,
    Assessed,
    Causality,
    assessor_words,
    causalities,
    product_of,
    result_words,
)
from causality.model import AlternativeCause, Case, CauseStatus, Drug, Person, Reaction

R5 = "fhir-r5"
R4B = "fhir-r4b"
VERSIONS = (R5, R4B)

# Identifiers of the resources: the same case gives the same bundle, byte for byte.
_NAMESPACE = uuid.UUID("6f1c1b1e-4c1a-5b8e-9d0f-4d7c0a05a117")
_VER_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
_LOINC = "http://loinc.org"
_UCUM = "http://unitsofmeasure.org"
_R4B_METHOD = {"probability-scale": "ProbabilityScale", "bayesian": "Bayesian", "checklist": "Checklist"}


def r4b_code(code: str) -> str:
    """R4B's spelling of an R5 causality code: ``probably-likely`` -> ``Probably-Likely``."""
    return _R4B_METHOD.get(code) or "-".join(part.capitalize() for part in code.split("-"))


def _url(*parts: str) -> str:  # the case file and case id come first: no two cases share one
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, as_utf8(chr(31).join(parts)))}"


def _ref(url: str, display: str | None = None) -> dict[str, Any]:
    return {"reference": url, **({"display": display} if display else {})}


def _text(text: str) -> dict[str, Any]:
    return {"text": text}


class _Bundle:
    def __init__(self, version: str) -> None:
        self.version = version
        self.entries: list[dict[str, Any]] = []

    @property
    def r5(self) -> bool:
        return self.version == R5

    def add(self, url: str, resource: dict[str, Any]) -> str:
        self.entries.append({"fullUrl": url, "resource": resource})
        return url

    def data(self) -> dict[str, Any]:
        return {"resourceType": "Bundle", "type": "collection", "entry": self.entries}


def build(assessed: Sequence[Assessed], version: str = R5) -> dict[str, Any]:
    """The bundle of every case, as JSON data (not yet validated)."""
    bundle = _Bundle(version)
    for one in assessed:
        _case(bundle, one)
    return bundle.data()


def _case(b: _Bundle, one: Assessed) -> None:
    case = one.case
    cid = f"{case.source}\x1f{case.case_id}"
    patient = b.add(_url(cid, "patient"), _patient(case))
    if case.patient.age is not None:
        b.add(_url(cid, "age"), _vital(b, patient, "30525-0", "Age", case.patient.age, "a", "years"))
    if case.patient.weight_kg is not None:
        b.add(
            _url(cid, "weight"),
            _vital(b, patient, "29463-7", "Body weight", case.patient.weight_kg, "kg", "kg"),
        )
    drugs: dict[str, str] = {}
    for drug in [*case.suspect_drugs, *case.concomitant_drugs]:
        drugs[drug.name.casefold()] = b.add(_url(cid, "drug", drug.name), _statement(b, drug, patient))
    people: dict[int, str] = {}

    def person(p: Person | None) -> str | None:
        if p is None or not (p.name or p.role):
            return None
        if id(p) not in people:
            people[id(p)] = b.add(_url(cid, "person", p.name or "", p.role or ""), _practitioner(p))
        return people[id(p)]

    recorder = person(case.reporter)
    rows = list(causalities(one))
    for reaction in case.reactions:
        _adverse_event(b, one, reaction, patient, drugs, rows, person, recorder)


def _patient(case: Case) -> dict[str, Any]:
    out: dict[str, Any] = {"resourceType": "Patient"}  # never a name, an identifier or a birth date
    if case.patient.sex is not None:
        out["gender"] = case.patient.sex.value
    return out


def _vital(
    b: _Bundle, patient: str, code: str, label: str, value: float, unit: str, shown: str
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": _LOINC, "code": code, "display": label}], "text": label},
        "subject": _ref(patient),
        "valueQuantity": {"value": value, "unit": shown, "system": _UCUM, "code": unit},
    }


def _statement(b: _Bundle, drug: Drug, patient: str) -> dict[str, Any]:
    name = _text(drug.name)
    out: dict[str, Any] = {"resourceType": "MedicationStatement"}
    if b.r5:
        out |= {"status": "recorded", "medication": {"concept": name}}
    else:
        out |= {"status": "unknown", "medicationCodeableConcept": name}
    out["subject"] = _ref(patient)
    period = {k: v.isoformat() for k, v in (("start", drug.start), ("end", drug.stop)) if v is not None}
    if period:
        out["effectivePeriod"] = period
    dosage: dict[str, Any] = {}
    if drug.dose:
        dosage["text"] = drug.dose
    if drug.route:
        dosage["route"] = _text(drug.route)
    if dosage:
        out["dosage"] = [dosage]
    if drug.indication:
        out |= (
            {"reason": [{"concept": _text(drug.indication)}]}
            if b.r5
            else {"reasonCode": [_text(drug.indication)]}
        )
    return out


def _practitioner(p: Person) -> dict[str, Any]:
    out: dict[str, Any] = {"resourceType": "Practitioner"}
    if p.name:
        out["name"] = [{"text": p.name}]
    if p.role:
        out["qualification"] = [{"code": _text(p.role)}]
    return out


def _seriousness(reaction: Reaction) -> dict[str, Any]:
    if not reaction.seriousness:
        return _text("not serious")
    return _text("serious: " + ", ".join(s.value.replace("_", " ") for s in reaction.seriousness))


def _causality(b: _Bundle, c: Causality, author: str | None) -> dict[str, Any]:
    code = c.code
    method = {"system": CAUSALITY_METHOD, "code": c.coding.method if b.r5 else r4b_code(c.coding.method)}
    words = result_words(c.result)
    related: dict[str, Any] = {"text": f"{c.coding.name}: {words}"}
    if code is not None:
        related["coding"] = [{"system": CAUSALITY_ASSESS, "code": code if b.r5 else r4b_code(code)}]
    out: dict[str, Any] = {}
    if b.r5:
        out = {"assessmentMethod": {"coding": [method], "text": c.coding.name}, "entityRelatedness": related}
    else:
        out = {
            "assessment": related,
            "productRelatedness": words,
            "method": {"coding": [method], "text": c.coding.name},
        }
    if author is not None:
        out["author"] = _ref(author, assessor_words(c.assessor, c.pair))
    return out


def _adverse_event(
    b: _Bundle,
    one: Assessed,
    reaction: Reaction,
    patient: str,
    drugs: dict[str, str],
    rows: list[Causality],
    person: Any,
    recorder: str | None,
) -> None:
    case, cid = one.case, f"{one.case.source}\x1f{one.case.case_id}"
    event = _url(cid, "reaction", reaction.term)
    mine = [
        (pair, scored) for pair, scored in one.pairs() if pair.reaction.casefold() == reaction.term.casefold()
    ]
    supporting: list[str] = []
    history: list[str] = []
    for pair, scored in mine:
        drug = product_of(case, pair.drug)
        focus = [_ref(drugs[drug.name.casefold()], drug.name)] if drug else []
        if not b.r5:
            focus.append(_ref(event, reaction.term))
        for key, result in scored.results.items():
            url = b.add(
                _url(cid, "result", pair.drug, pair.reaction, key), _observation(patient, focus, result)
            )
            supporting.append(url)
        for n, cause in enumerate(pair.facts.alternative_causes):
            found = _condition(b, patient, cause, pair.drug, pair.reaction)
            if found is not None:
                history.append(b.add(_url(cid, "cause", pair.drug, pair.reaction, str(n)), found))
    ident = {"value": case.case_id}  # the case, shared by its reactions' events
    ae: dict[str, Any] = {"resourceType": "AdverseEvent", "identifier": [ident] if b.r5 else ident}
    if b.r5:
        ae |= {"status": "completed", "actuality": "actual", "code": _text(reaction.term)}
    else:
        ae |= {"actuality": "actual", "event": _text(reaction.term)}
    ae["subject"] = _ref(patient)
    if reaction.onset is not None:
        ae["occurrenceDateTime" if b.r5 else "date"] = reaction.onset.isoformat()
    if recorder is not None:
        ae["recorder"] = _ref(recorder)
    ae["seriousness"] = _seriousness(reaction)
    if reaction.outcome is not None:
        outcome = _text(reaction.outcome.value.replace("_", " "))
        ae["outcome"] = [outcome] if b.r5 else outcome
    ae["suspectEntity"] = list(_suspects(b, case, reaction, drugs, rows, person))
    if b.r5:
        items = [*supporting, *history]
        if items:
            ae["supportingInfo"] = [{"itemReference": _ref(u)} for u in items]
        notes = list(_notes(reaction, mine))
        if notes:
            ae["note"] = [{"text": t} for t in notes]
    elif history:
        ae["subjectMedicalHistory"] = [_ref(u) for u in history]
    b.add(event, ae)


def _notes(reaction: Reaction, mine: list[Any]) -> Iterator[str]:
    if reaction.onset_relative is not None:
        yield f"Onset: {reaction.onset_relative.describe()}"
    if reaction.description:
        yield reaction.description
    for pair, _ in mine:
        if pair.conclusion:
            yield f"Assessor's conclusion ({pair.drug}): {pair.conclusion}"


def _suspects(
    b: _Bundle, case: Case, reaction: Reaction, drugs: dict[str, str], rows: list[Causality], person: Any
) -> Iterator[dict[str, Any]]:
    """R5: one suspect entity per drug x instrument x assessor; R4B: one per drug, its causality listed."""
    mine = [c for c in rows if c.pair.reaction.casefold() == reaction.term.casefold()]
    names = [d.name for d in case.suspect_drugs]
    names += [c.pair.drug for c in mine if product_of(case, c.pair.drug) and c.pair.drug not in names]
    seen: set[str] = set()
    for name in names:
        drug = product_of(case, name)
        if drug is None or drug.name.casefold() in seen:
            continue
        seen.add(drug.name.casefold())
        instance = _ref(drugs[drug.name.casefold()], drug.name)
        own = [
            c
            for c in mine
            if (d := product_of(case, c.pair.drug)) and d.name.casefold() == drug.name.casefold()
        ]
        entries = [_causality(b, c, person(c.assessor)) for c in own]
        if b.r5 and not entries:
            yield {"instanceReference": instance}  # a suspect of the case not assessed for this reaction
        elif b.r5:
            for entry in entries:
                yield {"instanceReference": instance, "causality": entry}
        else:
            yield {"instance": instance, **({"causality": entries} if entries else {})}


def _observation(patient: str, focus: list[dict[str, Any]], result: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": _text(result.title),
        "subject": _ref(patient),
    }
    if focus:
        out["focus"] = focus
    final = result.final_result()
    if result.score is not None:
        out["valueInteger"] = result.score
        if final:
            out["component"] = [{"code": _text("category"), "valueString": final}]
    else:
        out["valueString"] = final or "no result"
    notes = [*result.notes]
    override = getattr(result, "override", None)
    if override is not None:
        notes.insert(0, f"Assessor's category: {override.category.value}; reason: {override.reason}")
        if result.result:
            notes.insert(1, f"Computed category: {result.result}")
    if notes:
        out["note"] = [{"text": t} for t in notes]
    return out


_STATUS = {
    CauseStatus.TESTED_EXCLUDED: ("refuted", "inactive"),
    CauseStatus.CLINICALLY_EXCLUDED: ("refuted", "inactive"),
    CauseStatus.PRESENT_CONFIRMED: ("confirmed", "active"),
    CauseStatus.PRESENT_POSSIBLE: ("provisional", "active"),
}


def _condition(
    b: _Bundle, patient: str, cause: AlternativeCause, drug: str, reaction: str
) -> dict[str, Any] | None:
    """An alternative cause as a Condition: excluded ones refuted, with how in a note; present ones
    confirmed or provisional. Causes not considered or not tested are not exported."""
    status = _STATUS.get(cause.status)
    if status is None:
        return None
    verification, clinical = status
    out: dict[str, Any] = {"resourceType": "Condition"}
    if (
        b.r5 or verification != "refuted"
    ):  # R5 requires a clinical status; R4B leaves it out for a refuted condition
        out["clinicalStatus"] = {"coding": [{"system": _CLINICAL, "code": clinical}]}
    out["verificationStatus"] = {"coding": [{"system": _VER_STATUS, "code": verification}]}
    out |= {"code": _text(cause.cause), "subject": _ref(patient)}
    how = f" by {cause.method.value}" if cause.method else ""
    said = f": {cause.finding}" if cause.finding else ""
    if cause.status.excluded:
        note = f"Excluded as a cause of {reaction} with {drug}{how}{said}"
    else:
        certainty = "confirmed" if verification == "confirmed" else "possible"
        note = f"Present ({certainty}) as a cause of {reaction} with {drug}{how}{said}"
    if cause.date is not None:
        note += f" ({cause.date.isoformat()})"
    out["note"] = [{"text": note}]
    return out


def check_codes(data: dict[str, Any], version: str = R5) -> list[str]:
    """Every causality coding's code checked against its HL7 code system, in the version's spelling."""
    allowed = {
        CAUSALITY_METHOD: set(METHOD_CODES) if version == R5 else {r4b_code(c) for c in METHOD_CODES},
        CAUSALITY_ASSESS: set(ASSESS_CODES) if version == R5 else {r4b_code(c) for c in ASSESS_CODES},
    }
    problems = []
    for coding in _codings(data):
        system = coding.get("system")
        if system in allowed and coding.get("code") not in allowed[system]:
            problems.append(f"'{coding.get('code')}' is not a code of {system}")
    return problems


def _codings(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            yield node
        for value in node.values():
            yield from _codings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _codings(value)


def validate(data: dict[str, Any], version: str = R5) -> None:
    """Check the bundle with fhir.resources (structure) and :func:`check_codes`; raise ExportInvalid."""
    import importlib

    module = "fhir.resources.bundle" if version == R5 else "fhir.resources.R4B.bundle"
    try:
        bundle: Any = importlib.import_module(module).Bundle
    except ImportError:
        raise FhirUnavailable(
            "causality export: FHIR export needs the fhir extra: pip install 'adr-causality[fhir]'"
        ) from None
    from pydantic import ValidationError

    problems = check_codes(data, version)
    try:
        bundle.model_validate(data)
    except ValidationError as exc:
        problems += [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    if problems:
        name = "FHIR R5" if version == R5 else "FHIR R4B"
        raise ExportInvalid(
            "\n".join(
                f"causality export: the {name} bundle is not valid, nothing was written: {p}"
                for p in problems
            )
        )


def render(assessed: Sequence[Assessed], version: str = R5) -> str:
    """The validated bundle as JSON text."""
    data = build(assessed, version)
    validate(data, version)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
