"""The shape of every dimension's example corpus (Duckling style).

Each dimension folder has a ``corpus.py`` with three lists:

- ``EXAMPLES``: a sentence, the publication date of its article, the exact
  substring the extractor must mark (``match``) and the normalized value the
  report must carry for it (``expected``, the contract's JSON shape).  Set
  ``xfail`` to a reason to keep a known gap visible: the test is a strict
  xfail, so it fails the day the gap is closed and the mark must go.
- ``NEGATIVES``: sentences in which the dimension must find nothing.

One parametrized harness (``tests/test_corpus.py``) runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Example:
    text: str
    published: str  # ISO date of the article the sentence comes from
    match: str  # the substring of `text` the mention must cover exactly
    expected: dict[str, Any]  # the claim's `value` as in the report contract
    xfail: str | None = None
    tags: tuple[str, ...] = field(default=())  # domain labels: politics, disaster, finance...
    others: tuple[str, ...] = field(default=())  # other mentions of the kind the sentence holds, by their text


@dataclass(frozen=True)
class Negative:
    text: str
    published: str = "2025-08-21"
    why: str = ""
    xfail: str | None = None
