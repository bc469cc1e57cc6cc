"""Text a user typed, made inert for a terminal or a page: every invisible formatting or control
character shown as a visible marker. Standard library only: the drafts listing and the register's listings
use it without loading the report renderer."""

from __future__ import annotations

import unicodedata

# What an invisible formatting character is replaced by: visible, and says "something was here".
MARKER = "\ufffd"


def _invisible(c: str) -> bool:
    # Cf: bidirectional overrides and isolates, zero-width characters, the byte-order mark, tag characters;
    # Cs: lone surrogates (from JSON escapes), which no file can hold; Cc: terminal escapes and the like.
    category = unicodedata.category(c)
    return category in {"Cf", "Cs"} or (category == "Cc" and c not in "\n\t")


def neutralise(text: str) -> str:
    """Every invisible formatting or control character replaced by a visible marker."""
    if text.isprintable():  # fast path: no Cc, Cf, Cs (nor Z*, which are kept below)
        return text
    text = text.replace("\r\n", "\n")
    return "".join(MARKER if _invisible(c) else c for c in text)
