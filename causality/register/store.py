"""Opening the register and moving cases in and out of it. SQLAlchemy is imported here and only here, so
that no other command pays for it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from causality.assessors import (
    combined,
    differing,
    others_assess,
)
from causality.errors import UsageError
from causality.register.tables import HEAD, READABLE, REVISIONS, audit, cases, results, versions

ENV = "CAUSALITY_DB"
INTERVIEW = "interview"  # the source of a version saved through causality assess --db
BATCH = 500  # cases read and stored at a time on import (one transaction for all): memory stays flat


def default_url() -> str:
    """A SQLite file beside the drafts, in the user's data folder: nothing to set up."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    folder = Path(base) / "adr-causality"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{folder / 'register.sqlite'}"


def url_of(given: str | None) -> str:
    url = given or os.environ.get(ENV) or default_url()
    # postgresql:// means psycopg2 to SQLAlchemy; the driver this tool installs is psycopg (3).
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def shown(url: str) -> str:
    """The address without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def connect(url: str, create: bool = True) -> Engine:
    """An engine on the register at ``url``, upgraded to the tables this version uses. Without ``create``
    (the commands that only read), a register that is not there is an error rather than a new empty one."""
    allowed = "sqlite:///path/to/file.sqlite or postgresql://user@host/database"
    scheme = url.split(":", 1)[0].split("+", 1)[0].casefold()
    if scheme not in ("sqlite", "postgresql"):
        raise UsageError(f"--db {shown(url)}: not a register address (allowed: {allowed})")
    from causality.inert import as_utf8

    if (readable := as_utf8(url)) != url:  # a byte that is not UTF-8: the database drivers take text only
        named = readable if scheme == "sqlite" else shown(readable)  # a password is never shown
        raise UsageError(
            f"--db {named}: the address is not UTF-8 text (a folder or file named in another encoding); "
            "rename it, or choose another place"
        )
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise UsageError(
            f"--db {shown(url)}: not a database address this tool can use ({exc}); use {allowed}"
        ) from None
    except ImportError:
        raise UsageError(
            f"--db {shown(url)}: PostgreSQL needs its driver: pip install 'adr-causality[postgresql]'"
        ) from None
    missing = f"--db {shown(url)}: there is no register there yet (causality db init or causality db import makes one)"
    new_file = None
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
        database = engine.url.database
        if database and database != ":memory:" and not Path(database).exists():
            if not create:
                raise UsageError(missing)
            new_file = Path(database)
    try:
        with engine.connect() as conn:
            current = _revision(conn)
            ours = {"cases", "results", "audit", "versions"}
            foreign = current is None and bool(ours & set(sa.inspect(conn).get_table_names()))
    except sa.exc.DatabaseError as exc:  # a file that is not a database, a server that refuses...
        raise UsageError(f"--db {shown(url)}: cannot open the register: {reason(exc)}") from None
    if foreign:
        raise UsageError(f"--db {shown(url)}: this database holds tables of another program, not a register")
    if new_file is not None and new_file.exists():
        new_file.chmod(0o600)  # it holds patient data: the user's alone, as drafts and reports are
    if current is None and not create:
        raise UsageError(missing)
    if current is not None and current not in REVISIONS:
        raise UsageError(
            f"--db {shown(url)}: the register was made by a newer version of causality (its tables are at "
            f"revision {current}); upgrade causality to use it"
        )
    if current != HEAD:
        try:
            upgrade(engine)
        except sa.exc.DatabaseError as exc:
            if create or current not in READABLE:
                raise UsageError(
                    f"--db {shown(url)}: cannot upgrade the register to this version's tables: {reason(exc)} "
                    "(if another command is busy with it, try again; if you may not change it, someone who may "
                    "must run causality db upgrade)"
                ) from None
            # Only reading: the tables read the same, and the next command that may write upgrades them.
    return engine


def reason(exc: BaseException) -> str:
    """A database error in one line, as the database said it."""
    orig = getattr(exc, "orig", None)
    return (str(orig) if orig is not None else str(exc)).strip().splitlines()[0]


def _sqlite_pragmas(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")  # another assessor saving: wait, do not fail at once
        cursor.close()


def _revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Runs the migrations shipped in the package up to the newest (`causality db upgrade`; init runs it)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as conn:
        _one_upgrade_at_a_time(conn)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")  # reads the revision after the lock: nothing to do if another did it


# Any number, the same in every version of the tool: the PostgreSQL advisory lock held while upgrading.
_UPGRADE_LOCK = 0x6361757361  # "causa"


def _one_upgrade_at_a_time(conn: Connection) -> None:
    """Hold the register for the upgrade, all or nothing: a second command opening it at the same moment
    waits, then finds it upgraded, and an interrupted upgrade leaves nothing behind. SQLite's driver would
    otherwise commit each CREATE at once; BEGIN IMMEDIATE makes the whole upgrade one transaction and takes
    the write lock before the revision is read."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Imported:
    cases: int = 0
    replaced: int = 0
    unchanged: int = 0
    added: int = 0  # another assessor's file of a case: its assessments added to the case


