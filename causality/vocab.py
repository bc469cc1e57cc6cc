"""Answer words as clinicians and other tools write them, read the same way in every field.

A case file may say ``Don't know``, ``dk`` or ``unk`` where the tool's word is ``unknown``. Every field
that reads a word goes through ``normalise_word``, so a spelling accepted in one field is accepted in
every field offering that answer. The caller still checks the result against the field's own words: an
alias never adds an answer a field does not have (``dk`` is refused where ``unknown`` is not offered).
"""

from __future__ import annotations

from functools import lru_cache

YES, NO, UNKNOWN = "yes", "no", "unknown"

# Spellings clinicians and other tools use for the same answer, after normalising case, spaces and
# hyphens. The curly apostrophe is what word processors turn "don't" into.
ALIASES: dict[str, str] = {
    "dont_know": UNKNOWN,
    "don't_know": UNKNOWN,
    "don\u2019t_know": UNKNOWN,
    "do_not_know": UNKNOWN,
    "dk": UNKNOWN,
    "unk": UNKNOWN,
}


@lru_cache(maxsize=4096)  # a batch reads the same few words in every file
def normalise_word(text: str) -> str:
    """The tool's spelling of an answer word: case folded, spaces and hyphens as underscores, aliases
    replaced by the word they stand for. Anything else comes back normalised but otherwise unchanged."""
    word = "_".join(text.casefold().replace("-", " ").split())
    return ALIASES.get(word, word)
