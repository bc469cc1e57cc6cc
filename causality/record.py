"""Records: dataclasses that share one ``__eq__`` and one ``__repr__`` instead of generating their own.

``@dataclass`` writes and compiles an ``__eq__`` and a ``__repr__`` for every class it decorates; for the
few dozen records of a case that was a tenth of the start-up of `causality score`. A record is declared
``@dataclass(eq=False, repr=False)`` and derives from :class:`Record`, which compares and shows it exactly
as the generated methods would: equal when of the same class with equal fields (those with
``compare=True``), shown as ``Name(field=value, ...)`` (those with ``repr=True``), unhashable as a mutable
dataclass is. A frozen record derives from :class:`FrozenRecord`, hashed as a frozen dataclass is.

The records on the path of `causality score` also spell out their ``__init__`` (``init=False``), which
the bytecode cache keeps, for the same reason; :data:`FACTORY` is the default of a parameter whose field
has a default factory. ``tests/test_records.py`` checks both against what ``@dataclass`` would generate.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # as dataclasses shows a field's default_factory in a signature


# The default of an ``__init__`` parameter whose field has a default_factory: the factory is called when
# nothing was passed, as the generated ``__init__`` does (None stays None).
FACTORY: Any = _Factory()

_COMPARED: dict[type, tuple[str, ...]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}
_HASHED: dict[type, tuple[str, ...]] = {}


def _compared(cls: type) -> tuple[str, ...]:
    names = _COMPARED.get(cls)
    if names is None:
        names = _COMPARED[cls] = tuple(f.name for f in fields(cls) if f.compare)
    return names


def _shown(cls: type) -> tuple[str, ...]:
    names = _SHOWN.get(cls)
    if names is None:
        names = _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)
    return names


def _hashed(cls: type) -> tuple[str, ...]:
    names = _HASHED.get(cls)
    if names is None:
        names = _HASHED[cls] = tuple(f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash))
    return names


class Record:
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _compared(self.__class__)
        mine: tuple[Any, ...] = tuple(getattr(self, n) for n in names)
        return mine == tuple(getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value, as a dataclass with eq

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _shown(self.__class__))
        return f"{self.__class__.__qualname__}({shown})"


class FrozenRecord(Record):
    """A record declared ``frozen=True``: hashed by its compared fields, as the generated ``__hash__`` of a
    frozen dataclass is."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]  # Record leaves records unhashable; frozen ones hash
        return hash(tuple(getattr(self, n) for n in _hashed(self.__class__)))
