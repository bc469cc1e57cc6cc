"""Reading and writing the parts of a case file the schema declares with their model class, field by field
from the declaration: a fact added to the schema (and the model) is read, checked and written with no
further code.

Reading collects every problem in the reader, as the rest of the case file does; writing leaves out what
holds the model's default (nothing recorded), so a written file says only what was recorded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from causality.schema import Field, Kind
from causality.validate import Reader, join

# Fields whose words belong to an instrument rather than to the case model: read and written by a hook.
Special = tuple[Callable[[Reader, object, str], Any], Callable[[Any], Any]]
_SPECIAL: dict[str, Special] = {}


def special(name: str, read: Callable[[Reader, object, str], Any], write: Callable[[Any], Any]) -> None:
    _SPECIAL[name] = (read, write)


# Where a model holds one declared field in other attributes (a reaction's onset is a date or a time after
# a dose): how the read values become the model's arguments, and how the model gives the field back.
Adapter = tuple[Callable[[dict[str, Any]], dict[str, Any]], Callable[[Any], dict[str, Any]]]
_ADAPT: dict[type[Any], Adapter] = {}
# Checks across the fields of one part (a last dose before the first one), each noting its problems.
_CHECKS: dict[type[Any], Callable[[Reader, Any, str], None]] = {}
# What to say of a key a part does not have (a patient's name: never stored).
_HINTS: dict[str, Mapping[str, str]] = {}


def adapt(
    model: type[Any], read: Callable[[dict[str, Any]], dict[str, Any]], write: Callable[[Any], dict[str, Any]]
) -> None:
    _ADAPT[model] = (read, write)


def check(model: type[Any], fn: Callable[[Reader, Any, str], None]) -> None:
    _CHECKS[model] = fn


def hints(group: str, said: Mapping[str, str]) -> None:
    _HINTS[group] = said


def _read_field(r: Reader, m: Mapping[str, Any], f: Field, path: str) -> Any:
    if f.kind is Kind.TEXT:
        return r.text(m, f.name, path, required=f.required)
    if f.kind is Kind.CHOICE:
        return r.enum(m, f.name, f.enum, path, required=f.required)
    if f.kind is Kind.DATE:
        return r.date(m, f.name, path)
    if f.kind is Kind.ONSET:
        return r.onset(m, f.name, path)
    if f.kind is Kind.TIMESTAMP:
        if f.required and m.get(f.name) is None:
            r.problem(join(path, f.name), "required field is missing")
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
        if item.kind is Kind.TEXT:
            words = r.items(m, f.name, path, r.text_at, required=f.required)
            return [w for w in words if w is not None]
        if item.kind is Kind.CHOICE:
            return r.items(m, f.name, path, lambda v, p: r.choice(v, item.enum, p), required=f.required)
        return r.items(m, f.name, path, lambda v, p: read_value(r, v, item, p), required=f.required)
    if f.kind is Kind.MAPPING:
        return None if m.get(f.name) is None else read_value(r, m[f.name], f, join(path, f.name))
    if f.name in _SPECIAL:
        return None if m.get(f.name) is None else _SPECIAL[f.name][0](r, m[f.name], join(path, f.name))
    raise TypeError(f"{f.name}: {f.kind} is not read generically")


def read_field(r: Reader, m: Mapping[str, Any], f: Field, path: str) -> Any:
    """One declared field of the mapping ``m`` (found at ``path``): its value, or None when it is absent or
    cannot be read (the problem noted)."""
    return _read_field(r, m, f, path)


def read_value(r: Reader, value: object, f: Field, path: str) -> Any:
    """A mapping declared with its model, found at ``path``; None (with the problems noted) when it cannot
    be read."""
    if f.kind is not Kind.MAPPING or f.model is None:
        raise TypeError(f"{f.name}: only mappings declared with their model are read generically")
    if f.word is not None and not isinstance(value, dict):  # the one-word form: ``placebo: not_given``
        word = f[f.word]
        if word.kind is Kind.TEXT:  # a drug by its name alone
            value = {f.word: value}
        else:
            found = r.choice(value, word.enum, path)
            return None if found is None else f.model(**{f.word: found})
    m = r.mapping(value, path, f.keys, hints=_HINTS.get(f.name))
    if m is None:
        return None
    values = {sub.name: _read_field(r, m, sub, path) for sub in f.fields}
    if any(values[name] is None for name in f.required_keys):
        return None
    given = {name: v for name, v in values.items() if v is not None and v != []}
    if f.model in _ADAPT:
        given = _ADAPT[f.model][0](given)
    built = f.model(**given)
    if not f.required_keys and built == _nothing(f.model):
        return None  # e.g. ``timing: {}``: records nothing, as the writer (which leaves it out) reads it
    if f.model in _CHECKS:
        _CHECKS[f.model](r, built, path)
    return built


_NOTHING: dict[type[Any], Any] = {}


def _nothing(model: type[Any]) -> Any:
    """The model with nothing recorded (every field its default)."""
    if model not in _NOTHING:
        _NOTHING[model] = model()
    return _NOTHING[model]


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
    if f.kind is Kind.ONSET:
        return value if isinstance(value, dt.date) else value.text()  # a date, or the time as it was given
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
    held = _ADAPT[f.model][1](value) if f.model in _ADAPT else {}
    out = {}
    for sub in f.fields:
        v = held[sub.name] if sub.name in held else getattr(value, sub.name)
        if not sub.required and sub.name in defaults and v == defaults[sub.name]:
            continue  # the model's default: nothing recorded
        data = write_value(v, sub)
        if data is not None and data != {}:
            out[sub.name] = data
    if f.word is not None and set(out) == {f.word}:
        return out[f.word]  # the one-word form: ``placebo: not_given``
    return out or None
