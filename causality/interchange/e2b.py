"""ICH E2B(R3): one batch (N.1) holding one ICSR message (N.2.r) per case, with the case's identification
(C), patient (D), reactions (E), drugs (G) and causality, built with the standard library's XML tools.

Causality goes where E2B(R3) keeps it: one G.k.9.i.2.r entry per drug x reaction x instrument x assessor,
linked to the reaction and the drug, with the source (.1), method (.2) and result (.3) at most 60
characters each. With ``region="eu"`` the method and result are the EU codes ("EU Method of Assessment";
"Reasonable possibility" or not), the instrument's own words kept as their original text. Required
elements the case does not record carry a nullFlavor.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from causality.inert import as_utf8
from causality.interchange.common import (
    Assessed,
    Causality,
    assessor_words,
    causalities,
    clip,
    product_of,
    result_words,
)
from causality.model import Case, Drug, Outcome, Reaction, Seriousness, Sex, WithdrawalAction

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LIMIT = 60  # characters of each of G.k.9.i.2.r.1, .2 and .3
NAME_LIMIT = 250  # G.k.2.2, E.i.1.1a

_ICH = "2.16.840.1.113883.3.989.2.1.1"  # ICH code lists
_OBS = f"{_ICH}.19"  # observation codes
_IDS = "2.16.840.1.113883.3.989.2.1.3"  # ICH identifier roots
EU_METHOD = "2.16.840.1.113883.3.989.5.1.1.5.2"  # EU method of assessment: 1 = EU Method of Assessment
EU_RESULT = "2.16.840.1.113883.3.989.5.1.1.5.3"  # 1 = reasonable possibility, 2 = no reasonable possibility
EU_REASONABLE = {"certain": "1", "probably-likely": "1", "possible": "1", "unlikely": "2"}
_NAMESPACE = uuid.UUID("0b9c2f4e-1d3a-5c6b-8e7f-9a0b1c2d3e4f")

_SERIOUSNESS = (  # E.i.3.2a-f, in the order the guide lists them
    (Seriousness.DEATH, "34"),
    (Seriousness.LIFE_THREATENING, "21"),
    (Seriousness.HOSPITALISATION, "33"),
    (Seriousness.DISABILITY, "35"),
    (Seriousness.CONGENITAL_ANOMALY, "12"),
    (Seriousness.MEDICALLY_IMPORTANT, "26"),
)
_OUTCOME = {  # E.i.7, ICH code list 11
    Outcome.RECOVERED: "1",
    Outcome.RECOVERING: "2",
    Outcome.NOT_RECOVERED: "3",
    Outcome.RECOVERED_WITH_SEQUELAE: "4",
    Outcome.FATAL: "5",
    Outcome.UNKNOWN: "0",
}
_ACTION = {  # G.k.8, ICH code list 15: what was done with the drug
    WithdrawalAction.STOPPED: "1",  # drug withdrawn
    WithdrawalAction.REDUCED: "2",  # dose reduced
    WithdrawalAction.CONTINUED: "4",  # dose not changed
    WithdrawalAction.ENDED: "9",  # not applicable: a single dose, or a course already over
}
_SEX = {Sex.MALE: "1", Sex.FEMALE: "2"}  # D.5, ISO 5218; anything else is a nullFlavor

ID_LIMIT = 100  # C.1.1 and C.1.8.1, the case's identifiers: 100AN


def _q(tag: str) -> str:
    return f"{{{HL7}}}{tag}"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, _q(tag), {k.replace("__", ":").rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _typed(parent: ET.Element, tag: str, xsi_type: str, **attrs: str) -> ET.Element:
    node = _el(parent, tag, **attrs)
    node.set(f"{{{XSI}}}type", xsi_type)
    return node


def _code(parent: ET.Element, code: str, system: str = _OBS) -> ET.Element:
    return _el(parent, "code", code=code, codeSystem=system, codeSystemVersion="2.0")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, as_utf8("\x1f".join(parts))))


def _ts(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S+0000")
    return value.strftime("%Y%m%d")


def render(assessed: Sequence[Assessed], region: str | None = None, now: dt.datetime | None = None) -> bytes:
    """The batch as XML bytes (UTF-8, with its declaration)."""
    now = now or dt.datetime.now(dt.UTC)
    ET.register_namespace("", HL7)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_q("MCCI_IN200100UV01"), {"ITSVersion": "XML_1.0"})
    batch = _id(now.isoformat(), *(a.case.case_id for a in assessed))
    _el(root, "id", extension=batch, root=f"{_IDS}.22")  # N.1.2
    _el(root, "creationTime", value=_ts(now))  # N.1.5
    _el(root, "responseModeCode", code="D")
    _el(root, "interactionId", root="2.16.840.1.113883.1.6", extension="MCCI_IN200100UV01")
    _el(root, "name", code="1", codeSystem=f"{_ICH}.1", codeSystemVersion="2.0")  # N.1.1: ICH ICSR
    for one in assessed:
        _message(root, one, region, now)
    _el(_el(_el(root, "receiver", typeCode="RCV"), "device", classCode="DEV", determinerCode="INSTANCE"), "id",
        nullFlavor="UNK")  # fmt: skip
    _el(_el(_el(root, "sender", typeCode="SND"), "device", classCode="DEV", determinerCode="INSTANCE"), "id",
        nullFlavor="UNK")  # fmt: skip
    ET.indent(root, "  ")
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def _message(root: ET.Element, one: Assessed, region: str | None, now: dt.datetime) -> None:
    case = one.case
    key = f"{case.source}\x1f{case.case_id}"
    msg = _el(root, "PORR_IN049016UV")
    _el(msg, "id", extension=case.case_id, root=f"{_IDS}.1")  # N.2.r.1
    _el(msg, "creationTime", value=_ts(now))  # N.2.r.4
    _el(msg, "interactionId", root="2.16.840.1.113883.1.6", extension="PORR_IN049016UV")
    _el(msg, "processingCode", code="P")
    _el(msg, "processingModeCode", code="T")
    _el(msg, "acceptAckCode", code="AL")
    for side, tag in (("receiver", "RCV"), ("sender", "SND")):
        device = _el(_el(msg, side, typeCode=tag), "device", classCode="DEV", determinerCode="INSTANCE")
        _el(device, "id", nullFlavor="UNK")  # N.2.r.3, N.2.r.2: the sending system fills them
    act = _el(msg, "controlActProcess", classCode="CACT", moodCode="EVN")
    _el(act, "code", code="PORR_TE049016UV", codeSystem="2.16.840.1.113883.1.18")
    _el(act, "effectiveTime", value=_ts(now))  # C.1.2
    event = _el(
        _el(act, "subject", typeCode="SUBJ"), "investigationEvent", classCode="INVSTG", moodCode="EVN"
    )
    _el(event, "id", root=f"{_IDS}.1", extension=case.case_id)  # C.1.1
    _el(event, "id", root=f"{_IDS}.2", extension=case.case_id)  # C.1.8.1
    _el(event, "code", code="PAT_ADV_EVNT", codeSystem="2.16.840.1.113883.5.4")
    _el(event, "text", narrative(one))  # H.1
    _el(event, "statusCode", code="active")
    received = case.reporter.date if case.reporter and case.reporter.date else None
    low = _el(_el(event, "effectiveTime"), "low")  # C.1.4
    if received is not None:
        low.set("value", _ts(received))
    else:
        low.set("nullFlavor", "UNK")
    if received is not None:
        _el(event, "availabilityTime", value=_ts(received))  # C.1.5
    else:
        _el(event, "availabilityTime", nullFlavor="UNK")
    assessment = _el(_el(event, "component", typeCode="COMP"), "adverseEventAssessment", classCode="INVSTG",
                     moodCode="EVN")  # fmt: skip
    role = _el(_el(assessment, "subject1", typeCode="SBJ"), "primaryRole", classCode="INVSBJ")
    _patient(role, case)
    reactions = {r.term.casefold(): _id(key, "reaction", r.term) for r in case.reactions}
    for reaction in case.reactions:
        _reaction(role, reaction, reactions[reaction.term.casefold()])
    drugs = _drugs(case)
    ids = {d.name.casefold(): _id(key, "drug", d.name) for d, _ in drugs}
    organizer = _el(
        _el(role, "subjectOf2", typeCode="SBJ"), "organizer", classCode="CATEGORY", moodCode="EVN"
    )
    _code(organizer, "4", f"{_ICH}.20")
    for drug, _ in drugs:
        _drug(organizer, drug, ids[drug.name.casefold()], action_of(case, drug))
    for drug, kind in drugs:  # G.k.1: suspect 1, concomitant 2, interacting 3
        c = _el(
            _el(assessment, "component", typeCode="COMP"),
            "causalityAssessment",
            classCode="OBS",
            moodCode="EVN",
        )
        _code(c, "20")
        _typed(c, "value", "CE", code=kind, codeSystem=f"{_ICH}.13", codeSystemVersion="2.0")
        _product(c, ids[drug.name.casefold()])
    for row in causalities(one):
        product = product_of(case, row.pair.drug)
        rid = reactions.get(row.pair.reaction.casefold())
        if product is not None and rid is not None:
            _causality(assessment, row, rid, ids[product.name.casefold()], region)
    _primary_source(event)
    _sender(event)
    characteristic = _el(_el(event, "subjectOf2", typeCode="SUBJ"), "investigationCharacteristic", classCode="OBS",
                         moodCode="EVN")  # fmt: skip
    _el(characteristic, "code", code="1", codeSystem=f"{_ICH}.23", codeSystemVersion="1.0")
    _typed(characteristic, "value", "CE", code="4", codeSystem=f"{_ICH}.2", codeSystemVersion="2.0")  # C.1.3


def _patient(role: ET.Element, case: Case) -> None:
    player = _el(role, "player1", classCode="PSN", determinerCode="INSTANCE")
    _el(player, "name", nullFlavor="MSK")  # D.1: never a name
    sex = _SEX.get(case.patient.sex) if case.patient.sex is not None else None
    if sex is not None:
        _el(player, "administrativeGenderCode", code=sex, codeSystem="1.0.5218")
    else:
        _el(player, "administrativeGenderCode", nullFlavor="UNK")
    for code, value, unit in (
        ("3", *_whole_age(case.patient.age)),
        ("7", case.patient.weight_kg, "kg"),
    ):  # D.2.2, D.3
        if value is not None:
            obs = _el(_el(role, "subjectOf2", typeCode="SBJ"), "observation", moodCode="EVN", classCode="OBS")
            _code(obs, code)
            _typed(obs, "value", "PQ", value=f"{value:g}", unit=unit)


def _whole_age(years: float | None) -> tuple[float | None, str]:
    """D.2.2a holds a whole number (5N): an age in years with a fraction goes in the largest unit that makes it
    whole enough: months under two years, else whole years (UCUM: a, mo)."""
    if years is None or float(years).is_integer():
        return years, "a"
    if years < 2:
        return round(years * 12), "mo"
    return round(years), "a"


def _reaction(role: ET.Element, reaction: Reaction, rid: str) -> None:
    obs = _el(_el(role, "subjectOf2", typeCode="SBJ"), "observation", moodCode="EVN", classCode="OBS")
    _el(obs, "id", root=rid)
    _code(obs, "29")
    if reaction.onset is not None:
        _el(_typed(obs, "effectiveTime", "IVL_TS"), "low", value=_ts(reaction.onset))  # E.i.4
    value = _typed(obs, "value", "CE", nullFlavor="UNK")  # E.i.2.1b: no MedDRA code is recorded
    _el(value, "originalText", clip(reaction.term, NAME_LIMIT))  # E.i.1.1a: as reported
    for seriousness, code in _SERIOUSNESS:
        rel = _el(
            _el(obs, "outboundRelationship2", typeCode="PERT"), "observation", moodCode="EVN", classCode="OBS"
        )
        _code(rel, code)
        if seriousness in reaction.seriousness:
            _typed(rel, "value", "BL", value="true")
        else:
            _typed(rel, "value", "BL", nullFlavor="NI")
    if reaction.outcome is not None:  # E.i.7
        rel = _el(
            _el(obs, "outboundRelationship2", typeCode="PERT"), "observation", moodCode="EVN", classCode="OBS"
        )
        _code(rel, "27")
        _typed(
            rel,
            "value",
            "CE",
            code=_OUTCOME[reaction.outcome],
            codeSystem=f"{_ICH}.11",
            codeSystemVersion="2.0",
        )


def _drugs(case: Case) -> list[tuple[Drug, str]]:
    """Every drug of the case with its G.k.1 role: suspect 1, concomitant 2, interacting 3."""
    out = [(d, "1") for d in case.suspect_drugs]
    out += [(d, "3" if d.interacts_with else "2") for d in case.concomitant_drugs]
    return out


def action_of(case: Case, drug: Drug) -> WithdrawalAction | None:
    """What was done with the drug, where every assessment of it records the same action (E2B keeps one
    per drug; assessments that differ are left to the narrative)."""
    actions = {
        p.facts.dechallenge.action
        for p in case.assessments
        if (d := product_of(case, p.drug)) is not None
        and d.name.casefold() == drug.name.casefold()
        and p.facts.dechallenge is not None
    }
    return actions.pop() if len(actions) == 1 else None


def _drug(organizer: ET.Element, drug: Drug, did: str, action: WithdrawalAction | None) -> None:
    sa = _el(
        _el(organizer, "component", typeCode="COMP"),
        "substanceAdministration",
        moodCode="EVN",
        classCode="SBADM",
    )
    _el(sa, "id", root=did)
    kind = _el(_el(_el(sa, "consumable", typeCode="CSM"), "instanceOfKind", classCode="INST"), "kindOfProduct",
               classCode="MMAT", determinerCode="KIND")  # fmt: skip
    _el(kind, "name", clip(drug.name, NAME_LIMIT))  # G.k.2.2
    for ingredient in drug.ingredients:  # G.k.2.3.r.1
        substance = _el(_el(kind, "ingredient", classCode="ACTI"), "ingredientSubstance", classCode="MMAT",
                        determinerCode="KIND")  # fmt: skip
        _el(substance, "name", clip(ingredient, NAME_LIMIT))
    if drug.dose or drug.route or drug.start or drug.stop:  # G.k.4.r
        dose = _el(_el(sa, "outboundRelationship2", typeCode="COMP"), "substanceAdministration", moodCode="EVN",
                   classCode="SBADM")  # fmt: skip
        if drug.dose:
            _el(dose, "text", drug.dose)  # G.k.4.r.8
        if drug.start or drug.stop:  # G.k.4.r.4, G.k.4.r.5
            period = _typed(_typed(dose, "effectiveTime", "SXPR_TS"), "comp", "IVL_TS")
            if drug.start:
                _el(period, "low", value=_ts(drug.start))
            if drug.stop:
                _el(period, "high", value=_ts(drug.stop))
        if drug.route:
            _el(_el(dose, "routeCode"), "originalText", drug.route)  # G.k.4.r.10.1
    if action is not None:  # G.k.8
        act = _el(_el(sa, "inboundRelationship", typeCode="CAUS"), "act", classCode="ACT", moodCode="EVN")
        _el(act, "code", code=_ACTION[action], codeSystem=f"{_ICH}.15", codeSystemVersion="2.0")
    if drug.indication:  # G.k.7.r.1
        obs = _el(
            _el(sa, "inboundRelationship", typeCode="RSON"), "observation", classCode="OBS", moodCode="EVN"
        )
        _code(obs, "19")
        _el(_typed(obs, "value", "CE"), "originalText", drug.indication)


def _product(parent: ET.Element, did: str) -> None:
    ref = _el(
        _el(parent, "subject2", typeCode="SUBJ"), "productUseReference", classCode="SBADM", moodCode="EVN"
    )
    _el(ref, "id", root=did)


def causality_fields(row: Causality, region: str | None = None) -> tuple[str, str, str, str | None]:
    """G.k.9.i.2.r.1, .2 and .3 in words (at most 60 characters each) and, for the EU, the result code
    (None where the instrument's result has no EU equivalent: then the words are written as ICH text)."""
    source = clip(assessor_words(row.assessor, row.pair) or "Assessor (not recorded)", LIMIT)
    method = clip(row.coding.name, LIMIT)
    result = clip(result_words(row.result), LIMIT)
    code = row.code
    eu = EU_REASONABLE.get(code) if region == "eu" and code is not None else None
    return source, method, result, eu


def _causality(parent: ET.Element, row: Causality, rid: str, did: str, region: str | None) -> None:
    source, method, result, eu = causality_fields(row, region)
    c = _el(_el(parent, "component", typeCode="COMP"), "causalityAssessment", classCode="OBS", moodCode="EVN")
    _code(c, "39")
    if eu is not None:  # G.k.9.i.2.r.3.EU.1, G.k.9.i.2.r.2.EU.1 with the instrument's words as original text
        _el(
            _typed(c, "value", "CE", code=eu, codeSystem=EU_RESULT, codeSystemVersion="1.0"),
            "originalText",
            result,
        )
        _el(
            _el(c, "methodCode", code="1", codeSystem=EU_METHOD, codeSystemVersion="1.0"),
            "originalText",
            method,
        )
    else:
        _typed(c, "value", "ST").text = result  # G.k.9.i.2.r.3
        _el(_el(c, "methodCode"), "originalText", method)  # G.k.9.i.2.r.2
    code = _el(_el(_el(c, "author", typeCode="AUT"), "assignedEntity", classCode="ASSIGNED"), "code")
    _el(code, "originalText", source)  # G.k.9.i.2.r.1
    ref = _el(_el(c, "subject1", typeCode="SUBJ"), "adverseEffectReference", classCode="OBS", moodCode="EVN")
    _el(ref, "id", root=rid)  # G.k.9.i.1
    _product(c, did)


def _primary_source(event: ET.Element) -> None:
    """C.2.r: required; the case records no reporter qualification or country, so they are unknown."""
    rel = _el(event, "outboundRelationship", typeCode="SPRT")
    _el(rel, "priorityNumber", value="1")
    inv = _el(rel, "relatedInvestigation", classCode="INVSTG", moodCode="EVN")
    _el(inv, "code", code="2", codeSystem=f"{_ICH}.22", codeSystemVersion="2.0")
    author = _el(_el(_el(inv, "subjectOf2", typeCode="SUBJ"), "controlActEvent", classCode="CACT", moodCode="EVN"),
                 "author", typeCode="AUT")  # fmt: skip
    person = _el(_el(author, "assignedEntity", classCode="ASSIGNED"), "assignedPerson", classCode="PSN",
                 determinerCode="INSTANCE")  # fmt: skip
    _el(_el(person, "asQualifiedEntity", classCode="QUAL"), "code", nullFlavor="UNK")  # C.2.r.4


def _sender(event: ET.Element) -> None:
    """C.3.1: the sender type is the sending organisation's to fill."""
    author = _el(_el(_el(event, "subjectOf1", typeCode="SUBJ"), "controlActEvent", classCode="CACT", moodCode="EVN"),
                 "author", typeCode="AUT")  # fmt: skip
    _el(_el(author, "assignedEntity", classCode="ASSIGNED"), "code", nullFlavor="UNK")


def narrative(one: Assessed) -> str:
    """H.1: the causality of every pair in words, with what the coded elements cannot hold (the computed
    WHO-UMC category next to the assessor's, the reason, the assessor's conclusion)."""
    case = one.case
    lines = [f"Case {case.case_id}: causality assessed with adr-causality."]
    for reaction in case.reactions:
        onset = reaction.onset_relative.describe() if reaction.onset_relative else None
        known = [x for x in (f"onset {onset}" if onset else None, reaction.description) if x]
        if known:
            lines.append(f"{reaction.term}: " + "; ".join(known) + ".")
    for pair, scored in one.pairs():
        parts = []
        for result in scored.results.values():
            words = result_words(result)
            parts.append(f"{result.title}: {words}")
            override = getattr(result, "override", None)
            if override is not None:
                parts[-1] += (
                    f" (the assessor's category; computed: {result.result or 'none'}; reason: {override.reason})"
                )
        lines.append(f"{pair.drug} and {pair.reaction}: " + "; ".join(parts) + ".")
        for cause in pair.facts.alternative_causes:
            how = f" by {cause.method.value}" if cause.method else ""
            said = f": {cause.finding}" if cause.finding else ""
            lines.append(
                f"Alternative cause {cause.cause}: {cause.status.value.replace('_', ' ')}{how}{said}."
            )
        if pair.conclusion:
            lines.append(f"Assessor's conclusion: {pair.conclusion}")
    return clip("\n".join(lines), 100_000)
