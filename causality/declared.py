"""Reading and writing the parts of a case file the schema declares with their model class, field by field
from the declaration: a fact added to the schema (and the model) is read, checked and written with no
further code.

Reading collects every problem in the reader, as the rest of the case file does; writing leaves out what
holds the model's default (nothing recorded), so a written file says only what was recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from causality.schema import Field, Kind
from causality.validate import Reader, join

# Fields whose words belong to an instrument rather than to the case model: read and written by a hook.
Special = tuple[Callable[[Reader, object, str], Any], Callable[[Any], Any]]
_SPECIAL: dict[str, Special] = {}


def special(name: str, read: Callable[[Reader, object, str], Any], write: Callable[[Any], Any]) -> None:
    _SPECIAL[name] = (read, write)


def _read_field(r: Reader, m: Mapping[str, Any], f: Field, path: str) -> Any:
    if f.kind is Kind.TEXT:
        return r.text(m, f.name, path, required=f.required)
    if f.kind is Kind.CHOICE:
        return r.enum(m, f.name, f.enum, path, required=f.required)
    if f.kind is Kind.DATE:
        return r.date(m, f.name, path)
    if f.kind is Kind.TIMESTAMP:
        return r.timestamp(m, f.name, path)
    if f.kind is Kind.NUMBER:
        low, high = f.range
        value = r.number(m, f.name, path, low, high)
        if value is not None and f.whole:
            if value % 1:
                unit = f" of {f.unit}" if f.unit else ""
                r.problem(
                    join(path, f.name), f"{value:g} is not a whole number{unit}", f"{low:g} to {high:g}"
                )
                return None
            return int(value)
        return value
    if f.kind is Kind.LIST:
        item = f.entry
        return r.items(m, f.name, path, lambda v, p: read_value(r, v, item, p), required=f.required)
    if f.kind is Kind.MAPPING:
        return None if m.get(f.name) is None else read_value(r, m[f.name], f, join(path, f.name))
    if f.name in _SPECIAL:
        return None if m.get(f.name) is None else _SPECIAL[f.name][0](r, m[f.name], join(path, f.name))
    raise TypeError(f"{f.name}: {f.kind} is not read generically")


def read_value(r: Reader, value: object, f: Field, path: str) -> Any:
    """A mapping declared with its model, found at ``path``; None (with the problems noted) when it cannot
    be read."""
    if f.kind is not Kind.MAPPING or f.model is None:
        raise TypeError(f"{f.name}: only mappings declared with their model are read generically")
    if f.word is not None and not isinstance(value, dict):  # the one-word form: ``placebo: not_given``
        word = f[f.word]
        found = r.choice(value, word.enum, path)
        return None if found is None else f.model(**{f.word: found})
    m = r.mapping(value, path, f.keys)
    if m is None:
        return None
    values = {sub.name: _read_field(r, m, sub, path) for sub in f.fields}
    if any(values[name] is None for name in f.required_keys):
        return None
    return f.model(**{name: v for name, v in values.items() if v is not None and v != []})


_DEFAULTS: dict[type[Any], dict[str, Any]] = {}


def _defaults(model: type[Any]) -> dict[str, Any]:
    """What each field of a model holds when nothing was recorded."""
    if model not in _DEFAULTS:
        out = {}
        for field in dataclasses.fields(model):
            if field.default is not dataclasses.MISSING:
                out[field.name] = field.default
            elif field.default_factory is not dataclasses.MISSING:
                out[field.name] = field.default_factory()
        _DEFAULTS[model] = out
    return _DEFAULTS[model]


def write_value(value: Any, f: Field) -> Any:
    """``value`` (of the model) as case-file data; None where nothing was recorded."""
    if value is None:
        return None
    if f.kind is Kind.CHOICE:
        return value.value
    if f.kind is Kind.NUMBER:
        return int(value) if float(value).is_integer() else value
    if f.kind is Kind.TIMESTAMP:
        return value.isoformat()
    if f.kind is Kind.LIST:
        return [write_value(v, f.entry) for v in value] or None
    if f.kind is not Kind.MAPPING:
        return _SPECIAL[f.name][1](value) if f.name in _SPECIAL else value
    assert f.model is not None, f.name
    defaults = _defaults(f.model)
    out = {}
    for sub in f.fields:
        v = getattr(value, sub.name)
        if not sub.required and sub.name in defaults and v == defaults[sub.name]:
            continue  # the model's default: nothing recorded
        data = write_value(v, sub)
        if data is not None and data != {}:
            out[sub.name] = data
    if f.word is not None and set(out) == {f.word}:
        return out[f.word]  # the one-word form: ``placebo: not_given``
    return out or None
