"""Drafts of unfinished assessments: saved after every answer, readable only by their owner.

They live in the user's data directory ($XDG_DATA_HOME/adr-causality/drafts, by default
~/.local/share/adr-causality/drafts), never in a shared temporary folder: they hold patient data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from causality.errors import DraftError
from causality.interview.partial import Partial, well_formed, word
from causality.interview.questions import Value

# 3: the case so far in the case file's structure, and the interview's own answers beside it.
# Earlier drafts kept answers by question key: 2 laid over the case data it started from ("base"),
# 1 with a case file's unasked facts under the answer "_extra". Both are converted when loaded.
FORMAT = 3


def drafts_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "adr-causality" / "drafts"


@dataclass
class Draft:
    """The case so far of one assessment, and where it is kept."""

    path: Path
    case: Partial = field(default_factory=Partial)
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    source: str | None = None  # the case file given with --from

    @property
    def case_id(self) -> str:
        value = self.case.doc.get("case_id")
        return value if isinstance(value, str) and value else "(no case identifier yet)"

    @property
    def empty(self) -> bool:
        return not self.case.doc and not self.case.progress

    def save(self) -> None:
        from causality.atomic import write_atomic

        text = json.dumps(
            {
                "format": FORMAT,
                "started": self.started,
                "source": self.source,
                "case": self.case.doc,
                "progress": self.case.progress,
            },
            ensure_ascii=False,
            indent=1,
        )
        try:
            private_folder(self.path.parent)
            write_atomic(self.path, text, mode=0o600)
        except OSError as exc:
            raise DraftError(
                f"cannot save the draft to {self.path}: {exc.strerror or exc}. Set XDG_DATA_HOME to a folder "
                "you can write to."
            ) from exc

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def resume_option(path: Path) -> str:
    """How `causality assess` finds this draft again: --resume for the drafts folder, --draft elsewhere."""
    return "--resume" if path.parent == drafts_dir() else f"--draft {path}"


def new_draft(source: str | None = None, started: dt.datetime | None = None) -> Draft:
    """``started``: when the assessment began, if before now (its first question was asked first)."""
    started = started or dt.datetime.now(dt.UTC)
    stamp = started.strftime("%Y%m%dT%H%M%S%f")
    return Draft(drafts_dir() / f"draft-{stamp}.json", source=source,
                 started=started.isoformat(timespec="seconds"))  # fmt: skip


def private_folder(folder: Path) -> None:
    """Create the folder and any missing parents readable only by the user, whatever the umask: a draft
    holds patient data (mkdir's mode is filtered by the umask, and parents= ignores it altogether)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for part in reversed(missing):
        part.mkdir(exist_ok=True)
        part.chmod(0o700)


def load(path: Path) -> Draft:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a draft")
        if data.get("format") not in (1, 2, FORMAT):
            raise ValueError("unknown draft format")
        for name, value in (("started", data.get("started")), ("source", data.get("source"))):
            if value is not None and not isinstance(value, str):
                raise ValueError(f"its '{name}' is not text")
        if data["format"] == FORMAT:
            doc, progress = data["case"], data["progress"]
            if not isinstance(doc, dict) or not isinstance(progress, dict):
                raise ValueError("the case it holds is damaged")
            case, problems = well_formed(doc, progress)
            if problems:
                raise ValueError("; ".join(problems))
        else:
            case = _earlier(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DraftError(f"{path}: cannot be resumed ({exc})") from exc
    return Draft(path, case, data.get("started") or "", data.get("source"))


def _earlier(data: dict[str, Any]) -> Partial:
    """A draft of format 1 or 2 (answers by question key) as the case they make."""
    from causality.interview.plan import replay

    answers, base = data["answers"], data.get("base")
    if not isinstance(answers, dict):
        raise ValueError("its answers are damaged")
    if data["format"] == 1:
        base = _format_1_base(answers)
    if base is not None and not isinstance(base, dict):
        raise ValueError("the case data it started from is damaged")
    return replay(answers, base)


def _format_1_base(answers: dict[str, Value]) -> dict[str, Any] | None:
    """Legacy, for drafts of format 1, which kept a case file's unasked facts under the answer "_extra":
    their base layer. The answers are turned into case data once, with those facts merged in as they were
    then; resuming saves the draft in the current format."""
    text = answers.pop("_extra", None)
    if not isinstance(text, str) or not text:
        return None  # a new case: nothing under the answers
    from causality.interview.plan import data as case_data
    from causality.interview.plan import replay

    data = case_data(replay(answers))
    extra = json.loads(text)

    def fill(item: dict[str, Any], held: dict[str, Any]) -> None:
        for name, value in held.items():
            if isinstance(value, dict) and isinstance(item.get(name), dict):
                item[name] = {**value, **item[name]}
            else:
                item.setdefault(name, value)

    if extra.get("patient"):
        data["patient"] = {**(data.get("patient") or {}), **extra["patient"]}
    for target, key in ((data["suspect_drugs"], "drugs"), (data["reactions"], "reactions")):
        for item, more in zip(target, extra.get(key, []), strict=False):
            item.update(more)
    if extra.get("patient_facts"):
        data["patient"] = {**extra["patient_facts"], **(data.get("patient") or {})}
    for target, key in ((data["suspect_drugs"], "drug_facts"), (data["reactions"], "reaction_facts")):
        for item, more in zip(target, extra.get(key, []), strict=False):
            fill(item, more)
    if extra.get("concomitant"):
        held = {d["name"].casefold(): d for d in extra["concomitant"]}
        drugs = [{"name": d} if isinstance(d, str) else d for d in data.get("concomitant_drugs") or []]
        for d in drugs:
            fill(d, held.get(d["name"].casefold(), {}))
        data["concomitant_drugs"] = drugs or None
    if extra.get("reporter"):
        data["reporter"] = extra["reporter"]
    if extra.get("case_notes"):
        data["notes"] = extra["case_notes"]
    drugs_ = [d.get("name", "").casefold() for d in data["suspect_drugs"]]
    terms = [x.get("term", "").casefold() for x in data["reactions"]]
    for pair in data["assessments"]:
        where = f"{drugs_.index(pair['drug'].casefold())}.{terms.index(pair['reaction'].casefold())}"
        if where in extra.get("notes", {}):
            pair["notes"] = extra["notes"][where]
        for name, items in extra.get("pair_answers", {}).get(where, {}).items():
            given = pair.get(name, {})
            # an answer the draft gives again keeps the reason the file gave for it
            same = {
                k: v for k, v in items.items() if k in given and word(v, "answer") == word(given[k], "answer")
            }
            pair[name] = {**items, **given, **same}
    return {k: v for k, v in data.items() if v is not None}


def all_drafts() -> list[Draft]:
    return scan()[0]


@dataclass
class Damaged:
    """A draft that cannot be resumed as it is: why, and the answers that could still be read from it."""

    path: Path
    problem: DraftError
    salvaged: Partial | None
    started: str | None = None
    source: str | None = None

    def __str__(self) -> str:
        return str(self.problem)

    @property
    def answers(self) -> int:
        from causality.interview.plan import plan

        case = self.salvaged
        return 0 if case is None else sum(1 for q in plan(case) if q.answered(case))

    def recover(self) -> Draft:
        """A new draft with what could be read; the damaged file is kept beside it, renamed so that it is
        not offered again (never deleted: it may still be read by hand)."""
        assert self.salvaged is not None
        draft = new_draft(source=self.source)
        draft.case = self.salvaged
        draft.started = self.started or draft.started
        draft.save()
        # Renamed so that it is not offered twice; if it cannot be, it is offered again, never lost.
        with contextlib.suppress(OSError):
            self.path.rename(self.path.with_name(self.path.name + ".damaged"))
        return draft


def _damaged(path: Path, problem: DraftError) -> Damaged:
    from causality.interview.salvage import repaired, salvage

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        held = repaired(text)
        case = salvage(text)
    except (OSError, RecursionError):
        return Damaged(path, problem, None)
    said = held if isinstance(held, dict) else {}
    texts = {k: v if isinstance(v, str) else None for k, v in said.items() if k in ("started", "source")}
    return Damaged(path, problem, case, texts.get("started"), texts.get("source"))


def scan() -> tuple[list[Draft], list[Damaged]]:
    """The drafts that can be resumed, newest first, and each damaged one with why it cannot and what
    could still be read from it (left in place, never deleted)."""
    folder = drafts_dir()
    if not folder.is_dir():
        return [], []
    drafts, damaged = [], []
    for path in sorted(folder.glob("draft-*.json"), reverse=True):
        try:
            drafts.append(load(path))
        except DraftError as exc:
            damaged.append(_damaged(path, exc))
    return drafts, damaged


class Lock:
    """Held while a session works on a draft, so that a second terminal cannot resume it and overwrite the
    first one's answers. The operating system releases it when the holder's process ends, so a draft
    whose session crashed can be taken over at once."""

    def __init__(self, draft_path: Path) -> None:
        self.path = draft_path.with_suffix(".lock")
        self._handle: Any = None

    def acquire(self) -> None:
        import fcntl
        import socket

        try:
            private_folder(self.path.parent)
            handle = self.path.open("a+", encoding="utf-8")
        except OSError:
            return  # the folder cannot be written: the first save says so, clearly, and keeps the answers
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another session"
            handle.close()
            raise DraftError(
                f"{self.path.with_suffix('.json')}: this assessment is open in another terminal ({holder}); "
                "finish it there, or close that session and resume again"
            ) from None
        self.path.chmod(0o600)
        handle.seek(0)
        handle.truncate()
        since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        handle.write(f"process {os.getpid()} on {socket.gethostname()}, since {since} UTC")
        handle.flush()
        self._handle = handle

    def release(self, remove: bool = False) -> None:
        if self._handle is not None:
            if remove:
                with contextlib.suppress(OSError):  # its folder gone or replaced: nothing left to tidy
                    self.path.unlink(missing_ok=True)
            self._handle.close()  # closing releases the lock
            self._handle = None
