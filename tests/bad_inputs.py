"""A generated corpus of malformed case files: every field of every example, broken in every way a hand,
a script or a hostile sender could break it.

Each entry is a file name, its text and, when one field was changed, the path of that field as error
messages spell it (``suspect_drugs[0].start``). Nothing here knows what the tool will say: the tests
judge each answer by the contract (exit 0 or 2, one line per problem naming file and field, nothing
written on error), never by comparing with the tool's own earlier output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from causality import yamlio
from tests.conftest import EXAMPLE_FILES

# Raw tokens that no serializer writes from a Python value: put into the text after dumping.
HUGE = "@@HUGE@@"  # a 5,000-digit number (Python refuses to print one by default)
INF = "@@INF@@"
NAN = "@@NAN@@"
_RAW = {
    ".json": {HUGE: "9" * 5000, INF: "1e999", NAN: "NaN"},
    ".yaml": {HUGE: "9" * 5000, INF: ".inf", NAN: ".nan"},
}


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


# Wrong types and edge values, each put in place of every field in turn.
WRONG_VALUES: tuple[tuple[str, Any], ...] = (
    ("unknown-word", "zz-not-a-word"),
    ("empty-text", ""),
    ("blank-text", "   "),
    ("negative", -1),
    ("fraction", 0.5),
    ("large", 10**9),
    ("huge", HUGE),
    ("infinite", INF),
    ("nan", NAN),
    ("true", True),
    ("null", None),
    ("empty-list", []),
    ("empty-map", {}),
    ("list", ["zz", 1]),
    ("map", {"zz": "yy"}),
    ("deep", _deep(60)),
    ("bad-date", "2024-02-30"),
    ("bad-month", "2024-13-01"),
    ("future-date", "2999-01-01"),
    ("year-zero", "0000-01-01"),
    ("hours-words", "soon after dose"),
    ("long-text", "x" * 20_000),
    ("invisible", "a\u202eb\u2066c\x1b[31m"),
)


class BadInput(NamedTuple):
    name: str
    text: str
    field: str | None  # the field that was changed, as messages name it; None for text-level breakage


def _paths(value: Any, path: str = "") -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every field of a parsed case: its message path and the keys that reach it."""
    yield from _walk(value, path, ())


