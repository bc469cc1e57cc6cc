"""Writing a file so that it is either complete or not there: never half-written."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def not_a_file(path: Path | str) -> str | None:
    """Why ``path`` cannot be written as a file, or None: it is a device, a named pipe or a socket. Writing
    a file in its place would replace the device (as root, /dev/null itself), and reading it first to see
    what it holds might never end."""
    try:
        mode = Path(path).stat().st_mode  # follows a link: a link to /dev/null is a device
    except OSError:
        return None  # not there yet (or writing says why)
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"it is {kind}, not a file"


def write_atomic(path: Path, text: str, mode: int = 0o600) -> None:
    """Write text to a temporary file in the same folder, fsync, then rename over ``path``."""
    write_atomic_bytes(path, text.encode("utf-8"), mode)


def write_atomic_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write bytes to a temporary file in the same folder, fsync, then rename over ``path``."""
    with open_atomic(path, mode) as handle:
        handle.write(data)


@contextmanager
def open_atomic(path: Path, mode: int = 0o600) -> Iterator[BinaryIO]:
    """A file to write in pieces that appears at ``path`` only when the block ends without an error
    (flushed, fsynced, renamed over it); on any error, including a full disk, nothing is left behind.
    A device, pipe or socket at ``path`` is refused, never replaced: an OSError, which every caller
    already reports as a file it could not write."""
    if (why := not_a_file(path)) is not None:
        raise OSError(errno.EINVAL, why, str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
