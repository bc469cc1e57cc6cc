"""Writing a file so that it is either complete or not there: never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


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
    (flushed, fsynced, renamed over it); on any error, including a full disk, nothing is left behind."""
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