def _walk(value: Any, path: str, keys: tuple[Any, ...]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    if keys:
        yield path, keys
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(sub, f"{path}.{key}" if path else str(key), (*keys, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _walk(sub, f"{path}[{index}]", (*keys, index))


def _replaced(data: Any, keys: tuple[Any, ...], new: Any) -> Any:
    if not keys:
        return new
    head, rest = keys[0], keys[1:]
    if isinstance(data, dict):
        return {k: (_replaced(v, rest, new) if k == head else v) for k, v in data.items()}
    return [(_replaced(v, rest, new) if i == head else v) for i, v in enumerate(data)]


_DELETE = object()


def _deleted(data: Any, keys: tuple[Any, ...]) -> Any:
    head, rest = keys[0], keys[1:]
    if rest:
        if isinstance(data, dict):
            return {k: (_deleted(v, rest) if k == head else v) for k, v in data.items()}
        return [(_deleted(v, rest) if i == head else v) for i, v in enumerate(data)]
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if k != head}
    return [v for i, v in enumerate(data) if i != head]


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.,()/+-]*(?<! )")


def _scalar(value: Any) -> str:
    """A YAML scalar: plain where it reads back as the same text, double-quoted (JSON's escapes are YAML's)
    otherwise. PyYAML's representer, in Python even with libyaml, made the corpus take most of a minute."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if value in (HUGE, INF, NAN) or (
        _PLAIN.fullmatch(value) and value.lower() not in ("null", "true", "false")
    ):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _yaml_lines(value: Any, indent: int) -> Iterator[str]:
    """Block-style YAML, as a clinician writes it."""
    pad = "  " * indent
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, sub in items:
        head = f"{pad}{_scalar(str(key))}:" if isinstance(value, dict) else f"{pad}-"
        if isinstance(sub, dict | list) and sub:
            yield head + "\n"
            yield from _yaml_lines(sub, indent + 1)
        elif isinstance(sub, dict | list):
            yield f"{head} {'{}' if isinstance(sub, dict) else '[]'}\n"
        else:
            yield f"{head} {_scalar(sub)}\n"


def _text(data: Any, suffix: str) -> str:
    if suffix == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        text = (
            "".join(_yaml_lines(data, 0)) if isinstance(data, dict | list) and data else _scalar(data) + "\n"
        )
    for token, raw in _RAW[suffix].items():
        text = text.replace(json.dumps(token), raw).replace(f"'{token}'", raw).replace(token, raw)
    return text


def _parsed(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yamlio.load(text)


def _kind(where: str) -> str:
    return re.sub(r"\[\d+\]", "[]", where)


def _suffix(path: Path) -> str:
    return ".json" if path.suffix == ".json" else ".yaml"


@cache
def _earlier_kinds(path: Path) -> frozenset[str]:
    """The fields that an example before this one (in file order, of the same syntax) already has."""
    kinds: set[str] = set()
    for example in EXAMPLE_FILES:
        if example == path:
            break
        if _suffix(example) == _suffix(path):
            kinds.update(_kind(where) for where, _ in [("", ()), *_paths(_parsed(example))])
    return frozenset(kinds)


def field_mutations(path: Path) -> Iterator[BadInput]:
    """Every field (and every mapping and list) of one example that no earlier example has: each wrong
    value in its place, the field removed, and an unknown field added beside it.

    The same field in the next list entry (a second alternative cause, a third drug) or in another
    example is read by the same code: each field once per syntax (YAML, JSON) keeps the corpus a few
    thousand files, so that it runs in seconds."""
    data = _parsed(path)
    suffix = _suffix(path)
    stem = path.stem
    seen: set[str] = set()
    fields: set[str] = set(_earlier_kinds(path))
    for number, (where, keys) in enumerate([("", ()), *_paths(data)]):
        field_kind = _kind(where)
        if field_kind in fields:
            continue
        fields.add(field_kind)
        node = data
        for key in keys:
            node = node[key]
        mutants = [(label, _replaced(data, keys, value)) for label, value in WRONG_VALUES] if keys else []
        if keys:
            mutants.append(("missing", _deleted(data, keys)))
        if isinstance(node, dict):  # once per mapping, not once per field in it
            mutants.append(("unknown-key", _replaced(data, keys, {**node, "zz_unknown_field": "x"})))
        for label, mutant in mutants:
            text = _text(mutant, suffix)
            if text not in seen:  # e.g. an empty list replaced by an empty list
                seen.add(text)
                field = f"{where}.zz_unknown_field".lstrip(".") if label == "unknown-key" else where
                yield BadInput(f"{stem}-{number}-{label}{suffix}", text, field)


SHORTHAND_BREAKAGE: tuple[tuple[str, str], ...] = (
    ("shorthand-and-full", "case_id: S\ndrug: d\nreaction: r\nsuspect_drugs: [d]\n"),
    ("shorthand-no-drug", "case_id: S\nreaction: r\n"),
    ("shorthand-no-reaction", "case_id: S\ndrug: d\n"),
    ("shorthand-no-id", "drug: d\nreaction: r\n"),
    ("shorthand-item-unknown", "case_id: S\ndrug: d\nreaction: r\nnaranjo: {q11: yes}\n"),
    ("shorthand-item-word", "case_id: S\ndrug: d\nreaction: r\nnaranjo: {q1: perhaps}\n"),
    ("shorthand-item-list", "case_id: S\ndrug: d\nreaction: r\nnaranjo: [yes, no]\n"),
    ("shorthand-who-word", "case_id: S\ndrug: d\nreaction: r\nwho_umc: {timing: soon}\n"),
    ("shorthand-who-key", "case_id: S\ndrug: d\nreaction: r\nwho_umc: {certainty: high}\n"),
    ("shorthand-answer-no-answer", "case_id: S\ndrug: d\nreaction: r\nnaranjo: {q1: {reason: x}}\n"),
    ("shorthand-answer-extra", "case_id: S\ndrug: d\nreaction: r\nnaranjo: {q1: {answer: yes, why: x}}\n"),
    (
        "shorthand-override-no-reason",
        "case_id: S\ndrug: d\nreaction: r\nwho_umc_override: {category: certain}\n",
    ),
    (
        "shorthand-override-naranjo",
        "case_id: S\ndrug: d\nreaction: r\nwho_umc_override: {category: definite, reason: x}\n",
    ),
    ("shorthand-instrument", "case_id: S\ndrug: d\nreaction: r\ninstruments: {zz: add}\n"),
    ("shorthand-instrument-word", "case_id: S\ndrug: d\nreaction: r\ninstruments: {george: maybe}\n"),
    ("shorthand-drug-map", "case_id: S\ndrug: {name: d}\nreaction: r\n"),
    ("shorthand-drug-number", "case_id: S\ndrug: 12\nreaction: r\n"),
)

# Broken at the level of the text: not YAML or JSON at all, or YAML that would be read silently wrong.
TEXT_BREAKAGE: tuple[tuple[str, str], ...] = (
    ("empty.yaml", ""),
    ("only-comment.yaml", "# nothing\n"),
    ("scalar.yaml", "just text\n"),
    ("list.yaml", "- a\n- b\n"),
    ("number.json", "12\n"),
    ("null.json", "null\n"),
    ("unclosed.yaml", "case_id: [A\n"),
    ("unclosed.json", '{"case_id": "A", "drug": "d"'),
    ("tab-indent.yaml", "case_id: A\npatient:\n\tage: 3\n"),
    ("bad-indent.yaml", "case_id: A\n  drug: d\n reaction: r\n"),
    ("duplicate.yaml", "case_id: A\ncase_id: B\ndrug: d\nreaction: r\n"),
    ("duplicate.json", '{"case_id": "A", "case_id": "B", "drug": "d", "reaction": "r"}'),
    ("trailing-comma.json", '{"case_id": "A", "drug": "d", "reaction": "r",}'),
    ("single-quotes.json", "{'case_id': 'A'}"),
    ("two-documents.yaml", "case_id: A\ndrug: d\nreaction: r\n---\ncase_id: B\n"),
    ("python-tag.yaml", "case_id: !!python/object/apply:os.system ['true']\ndrug: d\nreaction: r\n"),
    ("set-tag.yaml", "case_id: A\ndrug: !!set {a, b}\nreaction: r\n"),
    ("timestamp-tag.yaml", "case_id: !!timestamp 2024-01-01\ndrug: d\nreaction: r\n"),
    ("undefined-alias.yaml", "case_id: *nowhere\ndrug: d\nreaction: r\n"),
    ("self-alias.yaml", "a: &a [*a]\ncase_id: A\ndrug: d\nreaction: r\n"),
    ("merge-scalar.yaml", "case_id: A\ndrug: d\nreaction: r\nnaranjo:\n  <<: x\n"),
    ("merge-map.yaml", "base: &b {q1: yes}\ncase_id: A\ndrug: d\nreaction: r\nnaranjo:\n  <<: *b\n"),
    ("key-list.yaml", "[a]: 1\ncase_id: A\ndrug: d\nreaction: r\n"),
    ("key-number.json", '{"1": "x", "case_id": "A", "drug": "d", "reaction": "r"}'),
    ("bom.yaml", "\ufeffcase_id: A\ndrug: d\nreaction: r\n"),
    ("nul.yaml", "case_id: A\x00\ndrug: d\nreaction: r\n"),
    ("lone-surrogate.json", '{"case_id": "\\ud800", "drug": "d", "reaction": "r"}'),
    ("deep.json", "[" * 5000 + "]" * 5000),
    ("deep.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
    ("deep-map.yaml", "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "x: 1\n"),
    ("nan-id.json", '{"case_id": NaN, "drug": "d", "reaction": "r"}'),
    (
        "infinity-age.json",
        '{"case_id": "A", "patient": {"age": Infinity}, "suspect_drugs": ["d"], '
        '"reactions": [{"term": "r"}], "assessments": [{"drug": "d", "reaction": "r"}]}',
    ),
    (
        "huge-exponent.json",
        '{"case_id": "A", "patient": {"age": 1e999}, "suspect_drugs": ["d"], '
        '"reactions": [{"term": "r"}], "assessments": [{"drug": "d", "reaction": "r"}]}',
    ),
    ("huge-id.json", '{"case_id": ' + "7" * 5000 + ', "drug": "d", "reaction": "r"}'),
    ("yaml-in-json-suffix.json", "case_id: A\ndrug: d\nreaction: r\n"),
    ("wrong-suffix-content.yaml", '{"case_id": "A", "drug": "d", "reaction": "r", "naranjo": {"q1": true}}'),
)


def corpus() -> Iterator[BadInput]:
    """The whole corpus: field mutations of every example, shorthand mistakes, and broken text."""
    for example in EXAMPLE_FILES:
        yield from field_mutations(example)
    for name, text in SHORTHAND_BREAKAGE:
        yield BadInput(f"{name}.yaml", text, None)
    for name, text in TEXT_BREAKAGE:
        yield BadInput(name, text, None)
