"""YAML for case files: libyaml parses, and every scalar stays text for the validator to type.

Why not PyYAML's constructors:
- YAML 1.1 reads ``q1: no`` as False and ``2024-02-30`` as an invalid timestamp before any field is
  known; here both stay text, and the case validator turns text into answers, numbers and dates,
  naming the field when it cannot.
- A key written twice in one mapping is an error, not a silent "last one wins".
- Resolving every scalar against YAML 1.1's patterns cost more than parsing; scoring thousands of files
  is a use case.
Plain ``~``, ``null`` and empty values are null; ``<<: *anchor`` merges are kept.
"""

from __future__ import annotations

from typing import Any

import yaml

YAMLError = yaml.YAMLError
_Base: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when PyYAML was built with it
_TAGS = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


class _Loader(_Base):  # type: ignore[misc]
    """The base loader without its tag resolution, which nothing here reads.

    libyaml calls back into Python to resolve every node's tag; BaseResolver's method, which only
    ever returns these defaults, was a third of the time spent reading a case file.
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        return _TAGS[kind]


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _plain(node: yaml.ScalarNode) -> bool:
    return not node.style  # libyaml reports plain scalars as '', the pure-Python parser as None


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


# A case file holds a few hundred values; aliases may repeat a part, never blow it up (a 1 KB "billion
# laughs" file expands to millions).
MAX_VALUES = 100_000
# Explicit tags that only say what the value already is; any other (!!binary, !!python/..., !custom) is
# refused rather than read as text.
_PLAIN_TAGS = frozenset(
    {*_TAGS.values(), *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")), "!"}
)


def _data(node: yaml.Node, active: set[int], count: list[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_VALUES:
        raise yaml.MarkedYAMLError(
            problem=f"more than {MAX_VALUES:,} values once its aliases are expanded: not a case file",
            problem_mark=node.start_mark,
        )
    if node.tag not in _PLAIN_TAGS:
        raise yaml.MarkedYAMLError(problem=f"the tag {node.tag} is not allowed", problem_mark=node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return None if _plain(node) and node.value in _NULLS else node.value
    if id(node) in active:
        raise yaml.MarkedYAMLError(problem="a value refers to itself", problem_mark=node.start_mark)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [_data(item, active, count) for item in node.value]
        merged: dict[Any, Any] = {}
        own: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and _plain(key_node) and key_node.value == "<<":
                for source in value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]:
                    part = _data(source, active, count)
                    if not isinstance(part, dict):
                        raise yaml.MarkedYAMLError(
                            problem="'<<' merges mappings only", problem_mark=source.start_mark
                        )
                    merged.update({k: v for k, v in part.items() if k not in merged})
                continue
            key = _data(key_node, active, count)
            if isinstance(key, list | dict):
                key = str(key)
            if key in own:
                raise DuplicateKeyError(
                    problem=f"field '{key}' is given twice", problem_mark=key_node.start_mark
                )
            own[key] = _data(value_node, active, count)
        return {**merged, **own} if merged else own
    finally:
        active.discard(id(node))


def load(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return None if node is None else _data(node, set(), [0])


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
