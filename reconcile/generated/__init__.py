"""Data computed from the package's own code and data, shipped because computing it would cost every process a
good part of a second: the gazetteer's index and what each rule's pattern needs (``dimensions/prefilter.py``).

``scripts/generate`` writes the files from ``files()``; ``tests/test_generated.py`` checks they are current. Each
loader also checks a file against what it was computed from and computes afresh when it is not current, so a
stale file costs time, never a different result.
"""

from __future__ import annotations

import json
from typing import Any


def files() -> dict[str, str]:
    """Each generated file's name (in this folder) and its content as it should be now."""
    from ..dimensions import DIMENSIONS
    from ..dimensions.prefilter import analyse, python, rules
    from ..gazetteer import shipped_index

    sources = {r.pattern.pattern for d in DIMENSIONS for r in d.rules}  # not a rule a test may have made
    patterns = {key: analyse(pattern) for key, pattern in rules().items() if pattern.pattern in sources}
    entries = ",\n".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in sorted(patterns.items()))
    index = shipped_index()
    return {
        "patterns.json": f'{{"python": {_dumps(python())}, "patterns": {{\n{entries}\n}}}}\n',
        "gazetteer.json": f'{{"fingerprint": {_dumps(index["fingerprint"])}, "places": [\n'
        + ",\n".join(map(_dumps, index["places"]))
        + "\n]}\n",
    }


def _dumps(data: Any) -> str:
    """One JSON value on one line: a generated file has an entry a line, so that a diff shows what changed."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
