"""`reconcile serve` in a subprocess on a free loopback port, and the clients that talk to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from ..conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One server process; `start()` returns once /health answers."""

    def __init__(self, database_url: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.args = list(args)
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self._log = Path(tempfile.mkstemp(prefix="reconcile-serve-", suffix=".log")[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, port: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "reconcile",
            "serve",
            "--port",
            str(port),
            "--db",
            self.database_url,
            "--log-level",
            "warning",
            "--no-access-log",
            *self.args,
        ]

    def start(self, timeout: float = 60.0) -> Server:
        for _ in range(3):  # a port taken between free_port() and the bind: try another
            self.port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("RECONCILE_")} | self.env
            with self._log.open("ab") as log:
                self.process = subprocess.Popen(
                    self.command(self.port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env
                )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
            if self.process.poll() is None:
                self.stop()
                raise AssertionError(f"the server did not answer within {timeout} s:\n{self.log()}")
            if "address already in use" not in self.log().lower():
                break
        raise AssertionError(f"the server exited with {self.process and self.process.returncode}:\n{self.log()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    def log(self) -> str:
        return self._log.read_text(encoding="utf-8", errors="replace")

    def client(self, key: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=60)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def source(
    sid: str | None, text: str, outlet: str = "Outlet", published: str | None = "2025-08-21"
) -> dict[str, object]:
    """A source object as a client sends it."""
    found: dict[str, object] = {"outlet": outlet, "text": text}
    if sid is not None:
        found["id"] = sid
    if published is not None:
        found["published"] = published
    return found
