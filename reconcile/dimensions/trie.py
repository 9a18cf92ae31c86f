"""Alternations of literal words as tries: what Python's re tries at every position of every sentence.

re tries a flat alternation's branches one by one at each position; in a trie only the branch of the word's first
letter goes on ("S(?:ecretary(?:-General|)|enator)" instead of every title). The trie matches what the flat
alternation matches, and in the same order of preference, case-insensitively too, so a pattern built on it finds
the same spans.
"""

from __future__ import annotations

import re

_ATOM = re.compile(r"\\(.)|(.)", re.S)
_META = frozenset("()[]{}?*+|^$.")

Word = tuple[tuple[str, str], ...]  # (the character, as the source writes it: "-" or "\-")


def _literal(alternative: str, ignorecase: bool) -> Word | None:
    """The characters an alternative matches, one by one, or None when it is more than literal characters, or not
    ASCII where the pattern may ignore case (only ASCII letters fold simply then)."""
    word = []
    for escaped, plain in _ATOM.findall(alternative):
        char = escaped or plain
        if escaped.isalnum() or (plain and plain in _META) or (ignorecase and not char.isascii()):
            return None  # \d, \b, a class, a group, a repeat
        word.append((char, "\\" + escaped if escaped else plain))
    return tuple(word)


def literal_trie(alternatives: list[str], ignorecase: bool = True) -> str:
    """An alternation's regex source as a trie of its branches, or the alternation as given when a branch is
    more than literal text. `ignorecase`: the pattern using it may ignore case (False: it never does)."""
    words = [_literal(a, ignorecase) for a in alternatives]
    if any(w is None for w in words):
        return "|".join(alternatives)
    return _branches([w for w in words if w is not None], ignorecase)


def _rivals(words: list[Word]) -> list[list[int]]:
    """For each word, the earlier words that can match at the same place with another length when case is ignored:
    those whose text is a prefix of its own or begins with it, case aside."""
    folded = ["".join(c for c, _ in w).casefold() for w in words]
    whole: dict[str, list[int]] = {}  # earlier words by their text
    longer: dict[str, list[int]] = {}  # earlier words by each shorter beginning of their text
    rivals: list[list[int]] = []
    for i, text in enumerate(folded):
        shorter = [j for n in range(len(text)) for j in whole.get(text[:n], [])]
        rivals.append(shorter + longer.get(text, []))
        whole.setdefault(text, []).append(i)
        for n in range(len(text)):
            longer.setdefault(text[:n], []).append(i)
    return rivals


def _branches(words: list[Word], ignorecase: bool) -> str:
    """Words grouped by first character. re prefers the branch written first, so two words that can both match at
    one place keep their order: a word joins the latest group of its character unless such a rival sits in a later
    group. Case-sensitive, rivals begin alike and so sit in that group or an earlier one, but for a word that ends
    here (empty), which is every word's rival: later words open new groups."""
    rivals = _rivals(words) if ignorecase else None
    groups: list[list[Word]] = []
    group_of: list[int] = []  # each word's group
    latest: dict[str, int] = {}  # the last group opened for a first character
    for i, word in enumerate(words):
        g = latest.get(word[0][0]) if word else None
        if g is None or (rivals is not None and any(group_of[j] > g for j in rivals[i])):
            g = len(groups)
            groups.append([])
            if word:
                latest[word[0][0]] = g
            else:
                latest.clear()
        groups[g].append(word)
        group_of.append(g)
    return "|".join(_group(group, ignorecase) for group in groups)


def _group(words: list[Word], ignorecase: bool) -> str:
    """Words that begin with one character: their longest common beginning, then their rests as a trie."""
    shared = 0
    shortest = min(len(w) for w in words)
    while shared < shortest and all(w[shared][0] == words[0][shared][0] for w in words):
        shared += 1
    head = "".join(source for _, source in words[0][:shared])
    if len(words) == 1:
        return head
    return head + "(?:" + _branches([w[shared:] for w in words], ignorecase) + ")"
