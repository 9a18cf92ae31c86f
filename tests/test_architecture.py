"""The core is a pure library: it never imports its adapters, never reads the clock or the environment.

`api/` (litestar) and the CLI are adapters around `reconcile/`; a web framework, a server, a
database or a clock in the core would make every caller pay for it and every result depend on
when and where it ran. `cli.py` and `bench.py` are entrypoints and may read the clock.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

CORE = ROOT / "reconcile"
ADAPTERS = ("litestar", "uvicorn", "sqlalchemy", "api", "http.server")
ENTRYPOINTS = frozenset({"cli.py", "bench.py"})
# What the core may not touch, by qualified name: the environment and the wall clock.
IMPURE = frozenset(
    {
        "os.environ",
        "os.environb",
        "os.getenv",
        "os.getenvb",
        "os.putenv",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.localtime",
        "time.gmtime",
        "time.ctime",
        "time.strftime",
    }
)
# The same as written, whatever was imported: "date.today()" on a name we could not resolve.
IMPURE_SUFFIXES = ("os.environ", "datetime.now", "datetime.utcnow", "date.today", "time.time")


def _is_adapter(module: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in ADAPTERS)


def test_importing_every_core_module_loads_no_adapter() -> None:
    """In a fresh interpreter: `import reconcile`, then every module under it; no adapter comes along."""
    script = textwrap.dedent(
        f"""
        import json, pkgutil, sys, importlib
        import reconcile
        names = sorted(
            m.name for m in pkgutil.walk_packages(reconcile.__path__, "reconcile.")
            if m.name != "reconcile.__main__"  # running it is the CLI, not an import
        )
        for name in names:
            importlib.import_module(name)
        adapters = {ADAPTERS!r}
        loaded = sorted(
            m for m in sys.modules if any(m == a or m.startswith(a + ".") for a in adapters)
        )
        print(json.dumps({{"imported": names, "adapters": loaded}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "reconcile.cli" in result["imported"]
    assert "reconcile.ingest" in result["imported"]
    assert result["adapters"] == []


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


class _Scanner(ast.NodeVisitor):
    """Imports of adapters, and uses of the clock or the environment, with their lines."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.aliases: dict[str, str] = {}  # local name -> qualified name, from the module's imports
        self.hits: list[Hit] = []

    def _hit(self, node: ast.AST, what: str) -> None:
        self.hits.append(Hit(self.path, getattr(node, "lineno", 0), what))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _is_adapter(alias.name):
                self._hit(node, f"import {alias.name}")
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                self.aliases[top] = top
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            for alias in node.names:
                qualified = f"{node.module}.{alias.name}"
                if _is_adapter(node.module) or _is_adapter(qualified):
                    self._hit(node, f"from {node.module} import {alias.name}")
                if qualified in IMPURE:
                    self._hit(node, f"from {node.module} import {alias.name}")
                self.aliases[alias.asname or alias.name] = qualified
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        written = _dotted(node)
        if written:
            head, _, rest = written.partition(".")
            qualified = f"{self.aliases.get(head, head)}.{rest}"
            if qualified in IMPURE or written.endswith(IMPURE_SUFFIXES):
                self._hit(node, written)
                return  # "os.environ.get": one hit, not two
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        # `environ` after `from os import environ` (the import itself was already a hit)
        if self.aliases.get(node.id) in IMPURE and isinstance(node.ctx, ast.Load):
            self._hit(node, f"{node.id} ({self.aliases[node.id]})")


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def scan(source: str, path: str = "<test>") -> list[Hit]:
    scanner = _Scanner(path)
    scanner.visit(ast.parse(source))
    return scanner.hits


def _core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if p.name not in ENTRYPOINTS)


def test_the_core_imports_no_adapter_and_reads_neither_clock_nor_environment() -> None:
    files = _core_files()
    assert CORE / "ingest.py" in files
    hits = [hit for path in files for hit in scan(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert not hits, "the core is impure:\n" + "\n".join(map(str, hits))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import litestar", ["import litestar"]),
        ("from litestar.app import Litestar", ["from litestar.app import Litestar"]),
        ("import http.server", ["import http.server"]),
        ("from http import server", ["from http import server"]),
        ("import http.client", []),
        ("from api.app import create_app", ["from api.app import create_app"]),
        ("import sqlalchemy.orm as orm", ["import sqlalchemy.orm"]),
        ("import uvicorn", ["import uvicorn"]),
        ("import os\nos.environ.get('X')", ["os.environ"]),
        ("import os\nos.getenv('X')", ["os.getenv"]),
        ("from os import environ\nenviron['X']", ["from os import environ", "environ (os.environ)"]),
        ("import datetime as dt\ndt.datetime.now()", ["dt.datetime.now"]),
        ("from datetime import datetime as D\nD.now()", ["D.now"]),
        ("from datetime import date\ndate.today()", ["date.today"]),
        ("import time\ntime.time()", ["time.time"]),
        ("from time import time\ntime()", ["from time import time", "time (time.time)"]),
        ("import time\ntime.perf_counter()", []),
        ("from datetime import date\ndate(2025, 8, 21)", []),
        ("published.today_or_not = 1", []),
    ],
)
def test_the_scanner_finds_what_it_should_and_only_that(source: str, found: list[str]) -> None:
    assert [hit.what for hit in scan(source)] == found
