"""The example cases shipped with the tool: listed, printed or written out by `causality examples`."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from causality.errors import CausalityError, UsageError

SUFFIXES = (".yaml", ".yml", ".json")


def folder() -> Path:
    # Like the templates, examples/ is exposed as a package by the wheel and the editable install alike.
    return Path(str(files("causality.examples")))


def names() -> list[str]:
    return sorted(p.stem for p in folder().iterdir() if p.suffix in SUFFIXES)


def sets() -> list[str]:
    """Folders of examples that go together (several assessors' files of one case)."""
    return sorted(p.name for p in folder().iterdir() if p.is_dir() and any(_files(p)))


def _files(where: Path) -> list[Path]:
    return sorted(p for p in where.iterdir() if p.suffix in SUFFIXES)


def path_of(name: str) -> Path:
    stem = Path(name).stem
    for suffix in SUFFIXES:
        candidate = folder() / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    raise UsageError(f"causality examples: no example '{name}' (allowed: {', '.join(names())})")


def listing() -> str:
    """One line per example: its name, and the pairs it assesses."""
    from causality.casefile import load_file

    lines = []
    for name in names():
        case, _ = load_file(path_of(name))
        pairs = "; ".join(f"{a.drug} x {a.reaction}" for a in case.assessments) if case else ""
        lines.append(f"{name:<28} {pairs}")
    for name in sets():
        members = ", ".join(p.name for p in _files(folder() / name))
        lines.append(f"{name + '/':<28} {members}")
    lines.append("")
    lines.append(
        "Write one out: causality examples NAME -o NAME.yaml; a folder: causality examples NAME -o FOLDER/"
    )
    return "\n".join(lines) + "\n"


def write_set(name: str, output: str) -> list[Path]:
    """Every file of a folder of examples into the folder ``output`` (made if missing; nothing replaced)."""
    target = Path(output)
    if target.exists() and not target.is_dir():
        raise UsageError(f"causality examples: {target} is a file; give a folder for the {name} examples")
    sources = _files(folder() / name)
    clashes = [str(target / p.name) for p in sources if (target / p.name).exists()]
    if clashes:
        raise UsageError(f"causality examples: {', '.join(clashes)} exist; choose another folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CausalityError(f"causality examples: cannot create {target}: {exc.strerror or exc}") from None
    return [write_file(p, target / p.name) for p in sources]


def write(name: str, output: str) -> Path | list[Path]:
    if name.rstrip("/") in sets():
        return write_set(name.rstrip("/"), output)
    source = path_of(name)
    target = Path(output)
    if target.is_dir() or output.endswith(("/", os.sep)):  # into a folder, under the example's own name
        target = target / source.name
    kinds = {".yaml": "YAML", ".yml": "YAML", ".json": "JSON"}
    if kinds.get(target.suffix.lower(), kinds[source.suffix]) != kinds[source.suffix]:
        raise UsageError(
            f"causality examples: {name} is a {kinds[source.suffix]} file; name the output {target.stem}{source.suffix}"
        )
    if target.exists():
        raise UsageError(f"causality examples: {target} exists; choose another file name")
    if not target.parent.is_dir():
        raise UsageError(f"causality examples: the folder {target.parent} does not exist")
    return write_file(source, target)


def write_file(source: Path, target: Path) -> Path:
    from causality.atomic import write_atomic

    try:
        write_atomic(target, source.read_text(encoding="utf-8"), mode=0o644)
    except OSError as exc:  # a full disk or a folder not writable: nothing was written (atomic)
        raise CausalityError(f"causality examples: cannot write {target}: {exc.strerror or exc}") from None
    return target