def _document(case: Any) -> str:
    """The case as the register keeps it: always the full case file (a shorthand file becomes one), so
    that several assessors' files of one case can be joined."""
    import dataclasses

    from causality.casefile import to_data

    return json.dumps(to_data(dataclasses.replace(case, shorthand=False)), ensure_ascii=False, default=str)


def _result_rows(case: Any) -> Iterator[dict[str, Any]]:
    from causality.assessment import assess_case

    for pair, r in zip(case.assessments, assess_case(case), strict=True):
        person = pair.assessor_of(case)
        assessor = person.name if person is not None else None
        for key, result in r.results.items():
            data = result.json_data()
            category = data.get("category", data.get("result"))
            yield {
                "drug": r.drug,
                "reaction": r.reaction,
                "instrument": key,
                "category": None if category is None else str(category),
                "score": result.score,
                "assessor": assessor,
                "role": pair.role.value,
                "assessed_at": utc(pair.assessed_at or case.assessed_at),
            }


def import_files(
    engine: Engine,
    paths: Sequence[str],
    who: str | None,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> Imported:
    """Reads, checks, scores and stores every file in one pass and one transaction, BATCH files at a time
    (memory does not grow with the number of files). A problem in any file rolls the whole import back,
    after every file was read so that every problem is named at once: nothing is stored. A case already
    in the register becomes a new version when its document differs; the audit table records each."""
    from causality.batch import chunks
    from causality.casefile import iter_case_files, load_file
    from causality.errors import InputError, Problem
    from causality.inert import as_utf8

    problems: list[Problem] = []
    done = Imported()
    with engine.begin() as conn:  # an exception, InputError included, rolls the transaction back
        # The files as the folders are walked, never all in a list: memory stays flat at 100,000 files.
        for chunk in chunks(iter_case_files(paths, problems), BATCH):
            loaded = []
            for name in chunk:
                path = Path(name)
                case, found = load_file(path)
                problems.extend(found)
                if case is not None and not problems:
                    loaded.append((case, as_utf8(str(path))))
            if not problems:
                _store_many(conn, loaded, who, done, force)
            if progress is not None:
                progress(len(chunk))
        if problems:
            raise InputError(problems)
    return done


def _store_many(conn: Connection, loaded: list[tuple[Any, str]], who: str | None, done: Imported,
                force: bool = False) -> None:  # fmt: skip
    """One batch: a query for the cases already stored, then one multi-row INSERT per table for the new
    ones (their ids returned in order); a changed case is updated on its own."""
    wanted = sorted({case.case_id for case, _ in loaded})
    query = sa.select(
        cases.c.id, cases.c.case_id, cases.c.version, cases.c.document, cases.c.source, cases.c.changed_by
    )
    stored = {row.case_id: row for row in conn.execute(query.where(cases.c.case_id.in_(wanted)))}
    new: list[tuple[Any, str, str]] = []
    at = _now()
    for case, source in loaded:
        document = _document(case)
        if any(c.case_id == case.case_id for c, _, _ in new):  # twice in one batch: store the first now
            _insert_many(conn, new, who, at)
            flushed = [c.case_id for c, _, _ in new]
            stored.update(
                (row.case_id, row) for row in conn.execute(query.where(cases.c.case_id.in_(flushed)))
            )
            new = []
        row = stored.get(case.case_id)
        if row is None:
            new.append((case, document, source))
            done.cases += 1
        elif row.document == document:
            done.unchanged += 1
        else:
            action = "replaced"
            merged = merged_assessments(json.loads(row.document), json.loads(document), source)
            if merged is not None:
                case, document, action = merged[0], merged[1], "assessments added"  # noqa: PLW2901
            if row.document == document:  # this assessor's assessments are in the register as they are
                done.unchanged += 1
                continue
            if row.source == INTERVIEW and not force:  # a file would take back what someone saved since
                raise UsageError(
                    f"{source}: would replace version {row.version} of {case.case_id}, saved in the register by "
                    f"{row.changed_by or 'someone'} through causality assess; nothing was imported (look at it "
                    "with causality db show, or add --force to store the file as the next version anyway)"
                )
            if _update(conn, row.id, row.version, case, document, source, who, action) is None:
                by = conn.execute(sa.select(cases.c.changed_by).where(cases.c.id == row.id)).scalar()
                raise UsageError(
                    f"{case.case_id}: saved in the register by {by or 'someone else'} while this import ran; "
                    "nothing was imported (import again to store these files as the next versions)"
                )
            stored[case.case_id] = conn.execute(query.where(cases.c.case_id == case.case_id)).one()
            if action == "replaced":
                done.replaced += 1
            else:
                done.added += 1
    _insert_many(conn, new, who, at)


def merged_assessments(
    stored: dict[str, Any], incoming: dict[str, Any], source: str
) -> tuple[Any, str] | None:
    """Another assessor's file of a case in the register (the same case_id, and the register holds
    assessments by someone else too): the case with this file's assessments in place of its assessors'
    earlier ones and beside everyone else's, each naming its assessor, as one file holds several assessments
    of a pair. None when the register's assessments are all by this file's assessors (the file is then a
    new version of the whole case). Raises InputError when the two files describe the case itself
    (patient, drugs, reactions...) differently: adding the assessments would then mix two cases."""
    if not others_assess(stored, incoming):
        return None
    from causality.errors import InputError

    what = "the case of the same case_id in the register, whose assessments by other assessors this file would join"
    if problems := differing(stored, incoming, source, what):
        raise InputError(problems)
    return _read(source, combined(stored, incoming, stored))


def _read(source: str, data: dict[str, Any]) -> tuple[Any, str]:
    from causality.casefile import read_case
    from causality.errors import InputError

    case, problems = read_case(source, data)
    if case is None or problems:
        raise InputError(problems)
    return case, _document(case)


def _insert_many(conn: Connection, new: list[tuple[Any, str, str]], who: str | None, at: dt.datetime) -> None:
    if not new:
        return
    try:
        inserted = _insert_cases(conn, new, who, at)
    except sa.exc.IntegrityError:
        raise UsageError(
            "a case of this import was saved in the register by someone else while it ran; nothing was imported "
            "(import again)"
        ) from None
    _rest_of_insert(conn, new, who, at, inserted)


def _insert_cases(conn: Connection, new: list[tuple[Any, str, str]], who: str | None, at: dt.datetime) -> Any:
    return conn.execute(
        cases.insert().returning(cases.c.id, sort_by_parameter_order=True),
        [{"case_id": c.case_id, "version": 1, **_values(c, d, s, who, at)} for c, d, s in new],
    )


def _rest_of_insert(conn: Connection, new: list[tuple[Any, str, str]], who: str | None, at: dt.datetime,
                    inserted: Any) -> None:  # fmt: skip
    pks = [row.id for row in inserted]
    conn.execute(versions.insert(), [{"case": pk, "version": 1, "document": d, "changed_at": at, "changed_by": who}
                                     for pk, (_c, d, _s) in zip(pks, new, strict=True)])  # fmt: skip
    conn.execute(results.insert(), [{"case": pk, **r} for pk, (c, _d, _s) in zip(pks, new, strict=True)
                                    for r in _result_rows(c)])  # fmt: skip
    conn.execute(audit.insert(), [{"case_id": c.case_id, "at": at, "who": who, "action": "imported", "version": 1,
                                   "detail": s} for c, _d, s in new])  # fmt: skip
    trail = [row for c, _d, _s in new for row in _trail(c, 1, set())]
    if trail:
        conn.execute(audit.insert(), trail)


def utc(when: dt.datetime | None) -> dt.datetime | None:
    """Times are stored in UTC: SQLite keeps no time zone, and a search by date compares them."""
    return None if when is None else when.astimezone(dt.UTC).replace(tzinfo=None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # UTC, as every time is stored


def _values(case: Any, document: str, source: str, who: str | None, at: dt.datetime) -> dict[str, Any]:
    return {
        "document": document,
        "source": source,
        "assessor": case.assessor.name if case.assessor else None,
        "assessed_at": utc(case.assessed_at),
        "changed_at": at,
        "changed_by": who,
    }


def _insert(conn: Connection, case: Any, document: str, source: str, who: str | None) -> int:
    at = _now()
    inserted = conn.execute(
        cases.insert().values(case_id=case.case_id, version=1, **_values(case, document, source, who, at))
    )
    pk: int = inserted.inserted_primary_key[0]  # type: ignore[index]  # always set after one INSERT
    _derived(conn, pk, 1, case, document, who, at, "imported", source)
    return pk


def _update(conn: Connection, pk: int, base: int, case: Any, document: str, source: str, who: str | None,
            action: str) -> int | None:  # fmt: skip
    """Version ``base + 1``, written only if the case is still at ``base`` (one UPDATE ... WHERE version =
    base: of two saves that started from the same version, the database lets exactly one through)."""
    at = _now()
    updated = conn.execute(
        cases.update()
        .where(cases.c.id == pk, cases.c.version == base)
        .values(version=base + 1, **_values(case, document, source, who, at))
    )
    if updated.rowcount != 1:
        return None
    conn.execute(results.delete().where(results.c.case == pk))
    _derived(conn, pk, base + 1, case, document, who, at, action, source)
    return base + 1


def _derived(conn: Connection, pk: int, version: int, case: Any, document: str, who: str | None,
             at: dt.datetime, action: str, detail: str) -> None:  # fmt: skip
    conn.execute(versions.insert().values(case=pk, version=version, document=document, changed_at=at,
                                          changed_by=who))  # fmt: skip
    conn.execute(results.insert(), [{"case": pk, **r} for r in _result_rows(case)])
    conn.execute(audit.insert().values(case_id=case.case_id, at=at, who=who, action=action, version=version,
                                       detail=detail))  # fmt: skip
    known = set(conn.execute(sa.select(audit.c.entry).where(audit.c.case_id == case.case_id,
                                                            audit.c.entry.is_not(None))).scalars())  # fmt: skip
    trail = list(_trail(case, version, known))
    if trail:
        conn.execute(audit.insert(), trail)


def _trail(case: Any, version: int, known: set[str]) -> Iterator[dict[str, Any]]:
    """The case file's own history entries and signatures not yet in the audit table: there they are kept
    for good, whatever later happens to the file (the table refuses changes and deletions)."""
    import hashlib

    for entry in case.history:
        if entry.hash and entry.hash not in known:
            detail = {"reason": entry.reason, "changes": [
                {k: v for k, v in (("field", c.field), ("old", c.old), ("new", c.new), ("reason", c.reason))
                 if v is not None} for c in entry.changes], "hash": entry.hash}  # fmt: skip
            yield {"case_id": case.case_id, "at": utc(entry.at), "who": entry.by, "action": "change",
                   "version": version, "detail": json.dumps(detail, ensure_ascii=False, default=str),
                   "entry": entry.hash}  # fmt: skip
    for s in case.signatures:
        key = hashlib.sha256(
            f"{s.name}\n{s.at.isoformat()}\n{s.meaning.value}\n{s.hash}".encode()
        ).hexdigest()
        if key not in known:
            detail = {"meaning": s.meaning.value, "signed_hash": s.hash}
            yield {"case_id": case.case_id, "at": utc(s.at), "who": s.name, "action": "signature",
                   "version": version, "detail": json.dumps(detail), "entry": key}  # fmt: skip


def audit_trail(engine: Engine, case_id: str) -> list[dict[str, Any]]:
    """Every row of the audit table for one case, oldest first."""
    query = (
        sa.select(audit.c.at, audit.c.who, audit.c.action, audit.c.version, audit.c.detail)
        .where(audit.c.case_id == case_id)
        .order_by(audit.c.at, audit.c.id)
    )
    with engine.connect() as conn:
        found = [dict(row._mapping) for row in conn.execute(query)]
    if not found:
        raise UsageError(f"{case_id}: no case with this identifier in the register")
    for row in found:
        row["at"] = _aware(row["at"]).isoformat()
    return found


class Conflict(Exception):
    """A save that started from an older version: someone else saved the case in between."""

    def __init__(self, case_id: str, base: int, current: int, by: list[tuple[int, str | None, dt.datetime]],
                 changed: list[str]) -> None:  # fmt: skip
        self.case_id, self.base, self.current, self.by, self.changed = case_id, base, current, by, changed
        names = ", ".join(
            f"{who or 'someone'} (version {v}, {when:%Y-%m-%d %H:%M} UTC)" for v, who, when in by
        )
        what = "; ".join(changed[:12]) + (f"; and {len(changed) - 12} more" if len(changed) > 12 else "")
        start = (
            f"a case with this identifier is already in the register: {names} saved it" if base == 0
            else f"you started from version {base}, and since then {names} saved it"
        )  # fmt: skip
        super().__init__(f"{case_id}: not saved: {start}" + (f", changing {what}" if what else ""))


# What a save always changes, or keeps for itself: not what another assessor needs to hear about.
_BOOKKEEPING = ("history", "signatures", "assessed_at")


def _at(doc: Any, path: str) -> Any:
    """The value at a case-file path ("patient.age", "assessments[1].facts.timing"), None if absent."""
    import re

    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            n = int(part[1:-1])
            doc = doc[n] if isinstance(doc, list) and n < len(doc) else None
        else:
            doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def _said(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def described_changes(before: Any, after: Any, ours: Any) -> list[str]:
    """What another assessor changed, with the values: "patient.age: 82 -> 83 (yours: 84)"."""
    out = []
    for path in changed_fields(before, after):
        if path.split(".")[0].split("[")[0] in _BOOKKEEPING:
            continue
        mine = _at(ours, path) if ours is not None else None
        yours = f" (yours: {_said(mine)})" if ours is not None and mine != _at(after, path) else ""
        out.append(f"{path}: {_said(_at(before, path))} -> {_said(_at(after, path))}{yours}")
    return out


def save(engine: Engine, case: Any, base: int | None, who: str | None, source: str) -> int:
    """Saves an edited case as the next version of the one it started from (``base``; None: a new case).
    Returns the new version; raises Conflict, naming who saved in between and what they changed, when the
    case moved on since ``base`` (the caller keeps the answers: nothing is lost)."""
    document = _document(case)
    try:
        with engine.begin() as conn:
            row = conn.execute(
                sa.select(cases.c.id, cases.c.version).where(cases.c.case_id == case.case_id)
            ).first()
            if row is None and base is None:
                _insert(conn, case, document, source, who)
                return 1
            if row is not None and base is not None:
                saved = _update(conn, row.id, base, case, document, source, who, "saved")
                if saved is not None:
                    return saved
    except sa.exc.IntegrityError:  # two first saves of one new case: the other one's INSERT came first
        pass
    raise _conflict(engine, case.case_id, base, json.loads(document))


def _conflict(engine: Engine, case_id: str, base: int | None, ours: Any = None) -> Conflict:
    with engine.connect() as conn:
        row = conn.execute(sa.select(cases.c.id, cases.c.version).where(cases.c.case_id == case_id)).first()
        assert row is not None  # a case is never deleted from the register
        later = conn.execute(
            sa.select(versions.c.version, versions.c.changed_by, versions.c.changed_at, versions.c.document)
            .where(versions.c.case == row.id, versions.c.version > (base or 0))
            .order_by(versions.c.version)
        ).all()
        before = conn.execute(
            sa.select(versions.c.document).where(versions.c.case == row.id, versions.c.version == base)
        ).scalar()
    old = json.loads(before) if before is not None else {}
    changed = described_changes(old, json.loads(later[-1].document), ours) if later else []
    by = [(v.version, v.changed_by, _aware(v.changed_at)) for v in later]
    return Conflict(case_id, base or 0, row.version, by, changed)


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)  # SQLite keeps no zone


def changed_fields(old: Any, new: Any, path: str = "") -> list[str]:
    """Where two case documents differ, as case-file paths ("patient.age", "assessments[1].facts.timing")."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += changed_fields(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            p
            for n, (a, b) in enumerate(zip(old, new, strict=True))
            for p in changed_fields(a, b, f"{path}[{n}]")
        ]
    return [] if old == new else [path or "(the whole case)"]


@dataclass(frozen=True)
class Filters:
    drug: str | None = None
    reaction: str | None = None
    instrument: str | None = None
    category: str | None = None
    assessor: str | None = None
    since: dt.date | None = None


LIST_COLUMNS = ("case_id", "version", "drug", "reaction", "instrument", "category", "score", "assessor",
                "role", "assessed_at")  # fmt: skip


def list_results(engine: Engine, f: Filters) -> Iterator[dict[str, Any]]:
    """One row per case x drug x reaction x instrument that passes every filter, streamed from the database."""
    query = (
        sa.select(
            cases.c.case_id,
            cases.c.version,
            results.c.drug,
            results.c.reaction,
            results.c.instrument,
            results.c.category,
            results.c.score,
            results.c.assessor,
            results.c.role,
            results.c.assessed_at,
        )
        .join(cases, cases.c.id == results.c.case)
        .order_by(cases.c.case_id, results.c.id)
    )
    # Names are matched without regard to case ("Alemtuzumab" finds "alemtuzumab"); a drug or reaction by any
    # part of its name ("petechiae" finds "generalized petechiae"), an assessor by the whole name.
    for column, value in ((results.c.drug, f.drug), (results.c.reaction, f.reaction)):
        if value is not None:
            query = query.where(sa.func.lower(column).contains(value.casefold(), autoescape=True))
    if f.assessor is not None:
        query = query.where(sa.func.lower(results.c.assessor) == f.assessor.casefold())
    if f.instrument is not None:
        query = query.where(results.c.instrument == instrument_id(f.instrument))
    if f.category is not None:
        query = query.where(sa.func.lower(results.c.category) == f.category.casefold())
    if f.since is not None:
        start = dt.datetime.combine(f.since, dt.time())  # UTC, as stored
        # When the assessment was made; where the case does not say, when it reached the register.
        unrecorded = sa.and_(results.c.assessed_at.is_(None), cases.c.changed_at >= start)
        query = query.where(sa.or_(results.c.assessed_at >= start, unrecorded))
    with engine.connect() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=1000).execute(query):
            data = dict(row._mapping)
            when = data["assessed_at"]
            data["assessed_at"] = _aware(when).isoformat() if when is not None else None
            yield data


def instrument_id(name: str) -> str:
    """An instrument as the tool names it anywhere ("who_umc", "WHO-UMC", "Naranjo"), or a one-line refusal
    naming the ones there are."""
    from causality.instruments import registry

    wanted = name.casefold().replace("-", "_").replace(" ", "_")
    for instrument in registry.instruments():
        if wanted in (instrument.id, instrument.info.name.casefold().replace("-", "_")):
            return instrument.id
    allowed = ", ".join(i.id for i in registry.instruments())
    raise UsageError(f"--instrument {name}: no such instrument (allowed: {allowed})")


def stats(engine: Engine, instrument: str | None) -> list[dict[str, Any]]:
    """Cases counted by drug x reaction x instrument x category: a first look for signals. A case counts
    once for a pair: by its final result where a consensus or adjudication records one, else once under
    each category its assessors gave (two assessors who disagree put it under both)."""
    from collections import Counter
    from itertools import groupby

    query = sa.select(
        results.c.case,
        results.c.drug,
        results.c.reaction,
        results.c.instrument,
        results.c.category,
        results.c.role,
    ).order_by(results.c.case, results.c.drug, results.c.reaction, results.c.instrument)
    if instrument is not None:
        query = query.where(results.c.instrument == instrument_id(instrument))
    counts: Counter[tuple[str, str, str, str | None]] = Counter()
    with engine.connect() as conn:
        rows = conn.execution_options(stream_results=True, yield_per=2000).execute(query)
        by_pair = groupby(rows, key=lambda r: (r.case, r.drug, r.reaction, r.instrument))
        for (_case, drug, reaction, name), group in by_pair:
            found = list(group)
            final = [r for r in found if r.role in ("consensus", "adjudication")]
            for category in {r.category for r in final or found}:
                counts[(drug, reaction, name, category)] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1], kv[0][2], kv[0][3] or ""))
    return [
        {"drug": d, "reaction": r, "instrument": i, "category": c, "pairs": n} for (d, r, i, c), n in ordered
    ]


def document(engine: Engine, case_id: str) -> tuple[dict[str, Any], int]:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(cases.c.document, cases.c.version).where(cases.c.case_id == case_id)
        ).first()
    if row is None:
        raise UsageError(f"{case_id}: no case with this identifier in the register")
    return json.loads(row.document), row.version


def documents(engine: Engine, ids: Sequence[str]) -> Iterator[tuple[str, Any]]:
    """Each case (all without ``ids``) as (where it came from, its document), streamed: the name the
    tool's messages and outputs give it is "register:<case id>"."""
    query = sa.select(cases.c.case_id, cases.c.document).order_by(cases.c.case_id)
    if ids:
        missing = set(ids) - set(_existing(engine, ids))
        if missing:
            raise UsageError(f"{', '.join(sorted(missing))}: no case with this identifier in the register")
        query = query.where(cases.c.case_id.in_(ids))
    with engine.connect() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
            yield f"register:{row.case_id}", json.loads(row.document)


def _existing(engine: Engine, ids: Sequence[str]) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(cases.c.case_id).where(cases.c.case_id.in_(ids))).scalars())


