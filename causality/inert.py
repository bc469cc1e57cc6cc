"""Text a user typed, made inert for a terminal or a page (every invisible formatting or control character
shown as a visible marker), and a file name's stray bytes made text that UTF-8 can hold. Standard library
only: the drafts listing, the register and the error boundary use it without loading the report renderer
or the case model."""

from __future__ import annotations

# What an invisible formatting character is replaced by: visible, and says "something was here".
MARKER = "\ufffd"


def neutralise(text: str) -> str:
    """Every invisible formatting or control character replaced by a visible marker."""
    if text.isprintable():  # fast path: no Cc, Cf, Cs (nor Z*, which are kept below)
        return text
    from unicodedata import category  # only for text that needs it: the module is off the start-up path

    def invisible(c: str) -> bool:
        # Cf: bidirectional overrides and isolates, zero-width characters, the byte-order mark, tag
        # characters; Cs: lone surrogates (from JSON escapes), which no file can hold; Cc: terminal escapes
        # and the like.
        kind = category(c)
        return kind in {"Cf", "Cs"} or (kind == "Cc" and c not in "\n\t")

    text = text.replace("\r\n", "\n")
    return "".join(MARKER if invisible(c) else c for c in text)


def has_stray_byte(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: a byte that was not UTF-8 (a file name copied from an old
    share, or typed on a terminal that does not send UTF-8), which no UTF-8 file or database can hold."""
    return any("\ud800" <= c <= "\udfff" for c in text)


def as_utf8(name: str) -> str:
    """A file name as UTF-8 text can hold it (an identifier's hash, a register's column, a confirmation):
    unchanged, but for a byte that was not UTF-8, written as an escape (\\xe9), so that two such names
    still differ."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
