"""What can still be read from a damaged draft: a file cut short (a crash or a full disk while it was
written by an older version, a copy interrupted) or with a field of the wrong kind.

JSON cut short is closed after its last complete value, so every answer written before the cut is kept;
fields of the wrong kind are left out. Nothing here guesses a value.
"""

from __future__ import annotations

import json
from typing import Any

from causality.interview.partial import Partial, well_formed


def _cut_points(text: str) -> tuple[list[int], list[str]]:
    """Where a value inside a container ends (so the text up to there can be closed), and for each the
    closing brackets it then needs."""
    points: list[int] = []
    closers: list[str] = []
    stack: list[str] = []  # "{" or "["
    expect_key: list[bool] = []  # per object: the next string is a key
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                break  # a string cut short
            i = j + 1
            if stack and stack[-1] == "{" and expect_key[-1]:
                expect_key[-1] = False  # a key: its value must follow
                continue
        elif c in "{[":
            stack.append(c)
            expect_key.append(c == "{")
            i += 1
            continue
        elif c in "}]":
            if not stack:
                break
            stack.pop()
            expect_key.pop()
            i += 1
        elif c == ",":
            if stack and stack[-1] == "{":
                expect_key[-1] = True
            i += 1
            continue
        elif c in " \t\r\n:":
            i += 1
            continue
        else:  # a number or a literal
            j = i
            while j < n and text[j] not in ",}] \t\r\n":
                j += 1
            if j >= n:
                break  # may be cut short
            i = j
        if stack:
            points.append(i)
            closers.append("".join("}" if s == "{" else "]" for s in reversed(stack)))
    return points, closers


def repaired(text: str) -> Any:
    """The JSON value of ``text``, or of its longest beginning that can be closed; None if none can."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    points, closers = _cut_points(text)
    for point, close in zip(reversed(points[-200:]), reversed(closers[-200:]), strict=True):
        try:
            return json.loads(text[:point] + close)
        except ValueError:
            continue
    return None


def _answers(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {
        k: v
        for k, v in value.items()
        if isinstance(k, str)
        and (isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v)))
    }


def salvage(text: str) -> Partial | None:
    """The partial case a damaged draft still holds, or None when nothing can be read."""
    data = repaired(text)
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("case"), dict) or isinstance(data.get("progress"), dict):
        doc, progress = data.get("case"), data.get("progress")
        return well_formed(
            doc if isinstance(doc, dict) else {}, progress if isinstance(progress, dict) else {}
        )[0]  # what has the wrong kind is left out
    answers = _answers(data.get("answers"))
    if not answers:
        return None
    from causality.interview.plan import replay

    answers.pop("_extra", None)
    base = data.get("base") if isinstance(data.get("base"), dict) else None
    try:
        return replay(answers, base)
    except (ValueError, TypeError, KeyError, AttributeError):  # a base too damaged to lay answers over
        return replay(answers)
