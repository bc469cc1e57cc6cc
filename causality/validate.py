"""Reading untrusted mappings into typed values while collecting every problem with its field path."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from causality.errors import Problem
from causality.vocab import normalise_word

if TYPE_CHECKING:
    from causality.onset import RelativeOnset

E = TypeVar("E", bound=StrEnum)
X = TypeVar("X")


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


_NOT_FINITE = "{} is not a value a case holds"


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, allowed: str | None = None) -> None:
        self.problems.append(Problem(self.source, path, message, allowed))

    def mapping(
        self,
        value: object,
        path: str,
        allowed: Iterable[str] | None,
        required: Iterable[str] = (),
        hints: Mapping[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """``value`` as a mapping; every key must be in ``allowed`` (None: any key, e.g. names)."""
        if not isinstance(value, dict):
            self.problem(path or "(top level)", f"must be a mapping of fields, got {_kind(value)}")
            return None
        if allowed is not None:
            allowed = tuple(allowed)
            for key in value:
                if key not in allowed:
                    hint = (hints or {}).get(str(key))
                    name = str(key) if str(key).strip() else repr(key)  # an empty name, shown as ''
                    self.problem(
                        join(path, name), hint or "unknown field", None if hint else ", ".join(allowed)
                    )
        for key in required:
            if value.get(key) is None:
                self.problem(join(path, key), "required field is missing")
        return value

    def text(self, m: Mapping[str, Any], key: str, path: str, required: bool = False) -> str | None:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(join(path, key), "required field is missing")
            return None
        return self.text_at(value, join(path, key), required)

    def text_at(self, value: object, path: str, required: bool = False) -> str | None:
        """``value``, found at ``path`` (an entry of a list of texts, say), as text."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(path, f"must be text, got {_kind(value)}")
            return None
        if isinstance(value, float) and not math.isfinite(value):  # JSON's NaN, Infinity, 1e999
            self.problem(path, _NOT_FINITE.format("NaN" if value != value else "Infinity"))
            return None
        text = str(value).strip()
        if required and not text:
            self.problem(path, "must not be empty")
            return None
        return text or None

    def choice(self, value: object, cls: type[E], path: str) -> E | None:
        members: dict[str, E] = cls._value2member_map_  # type: ignore[assignment]  # Enum(value) is slow in 3.11
        if isinstance(value, str):
            found = members.get(normalise_word(value))
            if found is not None:
                return found
            self.problem(path, f"'{value}' is not allowed", ", ".join(members))
        else:
            self.problem(path, f"must be one of the listed words, got {_kind(value)}", ", ".join(members))
        return None

    def enum(
        self, m: Mapping[str, Any], key: str, cls: type[E], path: str, required: bool = False
    ) -> E | None:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(join(path, key), "required field is missing", ", ".join(e.value for e in cls))
            return None
        return self.choice(value, cls, join(path, key))

    def number(self, m: Mapping[str, Any], key: str, path: str, low: float, high: float) -> float | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, str):  # YAML scalars arrive as text
            try:
                value = float(value.strip())
            except ValueError:
                self.problem(join(path, key), f"'{value}' is not a number", f"{low:g} to {high:g}")
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(join(path, key), f"must be a number, got {_kind(value)}", f"{low:g} to {high:g}")
            return None
        if not math.isfinite(value):
            word = "NaN" if value != value else "Infinity"
            self.problem(join(path, key), _NOT_FINITE.format(word), f"{low:g} to {high:g}")
            return None
        if not low <= value <= high:
            self.problem(join(path, key), f"{value:g} is out of range", f"{low:g} to {high:g}")
            return None
        return float(value)

    def date(self, m: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(join(path, key), f"'{value}' is not a date", "YYYY-MM-DD")
        return None

    def timestamp(self, m: Mapping[str, Any], key: str, path: str) -> dt.datetime | None:
        """A date and time with its time zone (ISO 8601), e.g. 2026-12-02T10:15+01:00."""
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            found: dt.datetime | None = value
        elif isinstance(value, str):
            try:
                found = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                found = None
        else:
            found = None
        if found is None or found.tzinfo is None or found.utcoffset() is None:
            self.problem(join(path, key), f"'{value}' is not a date and time with a time zone",
                         "YYYY-MM-DDTHH:MM+HH:MM, e.g. 2026-12-02T10:15+01:00 or 2026-12-02T09:15Z")  # fmt: skip
            return None
        return found

    def onset(self, m: Mapping[str, Any], key: str, path: str) -> dt.date | RelativeOnset | None:
        """A date, or a time after a dose ("1 day after the second dose", "5 to 90 days after dose")."""
        from causality import onset

        value = m.get(key)
        if value is None:
            return None
        parsed = onset.parse_onset(str(value))
        if parsed is None:
            self.problem(join(path, key), f"'{value}' is not a date or a time after the dose", onset.HELP)
        return parsed

    def items(
        self,
        m: Mapping[str, Any],
        key: str,
        path: str,
        read: Callable[[object, str], X | None],
        required: bool = False,
    ) -> list[X]:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(join(path, key), "required field is missing (a list of at least one)")
            return []
        if not isinstance(value, list):
            self.problem(join(path, key), f"must be a list, got {_kind(value)}")
            return []
        if required and not value:
            self.problem(join(path, key), "must list at least one")
        out = []
        for index, entry in enumerate(value):
            item = read(entry, join(join(path, key), index))
            if item is not None:
                out.append(item)
        return out
