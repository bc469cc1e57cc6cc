"""Running `causality` in a child process, as a user starts it: through the entry point or the parser,
with a private data folder, and as an ordinary user sees it from a suite that runs as root (here and in CI).

Root reads every file whatever its mode; a child started with ``drop_file_permission_override`` loses
that right (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH leave its capability bounding set), so an unreadable
file or folder is unreadable to it, as to a colleague without root."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def drop_file_permission_override() -> None:
    """In the child, before exec: root loses its right to read files whatever their mode."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def as_ordinary_user_or_skip(unreadable: Path) -> Callable[[], None]:
    """A preexec function under which ``unreadable`` really cannot be read, or skip the test."""
    probe = subprocess.run(
        ["cat", str(unreadable)], capture_output=True, preexec_fn=drop_file_permission_override
    )
    if probe.returncode == 0:
        pytest.skip("cannot run a child that is refused an unreadable file here")
    return drop_file_permission_override


THROUGH = "import sys\nsys.argv = ['causality', *sys.argv[1:]]\nfrom causality.{} import main\nmain()\n"


def private_env() -> dict[str, str]:
    """The environment with a data folder of the child's own (drafts, the default register)."""
    return {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp()}


def run_entry(
    module: str,
    args: list[str],
    cwd: Path,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    script: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[bytes]:
    """`causality ARGS` through ``causality.<module>.main`` (launch: the installed entry point; cli: the
    parser), or through ``script``, with standard input closed off."""
    return subprocess.run(
        [sys.executable, "-c", script or THROUGH.format(module), *args],
        capture_output=True,
        cwd=cwd,
        env=env or private_env(),
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec,
        timeout=timeout,
    )


def cases_with_a_locked_folder(where: Path, case: Path) -> Path:
    """``where``/cases holding a.yaml and more/b.yaml (copies of ``case``), with more/ unreadable (mode 0):
    the caller gives it its mode back (0o755) when done."""
    import shutil

    cases = where / "cases"
    (cases / "more").mkdir(parents=True)
    shutil.copy(case, cases / "a.yaml")
    shutil.copy(case, cases / "more" / "b.yaml")
    (cases / "more").chmod(0)
    return cases
