"""The data shipped precomputed (reconcile/generated/) is what its sources make now."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reconcile import gazetteer
from reconcile.generated import files

from .conftest import ROOT


@pytest.mark.parametrize(("name", "content"), sorted(files().items()))
def test_a_generated_file_is_current(name: str, content: str) -> None:
    shipped = (ROOT / "reconcile" / "generated" / name).read_text("utf-8")
    assert shipped == content, f"reconcile/generated/{name} is out of date: run scripts/generate"


def test_the_shipped_gazetteer_is_the_one_built() -> None:
    gazetteer._index.cache_clear()
    try:
        assert gazetteer._index() == gazetteer.build_index()
    finally:
        gazetteer._index.cache_clear()


_KEYS = "from reconcile.dimensions import DIMENSIONS; from reconcile.dimensions.prefilter import key; " + (
    "print([key(r.pattern) for d in DIMENSIONS for r in d.rules])"
)


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
