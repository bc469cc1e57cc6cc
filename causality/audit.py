"""The audit trail of a case file and its signatures: what changed, when, who and why, hash-chained.

Every save of an existing case by ``causality assess`` appends one entry to the file's ``history``: when
(UTC), who, the reason where one is needed, and each field that changed with its value before and after.
The entry records the hash of the case before and after the save (``before_hash``, ``case_hash``) and its
own hash, over the entry and the hash of the entry before it (``hash``): a history edited, shortened,
reordered or added to by hand, or a case changed without an entry (after the last save or between two),
no longer verifies. A signature records the hash of the case as signed, so
that it holds only while the case is unchanged.

The canonical form every hash is taken over (the README says it for other tools): the value as JSON with
keys sorted, no spaces (separators "," and ":"), UTF-8, characters not escaped, every number, date and word
as the text the file holds (``34``, ``2024-03-01``, ``no``), ``null`` for nothing. The case's hash is over
the case as the tool writes it, its ``history`` and ``signatures`` left out. An entry's hash is over
``{"at", "by", "reason", "changes": [{"field", "old", "new", "reason"}], "before_hash", "case_hash",
"previous"}``, with ``null`` for what the file leaves out and ``previous`` the hash of the entry before
(``null`` for the first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from causality.model import Change, HistoryEntry, Signature, SignatureMeaning
from causality.validate import join

if TYPE_CHECKING:
    from pathlib import Path

    from causality.model import Case

_RECORDED = ("history", "signatures")


# --- the canonical form ----------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A value of the case as the text the file holds; None stays None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    return str(value)  # int, float (its shortest exact form, as JSON and YAML write it)


def plain(value: object) -> Any:
    """Mappings and lists kept, every other value as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return _text(value)


def canonical(value: object) -> bytes:
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256(value: object) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def document(case: Case) -> dict[str, Any]:
    """The case as the tool writes it, without its history and signatures, every value as text."""
    from causality.casefile import to_data

    data = {k: v for k, v in to_data(case).items() if k not in _RECORDED}
    out: dict[str, Any] = plain(data)
    return out


def content_hash(case: Case) -> str:
    """SHA-256 of the case (history and signatures left out): what a signature and a save record."""
    return sha256(document(case))


# --- what changed ----------------------------------------------------------------------------------------


def _leaves(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves(sub, join(path, str(key)))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _leaves(sub, join(path, index))
    elif value is not None:
        yield path, str(value)


def leaves(doc: dict[str, Any]) -> dict[str, str]:
    """Every value of a case document by its path in the file (``assessments[0].facts.placebo``)."""
    return dict(_leaves(doc, ""))


# Where the assessor states an answer over the facts, or their own category, with a reason.
_OVERRIDE = re.compile(r"^(assessments\[\d+\]\.(?:naranjo\.\w+|who_umc_override|instruments\.\w+))(?:\.|$)")


def _override_reason(doc: dict[str, Any], path: str) -> tuple[bool, str | None]:
    """Whether ``path`` is in an override, and the reason the document gives for it."""
    found = _OVERRIDE.match(path)
    if found is None:
        return False, None
    held: Any = doc
    for part in re.findall(r"[^.\[\]]+", found.group(1)):
        held = (
            held[int(part)] if isinstance(held, list) else held.get(part) if isinstance(held, dict) else None
        )
        if held is None:
            return True, None
    reason = held.get("reason") if isinstance(held, dict) else None
    return True, str(reason) if reason else None


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[Change], bool]:
    """Each value that differs between two case documents, in the order of the case file (removed ones
    after), with an override's reason; and whether an override changed without a reason (one taken back)."""
    old, new = leaves(before), leaves(after)
    out: list[Change] = []
    unexplained = False
    for path in [*new, *(p for p in old if p not in new)]:
        if old.get(path) == new.get(path):
            continue
        is_override, reason = _override_reason(after, path)
        if is_override and reason is None:
            unexplained = True
        out.append(Change(path, old.get(path), new.get(path), reason))
    return out, unexplained


# --- the chain ---------------------------------------------------------------------------------------------


def _moment(at: dt.datetime) -> str:
    return at.isoformat()


def entry_hash(entry: HistoryEntry, previous: str | None) -> str:
    return sha256(
        {
            "at": _moment(entry.at),
            "by": entry.by,
            "reason": entry.reason,
            "changes": [
                {"field": c.field, "old": c.old, "new": c.new, "reason": c.reason} for c in entry.changes
            ],
            "before_hash": entry.before_hash,
            "case_hash": entry.case_hash,
            "previous": previous,
        }
    )


