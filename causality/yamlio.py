"""YAML reading and writing with the two behaviours a clinical file format needs.

- ``yes`` / ``no`` / ``on`` / ``off`` stay strings (YAML 1.2), so ``q1: no`` is the answer "no", not False.
- A key written twice in one mapping is an error, not a silent "last one wins".
- Dates stay text, so the case validator parses them and names the field of an impossible one
  (YAML's own timestamp guessing raises on 2024-02-30 before any field is known).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser when built


YAMLError = yaml.YAMLError


class DuplicateKeyError(yaml.constructor.ConstructorError):
    pass


class CaseLoader(_Base):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # "<<: *anchor"; its keys may be overridden
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(None, None, f"field '{key}' is given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


# Keep only true/false as booleans (YAML 1.2 core schema); no implicit timestamps.
_DROPPED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _first in "tTfF":
    CaseLoader.yaml_implicit_resolvers.setdefault(_first, []).append(("tag:yaml.org,2002:bool", _BOOL))


def load(text: str) -> Any:
    return yaml.load(text, Loader=CaseLoader)  # noqa: S506 - CaseLoader derives from SafeLoader


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
