"""The alternative-cause catalogue is edited as YAML and read, at every start, from the same data written
out as a Python literal (loaded from the bytecode cache instead of parsed: a few milliseconds of the start
of `causality score`). This test keeps the two equal.

After editing ``causality/data/alternative_causes.yaml``, run ``python tests/test_catalogue_compiled.py``
to write ``causality/data/alternative_causes.py`` again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from causality import yamlio
from causality.data import alternative_causes

DATA = Path(__file__).resolve().parent.parent / "causality" / "data"
HEAD = '''"""The alternative-cause catalogue, as read from alternative_causes.yaml (edit that file, then run
`python tests/test_catalogue_compiled.py`): a literal comes from the bytecode cache, a YAML file is parsed at
every start."""

# ruff: noqa: E501
# fmt: off
CATALOGUE = '''


def from_yaml() -> object:
    return yamlio.load((DATA / "alternative_causes.yaml").read_text(encoding="utf-8"))


def test_the_compiled_catalogue_is_the_yaml_one() -> None:
    assert from_yaml() == alternative_causes.CATALOGUE, "run: python tests/test_catalogue_compiled.py"


def write() -> None:
    data = from_yaml()
    text = json.dumps(
        data, ensure_ascii=False, indent=1
    )  # strings, numbers, lists, mappings: a Python literal
    assert (
        "true" not in text and "false" not in text and "null" not in text
    )  # which JSON would spell otherwise
    (DATA / "alternative_causes.py").write_text(HEAD + text + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", str(DATA / "alternative_causes.py")], check=True
    )


if __name__ == "__main__":
    write()