def now() -> dt.datetime:
    """This moment in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def append(
    case: Case, found: list[Change], by: str, reason: str | None, before: str, at: dt.datetime | None = None
) -> None:
    """Add one entry for ``found`` (the changes of this save) to ``case.history``, chained to the last;
    ``before`` is the hash of the case the changes were made to."""
    entry = HistoryEntry(
        at=(at or now()).astimezone(dt.UTC),
        by=by,
        changes=found,
        reason=reason or None,
        before_hash=before,
        case_hash=content_hash(case),
    )
    entry.hash = entry_hash(entry, case.history[-1].hash if case.history else None)
    case.history.append(entry)


@dataclass(frozen=True)
class Break:
    """The first entry that does not verify (numbered from 1), and why."""

    number: int
    entry: HistoryEntry
    why: str


def first_break(case: Case) -> Break | None:
    """The first entry whose hash does not follow from its content and the entry before it, or that changed
    another case than the one the entry before it saved; or, when every entry holds, the last one if the
    case is not as it recorded (changed without an entry, or entries removed from the end)."""
    previous = previous_case = None
    for number, entry in enumerate(case.history, 1):
        if entry.hash != entry_hash(entry, previous):
            return Break(
                number, entry, "it does not match its hash: it, or its place in the history, was changed"
            )
        if previous_case is not None and entry.before_hash != previous_case:
            return Break(
                number,
                entry,
                "the case it changed is not the one the entry before it saved: it was changed in between "
                "without an entry in its history",
            )
        previous, previous_case = entry.hash, entry.case_hash
    if case.history and case.history[-1].case_hash != content_hash(case):
        last = len(case.history)
        return Break(
            last,
            case.history[-1],
            "the case is no longer as this last entry recorded it: it was changed without an entry in its "
            "history, or later entries were removed",
        )
    return None


def when(at: dt.datetime) -> str:
    """A moment as the outputs show it: in UTC, to the minute."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def describe(signature: Signature) -> str:
    """One line: who, as what, when, and whether it still holds."""
    held = (
        "valid"
        if signature.valid
        else f"not valid: {signature.why or 'the case changed after it was signed'}"
        if signature.valid is False
        else "not checked"
    )
    return f"{signature.name} ({signature.meaning.value}), {when(signature.at)}: {held}"


def verify(case: Case) -> tuple[list[str], bool]:
    """What ``causality verify`` says of one case (without the file name), and whether all of it holds."""
    lines: list[str] = []
    ok = True
    broken = first_break(case)
    if not case.history:
        lines.append("history: none recorded (no change was saved to this case by causality assess)")
    elif broken is None:
        n = len(case.history)
        lines.append(f"history: {n} {'entry' if n == 1 else 'entries'}, intact")
    else:
        ok = False
        lines.append(
            f"history: entry {broken.number} of {len(case.history)} ({when(broken.entry.at)}, "
            f"{broken.entry.by}) is broken: {broken.why}"
        )
    if not case.signatures:
        lines.append("signatures: none recorded")
    for number, signature in enumerate(case.signatures, 1):
        ok = ok and bool(signature.valid)
        lines.append(f"signature {number}: {describe(signature)}")
    return lines, ok


def sign(case: Case, name: str, meaning: SignatureMeaning, at: dt.datetime | None = None) -> Signature:
    """Record a signature of the case as it is now, with the history it signs and a seal over its record."""
    signature = Signature(
        name=name, at=(at or now()).astimezone(dt.UTC), meaning=meaning, hash=content_hash(case),
        history=case.history[-1].hash if case.history else "",
    )  # fmt: skip
    signature.seal = seal(signature)
    signature.valid = True
    case.signatures.append(signature)
    return signature


def seal(signature: Signature) -> str:
    """SHA-256 of the canonical JSON of {name, at (ISO 8601, UTC), meaning, hash, history}: an edit of who
    signed, when or as what shows, as an edit of the case does."""
    at = signature.at.astimezone(dt.UTC).isoformat()
    return sha256({"name": signature.name, "at": at, "meaning": signature.meaning.value, "hash": signature.hash,
                   "history": signature.history})  # fmt: skip


def check_signatures(case: Case) -> None:
    """Whether each signature still holds: its record as sealed, the case as signed, and the history it
    signed still there (a history taken out of a signed case shows)."""
    now = content_hash(case)
    entries = {entry.hash for entry in case.history}
    for signature in case.signatures:
        signature.why = (
            "its record (name, time or meaning) was changed after signing" if signature.seal != seal(signature)
            else "the case changed after it was signed" if signature.hash != now
            else "the history it signed was removed or changed" if signature.history not in {"", *entries}
            else ""
        )  # fmt: skip
        signature.valid = not signature.why


