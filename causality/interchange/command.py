"""`causality export`: read and check the cases as `causality score` does, build the format, check it, and
write it whole (to standard output, or atomically to a file) or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from causality.errors import InputError, OutputError, Problem, UsageError

FORMATS = ("fhir-r5", "fhir-r4b", "e2b-r3")


def export(paths: Sequence[str], fmt: str, output: str | None, region: str | None) -> tuple[bytes, list[str]]:
    """The export as bytes, and the lines saying what the format left out. Raises on any bad input (every
    problem listed) or an export that fails its check, before anything is written."""
    if region is not None and fmt != "e2b-r3":
        raise UsageError(f"causality export: --region {region} applies to --format e2b-r3 only")
    if output is not None:
        from causality.batch import check_output

        check_output(paths, output, "causality export", "exported")
    from causality.interchange import common, lost

    assessed = common.load(paths)
    if fmt == "e2b-r3":
        from causality.interchange import e2b

        too_long = [a.case for a in assessed if len(a.case.case_id) > e2b.ID_LIMIT]
        if too_long:  # a cut identifier could be another case's
            raise InputError([Problem(c.source, "case_id", f"{len(c.case_id)} characters: E2B(R3) takes at most "
                                      f"{e2b.ID_LIMIT} (give the case a shorter case_id to export it)")
                              for c in too_long])  # fmt: skip
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