def version_document(engine: Engine, case_id: str, version: int) -> Any:
    """One saved version of a case, as its document."""
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(versions.c.document)
            .join(cases, cases.c.id == versions.c.case)
            .where(cases.c.case_id == case_id, versions.c.version == version)
        ).scalar()
    if found is None:
        raise UsageError(f"{case_id}: no version {version} of this case in the register")
    return json.loads(found)


def case_ids(engine: Engine) -> Iterator[str]:
    with engine.connect() as conn:
        yield from conn.execute(sa.select(cases.c.case_id).order_by(cases.c.case_id)).scalars()


def export(engine: Engine, ids: Iterable[str], folder: Path, force: bool = False) -> list[Path]:
    """Writes each case as DIR/<case_id>.yaml, atomically; the files score as the imported ones did. A file
    already there is replaced only with ``force``: nothing is written when one would be."""
    from causality.atomic import write_atomic
    from causality.paths import case_file_name
    from causality.yamlio import dump

    ids = list(ids)
    if not force:
        targets = [folder / f"{case_file_name(i)}.yaml" for i in ids]
        there = [str(t) for t in targets if t.exists()]
        if there:
            raise UsageError(f"will not replace {', '.join(there[:5])}{' ...' if len(there) > 5 else ''}: they exist "
                             "(add --force to replace them)")  # fmt: skip
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    written = []
    names: set[str] = set()
    for case_id in ids:
        data, _version = document(engine, case_id)
        name = case_file_name(case_id)
        if name.casefold() in names:  # "a/b" and "a_b" both make a_b: the second is told apart, never lost
            name = f"{name}-{hashlib.sha256(case_id.encode()).hexdigest()[:8]}"
        names.add(name.casefold())
        target = folder / f"{name}.yaml"
        write_atomic(target, dump(data))
        written.append(target)
    return written
