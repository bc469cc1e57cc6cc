"""Records behave exactly as the methods ``@dataclass`` would generate for them.

Records with a written-out ``__init__``: the same signature, and every field set the same way.
Records deriving from ``Record`` or ``FrozenRecord``: compared, shown and hashed as the generated
``__eq__``, ``__repr__`` and ``__hash__`` would.

The case model, the instruments' results and the report's views declare ``@dataclass(init=False)`` and
spell out their ``__init__``: a generated one is compiled at every start (about a third of the start-up
of `causality score`), a written one comes from the bytecode cache. These tests compare each written
``__init__`` with the one ``dataclasses`` generates from the same fields, so that a field added, removed,
reordered or given another default without the ``__init__`` following fails here, with the ``__init__``
to paste.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import textwrap
from typing import Any

import pytest

import causality
from causality.record import FACTORY, FrozenRecord, Record


def _dataclasses() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(causality.__path__, "causality."):
        if info.name == "causality.__main__" or ".migrations" in info.name:  # run when imported
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == info.name and dataclasses.is_dataclass(obj):
                found.append(obj)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


DATACLASSES = _dataclasses()
WRITTEN = [
    c
    for c in DATACLASSES
    if not c.__dataclass_params__.init and "__init__" in c.__dict__  # type: ignore[attr-defined]
]
RECORDS = [c for c in DATACLASSES if issubclass(c, Record)]


def _declaration(cls: type, name: str) -> tuple[ast.AnnAssign, str]:
    for klass in cls.__mro__:
        if name in inspect.get_annotations(klass):
            source = textwrap.dedent(inspect.getsource(klass))
            body = ast.parse(source).body[0]
            assert isinstance(body, ast.ClassDef)
            for node in body.body:
                if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name:
                    return node, source
    raise LookupError(name)


def _defaults(cls: type, name: str) -> tuple[str | None, str | None]:
    """The default's expression and the default factory's, as written in the field's declaration."""
    node, source = _declaration(cls, name)
    value = node.value
    if value is None:
        return None, None
    if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "field":
        words = {k.arg: ast.get_source_segment(source, k.value) for k in value.keywords}
        return words.get("default"), words.get("default_factory")
    return ast.get_source_segment(source, value), None


def expected_init(cls: type) -> str:
    """The ``__init__`` to write into ``cls``: what ``@dataclass`` would generate, as source."""
    frozen = cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    made = {"list": "[]", "dict": "{}", "tuple": "()"}
    positional, keyword, body = [], [], []
    for f in dataclasses.fields(cls):
        default, factory = _defaults(cls, f.name)

        def set_to(expr: str, name: str = f.name) -> str:
            return f'object.__setattr__(self, "{name}", {expr})' if frozen else f"self.{name} = {expr}"

        new = None if factory is None else made.get(factory, f"{factory}()")
        if not f.init:
            if new is not None or default is not None:
                body.append(set_to(new if new is not None else str(default)))
            continue
        param = f"{f.name}: {f.type}"
        if new is not None:
            param += " = FACTORY"
            body.append(set_to(f"{new} if {f.name} is FACTORY else {f.name}"))
        else:
            param += "" if default is None else f" = {default}"
            body.append(set_to(f.name))
        (keyword if f.kw_only else positional).append(param)
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    params = ["self", *positional, *(["*", *keyword] if keyword else [])]
    lines = [f"def __init__({', '.join(params)}) -> None:", *(f"    {b}" for b in body or ["pass"])]
    return textwrap.indent("\n".join(lines), "    ")


def _generated(cls: type, eq: bool = False) -> Any:
    """The same fields, with the ``__init__`` (and, with ``eq``, the ``__eq__``, ``__repr__`` and
    ``__hash__``) that ``@dataclass`` generates."""
    fields = [
        (
            f.name,
            f.type,
            dataclasses.field(
                default=f.default,
                default_factory=f.default_factory,
                init=f.init,
                kw_only=f.kw_only,
                repr=f.repr,
                compare=f.compare,
                hash=f.hash,
            ),
        )
        for f in dataclasses.fields(cls)
    ]
    namespace = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else {}
    return dataclasses.make_dataclass(
        cls.__name__,
        fields,
        namespace=namespace,
        frozen=cls.__dataclass_params__.frozen,  # type: ignore[attr-defined]
        eq=eq,
        repr=eq,
    )


def _shown(default: object) -> str:
    return "<factory>" if default is FACTORY else repr(default)


