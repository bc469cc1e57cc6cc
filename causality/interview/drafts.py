"""Drafts of unfinished assessments: saved after every answer, readable only by their owner.

They live in the user's data directory ($XDG_DATA_HOME/adr-causality/drafts, by default
~/.local/share/adr-causality/drafts), never in a shared temporary folder: they hold patient data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from causality.errors import DraftError
from causality.interview.questions import Value

FORMAT = 1


def drafts_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "adr-causality" / "drafts"


@dataclass
class Draft:
    """The answers so far of one assessment, and where they are kept."""

    path: Path
    answers: dict[str, Value] = field(default_factory=dict)
    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    source: str | None = None  # the case file given with --from

    @property
    def case_id(self) -> str:
        value = self.answers.get("case_id")
        return value if isinstance(value, str) and value else "(no case identifier yet)"

    def save(self) -> None:
        from causality.atomic import write_atomic

        text = json.dumps(
            {"format": FORMAT, "started": self.started, "source": self.source, "answers": self.answers},
            ensure_ascii=False,
            indent=1,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.path, text, mode=0o600)
        except OSError as exc:
            raise DraftError(
                f"cannot save the draft to {self.path}: {exc.strerror or exc}. Set XDG_DATA_HOME to a folder "
                "you can write to."
            ) from exc

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def new_draft(source: str | None = None) -> Draft:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return Draft(drafts_dir() / f"draft-{stamp}.json", source=source)


def load(path: Path) -> Draft:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        answers = data["answers"]
        if data.get("format") != FORMAT or not isinstance(answers, dict):
            raise ValueError("unknown draft format")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DraftError(f"{path}: cannot be resumed ({exc})") from exc
    return Draft(path, answers, data.get("started") or "", data.get("source"))


def all_drafts() -> list[Draft]:
    folder = drafts_dir()
    if not folder.is_dir():
        return []
    drafts = []
    for path in sorted(folder.glob("draft-*.json"), reverse=True):
        try:
            drafts.append(load(path))
        except DraftError:
            continue  # a damaged draft is left alone, not deleted
    return drafts
