"""The data shipped precomputed (reconcile/generated/) is what its sources make now."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from reconcile import gazetteer
from reconcile.dimensions.prefilter import _RULES, _shipped, compile_rule, python
from reconcile.generated import files

from .conftest import ROOT


@pytest.mark.parametrize(("name", "content"), sorted(files().items()))
def test_a_generated_file_is_current(name: str, content: str) -> None:
    shipped = (ROOT / "reconcile" / "generated" / name).read_text("utf-8")
    if name == "patterns.json" and json.loads(shipped)["python"] != python():
        pytest.skip("generated with another Python, whose compiled patterns differ: this one compiles its own")
    assert shipped == content, f"reconcile/generated/{name} is out of date: run scripts/generate"


def test_a_shipped_pattern_is_the_pattern_re_compiles() -> None:
    shipped = _shipped()
    if shipped["python"] != python():
        pytest.skip("generated with another Python")
    for key, (source, flags) in _RULES.items():
        if key in shipped["patterns"]:
            assert compile_rule(source, flags)[0] == re.compile(source, flags), source[:80]


def test_the_shipped_gazetteer_is_the_one_built() -> None:
    gazetteer._index.cache_clear()
    try:
        assert gazetteer._index() == gazetteer.build_index()
    finally:
        gazetteer._index.cache_clear()


_KEYS = "import reconcile.dimensions; from reconcile.dimensions.prefilter import rules; print(sorted(rules()))"


@pytest.mark.slow
def test_rule_patterns_are_the_same_in_every_process() -> None:
    """A pattern built from a set's order would change its hash, and miss its shipped analysis, from run to run."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", _KEYS], env={"PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
