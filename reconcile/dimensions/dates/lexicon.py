"""Calendar words: month and weekday names with their abbreviations."""

from __future__ import annotations

from collections.abc import Iterable

from ..trie import literal_trie

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first so that 'September' wins over 'Sep'; as a trie, which re scans
    faster."""
    return literal_trie(sorted(words, key=lambda w: (-len(w), w)))


def cased(words: Iterable[str]) -> str:
    """An alternation of words in the cases news writes them (as listed, lower, Capitalized, UPPER): several
    times faster to scan than (?i:...) in Python's re, which cannot skip positions by their first letter then."""
    return alternation({v for w in words for v in (w, w.lower(), w[:1].upper() + w[1:], w.upper())})
