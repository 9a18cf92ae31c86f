"""One harness for every dimension's example corpus (Duckling style): positives, negatives, rule coverage."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest

from reconcile.dimensions import DIMENSIONS, Dimension
from reconcile.dimensions.base import longest_first
from reconcile.dimensions.corpus import Example, Negative
from reconcile.text import fold
from reconcile.types import Mention

from .conftest import one_sentence


def _corpus(dimension: Dimension) -> ModuleType:
    package = dimension.rules[0].resolve.__module__.rsplit(".", 1)[0]
    return importlib.import_module(package + ".corpus")


CORPORA: dict[str, tuple[Dimension, ModuleType]] = {d.kind: (d, _corpus(d)) for d in DIMENSIONS}


def _mentions(dimension: Dimension, text: str, published: str) -> list[Mention]:
    document = one_sentence(text, published)
    return longest_first(dimension.mentions(document, document.sentences[0]))


def _cases(kind: str, attribute: str) -> list[Any]:
    dimension, corpus = CORPORA[kind]
    cases = []
    for example in getattr(corpus, attribute):
        marks = [pytest.mark.xfail(reason=example.xfail, strict=True)] if example.xfail else []
        cases.append(pytest.param(dimension, example, marks=marks, id=f"{kind}:{example.text[:60]}"))
    return cases


POSITIVES = [case for kind in CORPORA for case in _cases(kind, "EXAMPLES")]
NEGATIVES = [case for kind in CORPORA for case in _cases(kind, "NEGATIVES")]


def _as_contract(mention: Mention) -> dict[str, Any]:
    return mention.value.model_dump(mode="json")


@pytest.mark.parametrize(("dimension", "example"), POSITIVES)
def test_example_yields_its_value_at_its_span(dimension: Dimension, example: Example) -> None:
    mentions = _mentions(dimension, example.text, example.published)
    found = [(example.text[m.start : m.end], _as_contract(m)) for m in mentions]
    found = [(text, value) for text, value in found if text not in example.others]
    assert len(found) == 1, found
    text, value = found[0]
    assert text == example.match
    assert _matches(example.expected, value), value


@pytest.mark.parametrize(("dimension", "example"), NEGATIVES)
def test_negative_yields_nothing(dimension: Dimension, example: Negative) -> None:
    mentions = _mentions(dimension, example.text, example.published)
    assert [example.text[m.start : m.end] for m in mentions] == []


@pytest.mark.parametrize("kind", sorted(CORPORA))
def test_every_rule_is_hit_by_an_example(kind: str) -> None:
    dimension, corpus = CORPORA[kind]
    hit = set()
    for example in corpus.EXAMPLES:
        if not example.xfail:
            hit |= {m.rule for m in _mentions(dimension, example.text, example.published)}
    assert sorted({r.name for r in dimension.rules} - hit) == []


def _matches(expected: dict[str, Any], value: dict[str, Any]) -> bool:
    """The contract's JSON of a value against a corpus expectation. Places and people list acceptable
    names ("Turkey", "Türkiye"), matched folded, and every field they give must be equal. Figures are
    compared without `usd` (the day's rate is not the corpus's business) and with empty fields dropped."""
    if "names" in expected:
        names = {fold(n) for n in expected["names"]}
        if not names & {fold(value["name"]), *map(fold, value.get("aliases", ()))}:
            return False
        return all(value.get(k) == v for k, v in expected.items() if k != "names")
    if "seconds" in expected:
        expected = {"seconds": float(expected["seconds"]), "bound": expected.get("bound", "exact")}
    return bool(_clean(value) == _clean(expected))


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None and k != "usd"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value