def _build(klass: Any, values: dict[str, object]) -> Any:
    params = [p for p in inspect.signature(klass.__init__).parameters.values() if p.name != "self"]
    positional = [values[p.name] for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    return klass(*positional, **{p.name: values[p.name] for p in params if p.kind is p.KEYWORD_ONLY})


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_record_compares_shows_and_hashes_as_a_generated_dataclass(cls: type) -> None:
    generated = _generated(cls, eq=True)
    init = [f.name for f in dataclasses.fields(cls) if f.init]
    values: dict[str, object] = {name: f"<{name}>" for name in init}  # hashable, and shown by repr
    mine, theirs = _build(cls, values), _build(generated, values)
    assert repr(mine).replace(cls.__qualname__, cls.__name__, 1) == repr(theirs)
    assert mine == _build(cls, values)
    assert mine != theirs  # another class, as a generated __eq__ has it
    for name in init:
        changed = {**values, name: "<other>"}
        compared = next(f.compare for f in dataclasses.fields(cls) if f.name == name)
        assert (mine == _build(cls, changed)) is (theirs == _build(generated, changed)), name
        assert (mine == _build(cls, changed)) is not compared, name
    if issubclass(cls, FrozenRecord):
        assert hash(mine) == hash(theirs)
    else:
        with pytest.raises(TypeError):
            hash(mine)
        with pytest.raises(TypeError):
            hash(theirs)


def test_records_with_a_written_init_are_found() -> None:
    names = {c.__qualname__ for c in WRITTEN}
    assert {
        "Case",
        "Drug",
        "Reaction",
        "Facts",
        "PairAssessment",
        "Result",
        "NaranjoResult",
        "PairView",
    } <= names


@pytest.mark.parametrize("cls", WRITTEN, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_the_written_init_has_the_generated_signature(cls: type) -> None:
    mine = inspect.signature(cls.__init__)  # type: ignore[misc]
    generated = inspect.signature(_generated(cls).__init__)
    described = [(p.name, p.kind, p.annotation, _shown(p.default)) for p in mine.parameters.values()]
    expected = [(p.name, p.kind, p.annotation, repr(p.default)) for p in generated.parameters.values()]
    assert described == expected, f"{cls.__qualname__}: write this __init__:\n{expected_init(cls)}"


@pytest.mark.parametrize("cls", WRITTEN, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_the_written_init_sets_every_field_as_the_generated_one(cls: type) -> None:
    generated = _generated(cls)
    params = [p for p in inspect.signature(generated.__init__).parameters.values() if p.name != "self"]
    required = [p for p in params if p.default is inspect.Parameter.empty]

    def call(klass: Any, names: list[inspect.Parameter], values: dict[str, object]) -> Any:
        positional = [values[p.name] for p in names if p.kind is p.POSITIONAL_OR_KEYWORD]
        keyword = {p.name: values[p.name] for p in names if p.kind is p.KEYWORD_ONLY}
        return klass(*positional, **keyword)

    def state(obj: object) -> dict[str, object]:
        return {f.name: getattr(obj, f.name, "<unset>") for f in dataclasses.fields(cls)}

    # Every argument given, as a distinct object (truthy, then falsy), then as None: each field holds the
    # very object given (by identity: a copy, or `x or None`, would not pass). Fields the __init__ does not
    # take (a default, or set by __post_init__) are compared by value.
    taken = {p.name for p in params}
    for make in (_Marker, _FalsyMarker, None):
        given = {p.name: None if make is None else make(p.name) for p in params}
        mine, theirs = call(cls, params, given), call(generated, params, given)
        for f in dataclasses.fields(cls):
            held, expected = getattr(mine, f.name, "<unset>"), getattr(theirs, f.name, "<unset>")
            if f.name in taken:
                assert held is given[f.name] and expected is given[f.name], (cls.__qualname__, f.name, make)
            else:
                assert held == expected, (cls.__qualname__, f.name, make)

    # Only the required ones: the defaults, and a new object from each default factory.
    given = {p.name: _Marker(p.name) for p in params}
    first, second = call(cls, required, given), call(cls, required, given)
    assert state(first) == state(call(generated, required, given)), cls.__qualname__
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            assert getattr(first, f.name) is not getattr(second, f.name), (cls.__qualname__, f.name)


@pytest.mark.parametrize(
    "cls",
    [c for c in WRITTEN if c.__dataclass_params__.frozen],  # type: ignore[attr-defined]
    ids=lambda c: f"{c.__module__}.{c.__qualname__}",
)
def test_a_frozen_record_stays_frozen(cls: type) -> None:
    params = [p for p in inspect.signature(cls.__init__).parameters.values() if p.name != "self"]  # type: ignore[misc]
    positional = [_Marker(p.name) for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    keyword = {p.name: _Marker(p.name) for p in params if p.kind is p.KEYWORD_ONLY}
    obj = cls(*positional, **keyword)
    for f in dataclasses.fields(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, f.name, 1)


class _Marker:
    """A distinct argument per parameter, equal only to itself; formats as its name (``__post_init__`` may
    read it)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __format__(self, spec: str) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{self.name}>"


class _FalsyMarker(_Marker):
    """A distinct argument that is false, as ``False``, ``0``, ``""`` or an empty list are."""

    def __bool__(self) -> bool:
        return False
