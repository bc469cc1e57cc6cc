"""An interview that opens and saves a case in the register (`causality assess --db URL`).

The draft remembers which register, case and version it started from as its source,
"register:<address without password>#<case id>@<version>", so that a save can be refused when someone
saved the case in between, and a resumed draft goes back to the same register."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from causality.errors import UsageError

if TYPE_CHECKING:
    from causality.model import Case

PREFIX = "register:"


@dataclass
class RegisterTarget:
    url: str  # in memory only: it may hold a password
    case_id: str | None = None  # None: a new case, saved under the identifier it is given
    base: int | None = None  # the version the interview started from; None for a new case
    # Where several people assessed the case: whose assessments the interview edits (the others' are put
    # back beside them when it is saved); None: the whole case.
    assessor: str | None = None
    _engine: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        from causality.register.store import url_of

        self.url = url_of(self.url)  # postgresql://... names the driver the tool installs

    def source(self) -> str:
        from causality.register.store import shown

        whose = f"~{self.assessor}" if self.assessor else ""
        return f"{PREFIX}{shown(self.url)}#{self.case_id or ''}@{self.base or ''}{whose}"

    def engine(self) -> Any:
        """One engine for the interview's reads and saves (opening one checks and upgrades the tables)."""
        if self._engine is None:
            from causality.register import store

            self._engine = store.connect(self.url)
        return self._engine

    def base_case(self, version: int | None = None) -> Case | None:
        """The case as it was in ``version`` (default: the one the interview started from)."""
        version = version or self.base
        if self.case_id is None or version is None:
            return None
        from causality.casefile import read_case
        from causality.register import store

        data = store.version_document(self.engine(), self.case_id, version)
        case, _ = read_case(f"{PREFIX}{self.case_id}", data)
        return case

    def whole(self, edited: Case, version: int | None) -> Case:
        """The case to save: where the interview edited one assessor's assessments, the case as the register
        holds it at ``version`` with theirs replaced by the edited ones (the case itself as edited)."""
        if self.assessor is None or self.case_id is None or version is None:
            return edited
        import datetime as dt
        import json

        from causality.assessors import combined, one_assessors_view
        from causality.casefile import read_case, to_data
        from causality.errors import InputError
        from causality.register import store

        stored = store.version_document(self.engine(), self.case_id, version)
        mine = json.loads(json.dumps(to_data(edited), default=str))
        before = one_assessors_view(stored, self.assessor)
        if mine.get("assessments") != before.get("assessments"):  # reassessed now: their assessments say so
            mine["assessed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        whole = combined(stored, mine, mine)
        for key in ("assessor", "assessed_at"):  # the case's own stay: each assessment names its assessor
            whole.pop(key, None)
            if key in stored:
                whole[key] = stored[key]
        case, problems = read_case(f"{PREFIX}{self.case_id}", whole)
        if case is None or problems:
            raise InputError(problems)
        for key in ("history", "signatures"):  # the edited view carries the case's own trail on
            setattr(case, key, getattr(edited, key))
        return case


def is_register(source: str | None) -> bool:
    return bool(source) and str(source).startswith(PREFIX)


def from_source(source: str, db_url: str | None) -> RegisterTarget:
    """The register a resumed draft belongs to: the address given with --db (or CAUSALITY_DB, or the
    default register) must be that register, so that a draft is never saved into another one."""
    from causality.register.store import shown, url_of

    where, _, rest = source.removeprefix(PREFIX).rpartition("#")
    rest, _, assessor = rest.partition("~")
    case_id, _, base = rest.rpartition("@")
    url = url_of(None if db_url in (None, "default") else db_url)
    if shown(url) != where:
        raise UsageError(
            f"causality assess: this draft was started in the register {where}: resume it with --db and "
            "that address"
        )
    return RegisterTarget(url, case_id or None, int(base) if base else None, assessor or None)
