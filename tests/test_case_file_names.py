"""Case files are named in the output as pathlib would write the names given (``./cases/`` is ``cases``),
without `causality score` importing pathlib."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from causality.casefile import _suffix, normalised

PARTS = st.sampled_from(
    ["", "/", "//", "///", ".", "..", "./", "a", "b.yaml", ".hidden", "x.", "c.JSON", "d.e.yml"]
)


@given(st.lists(PARTS, max_size=8).map("".join))
def test_a_name_is_written_as_pathlib_writes_it(name: str) -> None:
    assert normalised(name) == str(PurePosixPath(name))


@given(st.lists(PARTS, max_size=8).map("".join))
def test_the_suffix_is_pathlibs(name: str) -> None:
    assert _suffix(normalised(name)) == PurePosixPath(name).suffix


@pytest.mark.parametrize(
    ("given_name", "written"),
    [
        ("./cases/", "cases"),
        ("cases//a.yaml", "cases/a.yaml"),
        ("/x/./y/../z.json", "/x/y/../z.json"),
        ("", "."),
    ],
)
def test_hand_worked_names(given_name: str, written: str) -> None:
    assert normalised(given_name) == written
