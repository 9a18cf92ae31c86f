"""Every threshold the core uses, in one frozen object passed in (never global)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    max_source_chars: int = 2_000_000
    """Longest source text accepted (characters); a longer one is an input error, not a slow run."""

    about_tolerance: float = 0.10
    """Relative width an "about"/"around" figure covers on each side."""

    nearly_tolerance: float = 0.15
    """How far below its figure a "nearly"/"almost" figure may be."""

    subject_similarity: float = 85.0
    """rapidfuzz token_set_ratio (0-100) above which two subject places are the same entity."""

    fx_tolerance: float = 0.06
    """Slack on an exchange rate, each side: outlets convert at their own day's or a rounded rate."""

    name_similarity: float = 88.0
    """rapidfuzz ratio (0-100) above which two folded names are one.

    Set from the SAME_PERSON pair table: 'Mohammed'/'Muhammad' pass, 'Haluk'/'Selcuk' do not."""

    same_event_days: int = 45
    """Dates of one event further apart than this are different occurrences ("the 1999 quake"), never a conflict."""

    same_measure_days: int = 183
    """The same for a measure (a tax, a tariff, sanctions), whose date outlets may give months apart:
    a tax change "from April 1" and "from July 1" is one change told two ways."""

    max_duration_ratio: float = 4.0
    """Durations of one event class more than this factor apart are lengths of different events."""

    max_money_ratio: float = 1000.0
    """Sums of one subject more than this factor apart are different line items; at exactly 1000 ("$1.4 tn" vs
    "$1.4 billion") they are a conflict, the slip fact-checkers most want caught."""

    max_trip_days: int = 21
    """Dated stops further apart than this are not one trip, so no trip span is derived from them."""

    shingle_words: int = 5
    """Words per shingle when comparing sources' texts for copying."""

    copy_share: float = 0.6
    """Share of a source's shingles found in another above which it is a copy of it (wire copy, syndication)."""

    max_copy_fanout: int = 100
    """A shingle held by more sources than this is skipped when pairing sources (bounds the work per shingle)."""

    furniture_gap_lines: int = 3
    """Consecutive non-prose lines that end an article's body (navigation, lists of headlines)."""

    min_block_share: float = 0.25
    """A prose block after the body's first gap is kept only if it is at least this share of the largest."""
