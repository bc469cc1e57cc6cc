"""`causality export`: read and check the cases as `causality score` does, build the format, check it, and
write it whole (to standard output, or atomically to a file) or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from causality.errors import OutputError, UsageError

FORMATS = ("fhir-r5", "fhir-r4b", "e2b-r3")


def check_output(paths: Sequence[str], output: str) -> None:
    """Refuse, before anything is read, a file that cannot be written or that would replace a case file."""
    target = Path(output)
    if not target.parent.is_dir():
        raise UsageError(
            f"causality export: cannot write {output}: the folder {target.parent} does not exist"
        )
    if target.is_dir():
        raise UsageError(f"causality export: cannot write {output}: it is a folder (give a file name)")
    if not target.exists():
        return
    for raw in paths:
        try:
            same = raw != "-" and target.samefile(raw)
        except OSError:
            same = False
        if same:
            raise UsageError(f"causality export: will not write over {output}: it is one of the case files")
    from causality.report.render import holds_a_case

    if holds_a_case(target):
        raise UsageError(
            f"causality export: will not write over {output}: it is a case file (choose another -o)"
        )


def export(paths: Sequence[str], fmt: str, output: str | None, region: str | None) -> tuple[bytes, list[str]]:
    """The export as bytes, and the lines saying what the format left out. Raises on any bad input (every
    problem listed) or an export that fails its check, before anything is written."""
    if region is not None and fmt != "e2b-r3":
        raise UsageError(f"causality export: --region {region} applies to --format e2b-r3 only")
    if output is not None:
        check_output(paths, output)
    from causality.interchange import common, lost

    assessed = common.load(paths)
    if fmt == "e2b-r3":
        from causality.interchange import e2b

        data = e2b.render(assessed, region)
    else:
        from causality.interchange import fhir

        data = fhir.render(assessed, fmt).encode("utf-8")
    if output is not None:
        from causality.atomic import write_atomic_bytes

        try:
            write_atomic_bytes(Path(output), data)
        except OSError as exc:
            raise OutputError(
                f"causality export: cannot write {output}: {exc.strerror or exc}; nothing was written"
            ) from None
    return data, lost.lines(fmt, assessed, region)
