"""The example cases shipped with the tool: listed, printed or written out by `causality examples`."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from causality.errors import CausalityError, UsageError

SUFFIXES = (".yaml", ".yml", ".json")


def folder() -> Path:
    # Like the templates, examples/ is exposed as a package by the wheel and the editable install alike.
    return Path(str(files("causality.examples")))


def names() -> list[str]:
    return sorted(p.stem for p in folder().iterdir() if p.suffix in SUFFIXES)


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
    lines.append("")
    lines.append("Write one out: causality examples NAME -o NAME.yaml")
    return "\n".join(lines) + "\n"


def write(name: str, output: str) -> Path:
    from causality.atomic import write_atomic

    source = path_of(name)
    target = Path(output)
    kinds = {".yaml": "YAML", ".yml": "YAML", ".json": "JSON"}
    if kinds.get(target.suffix.lower(), kinds[source.suffix]) != kinds[source.suffix]:
        raise UsageError(
            f"causality examples: {name} is a {kinds[source.suffix]} file; name the output {target.stem}{source.suffix}"
        )
    if target.exists():
        raise UsageError(f"causality examples: {target} exists; choose another file name")
    if not target.parent.is_dir():
        raise UsageError(f"causality examples: the folder {target.parent} does not exist")
    try:
        write_atomic(target, source.read_text(encoding="utf-8"), mode=0o644)
    except OSError as exc:  # a full disk or a folder not writable: nothing was written (atomic)
        raise CausalityError(f"causality examples: cannot write {target}: {exc.strerror or exc}") from None
    return target