# --- the commands ------------------------------------------------------------------------------------------


def verify_paths(paths: tuple[str, ...]) -> tuple[list[str], int]:
    """``causality verify``: for each case file under ``paths``, its lines; and how many do not verify.
    A file that cannot be read is an input error (every one listed, nothing verified)."""
    from pathlib import Path

    from causality.casefile import iter_case_files, load_file
    from causality.errors import InputError, Problem

    problems: list[Problem] = []
    lines: list[str] = []
    failed = 0
    cases = []
    for name in iter_case_files(paths, problems):
        case, found = load_file(Path(name))
        problems.extend(found)
        if case is not None:
            cases.append(case)
    if problems:
        raise InputError(problems)
    for case in cases:
        said, ok = verify(case)
        failed += not ok
        lines.extend(f"{case.source}: {line}" for line in said)
    return lines, failed


def sign_file(path: str, meaning: SignatureMeaning, name: str | None, at: dt.datetime | None = None) -> str:
    """``causality sign``: record a signature in the case file (written atomically); what to say."""
    from pathlib import Path

    from causality.casefile import load_cases, write_case
    from causality.errors import CausalityError, UsageError

    (case,) = load_cases([path])
    if case.shorthand:
        raise UsageError(
            f"causality sign: {path}: a one-pair shorthand file cannot hold signatures; write it as a full case "
            f"first (causality assess --from {path} saves it as one)"
        )
    signer = (name or "").strip() or (
        case.assessor.name if meaning is SignatureMeaning.AUTHOR and case.assessor else None
    )
    if not signer:
        raise UsageError(
            f"causality sign: {path}: give the signer's printed name with --name"
            + ("" if meaning is not SignatureMeaning.AUTHOR else " (the case names no assessor)")
        )
    if not signer.isprintable():
        raise UsageError("causality sign: --name: the printed name must be one line of text")
    broken = first_break(case)
    signature = sign(case, signer, meaning, at)
    try:
        text = _with_signature_appended(Path(path), case)
        if text is None:
            write_case(Path(path), case)
        else:
            from causality.atomic import write_atomic

            write_atomic(Path(path), text)
    except OSError as exc:
        raise CausalityError(f"causality sign: cannot write {path}: {exc.strerror or exc}") from exc
    said = f"Signed {path}: {describe(signature)}"
    if broken is not None:  # signed as it is; the break stays, and verify goes on reporting it
        said += (
            f"\nNote: its history is broken at entry {broken.number} ({when(broken.entry.at)}, "
            f"{broken.entry.by}): {broken.why}; causality verify {path} reports it"
        )
    return said


def _with_signature_appended(path: Path, case: Case) -> str | None:
    """The YAML file's own text with the new signature added at its end, so that what the assessor wrote
    (comments, layout, anchors) stays as it was; None where that cannot be done safely (JSON, a file whose
    last key is not its signatures, or text that would not read back to the same case), and the file is
    then written out whole."""
    import re

    from causality import yamlio
    from causality.casefile import parse_text, read_case, to_data

    if path.suffix.lower() == ".json":
        return None
    text = path.read_text(encoding="utf-8")
    entry = to_data(case)["signatures"][-1]
    keys = re.findall(r"(?m)^([A-Za-z_][\w-]*):", text)
    if "signatures" not in keys:
        addition = "signatures:\n" + yamlio.dump([entry])
    elif keys[-1] == "signatures":
        items = re.findall(r"(?m)^( *)- ", text[text.rindex("\nsignatures:") :])
        indent = items[0] if items else ""
        addition = "".join(
            indent + line + "\n" if line else "\n" for line in yamlio.dump([entry]).splitlines()
        )
    else:
        return None
    new = text + ("" if text.endswith("\n") else "\n") + addition
    data, problems = parse_text(str(path), new)
    again, found = read_case(str(path), data) if not problems else (None, problems)
    if again is None or found or to_data(again) != to_data(case):
        return None
    return new


def base_case(path: Path, source: str | None) -> Case | None:
    """The case a save changes: the file saved over; else, for a new file, the one the interview started
    from if it has a history or signatures (the new file carries them on); None for a new case."""
    from pathlib import Path as P

    from causality.casefile import load_file

    if path.is_file():
        case, _ = load_file(path)
        if case is not None:
            return case
    if source and P(source).is_file() and not path.is_file():
        case, _ = load_file(P(source))
        if case is not None and (case.history or case.signatures):
            return case
    return None
