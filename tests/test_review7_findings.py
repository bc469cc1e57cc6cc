"""Review 7 findings: defects of 9f64e34..d18fe94 (pair.py split of RUCAM/ALDEN/George, written-out
__init__ with Record/FrozenRecord, casefile.normalised replacing pathlib, lazy onset pattern).

Each test fails while its defect is there; its docstring says how severe it is, what goes wrong and how to
reproduce it by hand. Product code is not changed here.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from causality.casefile import iter_case_files
from causality.model import Change, HistoryEntry, Signature, SignatureMeaning
from tests.conftest import EXAMPLES

CASE = EXAMPLES / "alemtuzumab.yaml"


@pytest.mark.parametrize("tail", ["/", "/."], ids=["trailing-slash", "trailing-slash-dot"])
def test_a_case_file_named_with_a_trailing_slash_is_still_read(tail: str, tmp_path: Path) -> None:
    """LOW (regression of 42aefde, casefile.iter_case_files). A case file named on the command line with
    a trailing '/' or '/.' was read before (``Path(raw).stat()`` stats the normalised name, and the name
    was written as pathlib writes it); now ``os.stat(raw)`` is called on the raw name, which fails with
    ENOTDIR, and the file is refused as "no such file or folder" (exit 2, nothing scored). The name
    normalisation was checked against pathlib, but the stat before it no longer sees the normalised name.
    Every command that reads case files is affected: score (with and without the parser), report, export,
    verify, db import.

    Reproduce: ``causality score examples/alemtuzumab.yaml/`` (or ``.../alemtuzumab.yaml/.``): at 141bd4f
    it prints the scores (exit 0); now "examples/alemtuzumab.yaml/: no such file or folder" (exit 2).
    Same with ``causality report examples/alemtuzumab.yaml/ --format md`` and ``causality verify``.
    """
    case = tmp_path / "a.yaml"
    shutil.copy(CASE, case)
    problems: list[Any] = []
    found = list(iter_case_files([f"{case}{tail}"], problems))
    assert problems == []
    assert found == [str(case)]  # named as before: as pathlib writes it


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("rucam", "RucamResult"),
        ("alden", "AldenResult"),
        ("george", "GeorgeResult"),
        ("george", "derived"),
    ],
)
def test_public_names_of_the_entry_modules_can_still_be_imported_from_them(module: str, name: str) -> None:
    """LOW (compatibility break of 9f64e34). ``RucamResult``, ``AldenResult``, ``GeorgeResult`` and George's
    ``derived`` (public names, no underscore) moved from ``causality.instruments.NAME.entry`` to ``pair``
    with no name left behind in ``entry``. Anything that imported them from where they were now gets an
    ImportError: a centre's installed instrument that extends a built-in result (``class X(GeorgeResult)``)
    or reuses ``george.entry.derived`` is then left out of every assessment by the registry ("could not be
    loaded ... (left out)"), and a pickle of a RUCAM/ALDEN/George result written by the previous version
    names ``...entry.RucamResult`` and no longer loads. (The README names only ``instruments.base`` as
    what an installed package may import, so this is low; a module ``__getattr__`` in ``entry`` that
    imports ``pair`` on demand would keep the names without loading ``pair`` at start-up.)

    Reproduce: ``python -c "from causality.instruments.george.entry import GeorgeResult, derived"``:
    fine at 141bd4f, ImportError now.
    """
    entry = importlib.import_module(f"causality.instruments.{module}.entry")
    assert hasattr(entry, name), f"causality.instruments.{module}.entry.{name} is gone"


def _signature_valid_or_none() -> tuple[type, Callable[..., None], Callable[[], object], object]:
    """Signature's written __init__ with one line drifted: ``valid or None`` (a broken signature, valid=False,
    is stored as None: "not worked out")."""
    original = Signature.__init__

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
        original(self, name, at, meaning, hash, history, seal, valid or None, why)

    def made() -> object:
        return Signature(
            "A", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), SignatureMeaning.AUTHOR, "h", valid=False
        ).valid

    return Signature, __init__, made, False


def _history_changes_copied() -> tuple[type, Callable[..., None], Callable[[], object], object]:
    """HistoryEntry's written __init__ with one line drifted: the list of changes passed in is copied, so the
    entry no longer holds the caller's list (a change appended to it afterwards is not in the entry)."""
    from causality.record import FACTORY  # new in 23ee1ec: imported here so that the file loads before it

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
        self.changes = [] if changes is FACTORY else copy.copy(changes)
        self.reason = reason
        self.before_hash = before_hash
        self.case_hash = case_hash
        self.hash = hash

    def made() -> object:
        changes: list[Change] = []
        entry = HistoryEntry(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "A", changes)
        return entry.changes is changes

    return HistoryEntry, __init__, made, True


@pytest.mark.parametrize(
    "drift", [_signature_valid_or_none, _history_changes_copied], ids=["falsy-argument", "argument-copied"]
)
def test_the_records_checks_notice_a_written_init_that_does_not_store_what_it_was_given(
    drift: Callable[[], tuple[type, Callable[..., None], Callable[[], object], object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """MEDIUM (weakness of tests/test_records.py, the safety net of 23ee1ec; no written __init__ drifts
    today: all 65 are plain assignments). The checks that stand for the
    generated ``__init__`` call each written one only with unique, truthy, never-None markers, compared with
    ``is ... or ==`` where ``_Marker.__eq__`` compares names (the comment says "compared by identity"), and
    otherwise only with every default. So a written ``__init__`` that stores something else than the
    argument it was given passes every check, as long as it does so only for a falsy/None argument or by
    storing an equal copy: ``self.valid = valid or None`` (Signature: a signature that no longer holds,
    valid=False, becomes "not worked out"), ``self.x = x if x is not None else DEFAULT``, ``x or []``
    behind the FACTORY test, ``copy.copy(changes)`` (the caller's list is no longer the record's). These are
    exactly the edits a hand-kept ``__init__`` invites, and the generated one never makes them.

    Reproduce: replace a line of a written __init__ as above (here with monkeypatch), run
    ``pytest tests/test_records.py``: all pass, while the record built with that argument differs from what
    @dataclass would build.
    """
    checks = importlib.import_module("tests.test_records")
    cls, drifted, made, generated_would_give = drift()
    monkeypatch.setattr(cls, "__init__", drifted)
    assert made() != generated_would_give  # the drift is real: the record differs from a generated one

    caught = []
    for check in (
        checks.test_the_written_init_has_the_generated_signature,
        checks.test_the_written_init_sets_every_field_as_the_generated_one,
        checks.test_a_record_compares_shows_and_hashes_as_a_generated_dataclass,
    ):
        try:
            check(cls)
        except AssertionError:
            caught.append(check.__name__)
    assert caught, f"tests/test_records.py passes a {cls.__name__}.__init__ that drifted from its fields"
