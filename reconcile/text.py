"""Text helpers shared by every stage: folding for comparison, sentence splitting with offsets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Turkish dotless ı and dotted İ do not decompose under NFKD; fold them by hand.
_TURKISH = str.maketrans({"ı": "i", "İ": "I"})


# A run of letters and digits: re's \w is str.isalnum() or "_" (tests/test_text.py checks every code point).
_ALNUM_RUN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form: 'Çağrı Şahin' and 'CAGRI SAHIN' fold alike."""
    if text.isascii():
        bare = text.lower()  # what the general case makes of ASCII, without the per-character work
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_TURKISH))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_ALNUM_RUN.findall(bare))


# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "maj",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "corp",
        "co",
        "vs",
        "etc",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "approx",
        "est",
        "dept",
        "univ",
        "ave",
        "mt",
        "ft",
        "fig",
        "op",
        "vol",
        "pp",
        "cf",
        "al",
    ]
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _ends_sentence(text: str, dot_at: int) -> bool:
    if text[dot_at] != ".":
        return True
    before = _WORD_BEFORE.search(text, 0, dot_at)
    if not before:
        return True
    word = before.group(1).lstrip("(\"“'‘")
    if word.casefold().rstrip(".") in _ABBREVIATIONS:
        return False
    # Initials and dotted acronyms: "J.", "U.S.", "H.E."
    return not re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word)


def split_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences in text[start:end], trimmed of white space."""
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        if _ends_sentence(text, m.start()):
            yield from _trimmed(text, cursor, m.end())
            cursor = m.end()
    yield from _trimmed(text, cursor, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


# Upper-case letters of every script, as a regex class: names in any script start with one.
UPPER = "[" + "".join(re.escape(chr(c)) for c in range(0x250) if chr(c).isupper()) + "\u0370-\u03ff\u0400-\u042f]"
# One capitalized word of a name: "Şahin", "O'Neill", "al-Sisi", "U.S.", but not a possessive's "'s"
# (a final period only after an acronym or an initial, never the sentence's own)
_REST = r"\w*(?:['’](?!s\b)\w+)*"
NAME_WORD = UPPER + _REST + r"(?:[.-]" + UPPER + _REST + r")*(?:(?<=\.\w)\.|(?<=\b\w)\.)?"
