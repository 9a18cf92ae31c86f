"""Wire copies and syndication: sources that reprint another source are not independent confirmation.

Each source's body becomes a set of word shingles (runs of `Settings.shingle_words` folded words). A
source is a copy of another when at least `Settings.copy_share` of its shingles occur there too; of two
such sources the later one (or, on the same day, the one more contained in the other) is the copy. An
inverted index from shingle to sources finds candidate pairs, so sources are never compared all-to-all.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from .settings import Settings
from .text import fold
from .types import Document


@dataclass(frozen=True)
class Copy:
    source: str  # the copy
    original: str  # the source it reprints
    share: float  # the share of the copy's text found in the original


def _shingles(document: Document, size: int) -> set[int]:
    words = [w for sentence in document.sentences for w in fold(sentence.text).split()]
    return {hash(tuple(words[i : i + size])) for i in range(max(0, len(words) - size + 1))}


def detect_copies(documents: list[Document], settings: Settings) -> list[Copy]:
    shingles = [_shingles(d, settings.shingle_words) for d in documents]
    index: dict[int, list[int]] = defaultdict(list)
    for i, doc_shingles in enumerate(shingles):
        for shingle in doc_shingles:
            index[shingle].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if 1 < len(holders) <= settings.max_copy_fanout:  # a phrase every source has is boilerplate, not copying
            for a in range(len(holders)):
                for b in range(a + 1, len(holders)):
                    shared[holders[a], holders[b]] += 1
    best: dict[int, tuple[float, int]] = {}
    for (i, j), overlap in shared.items():
        share_i, share_j = overlap / max(1, len(shingles[i])), overlap / max(1, len(shingles[j]))
        if max(share_i, share_j) < settings.copy_share:
            continue
        copy, original, share = _which_copies(documents, i, j, share_i, share_j)
        if share >= settings.copy_share and share > best.get(copy, (0.0, -1))[0]:
            best[copy] = (share, original)
    return [Copy(documents[c].id, documents[o].id, round(s, 2)) for c, (s, o) in sorted(best.items())]


def _which_copies(documents: list[Document], i: int, j: int, share_i: float, share_j: float) -> tuple[int, int, float]:
    """The later source copies the earlier; on the same day (or undated) a newspaper copies a wire; else the one
    more contained in the other is the copy."""
    day_i, day_j = documents[i].published or date.min, documents[j].published or date.min
    if day_i != day_j:
        return (i, j, share_i) if day_i > day_j else (j, i, share_j)
    wire_i, wire_j = is_wire(documents[i].outlet), is_wire(documents[j].outlet)
    if wire_i != wire_j:
        return (j, i, share_j) if wire_i else (i, j, share_i)
    return (i, j, share_i) if (share_i, i) >= (share_j, j) else (j, i, share_j)


@lru_cache(maxsize=1)
def _wire_pattern() -> re.Pattern[str]:
    words = json.loads(resources.files("reconcile.data").joinpath("wires.json").read_text("utf-8"))["words"]
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.I)


def is_wire(outlet: str) -> bool:
    """ "Asia Wire", "Pacific News Agency", "Reuters": a news agency, whose stories others reprint."""
    return _wire_pattern().search(outlet) is not None


def roots(copies: list[Copy]) -> dict[str, str]:
    """Each copied source's original report, following chains (a copy of a copy)."""
    parent = {c.source: c.original for c in copies}
    resolved: dict[str, str] = {}
    for source in parent:
        seen, current = {source}, parent[source]
        while current in parent and current not in seen:
            seen.add(current)
            current = parent[current]
        resolved[source] = current
    return resolved
