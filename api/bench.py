"""Benchmark of the REST API over real HTTP: requests per second and p50/p99 latency.

    .venv/bin/python -m api.bench [--clients 1,10,50] [--seconds 5] [--workers 1] [--db URL]

Starts `reconcile serve` on a free loopback port (a fresh SQLite file unless --db is given, --open),
then drives it with an async httpx client, N requests in flight at a time, for each scenario:

- `POST /v1/reconcile` with 10 sources (the fixture stories' articles): the core's whole pipeline;
- `GET /v1/stories/{id}/report` of a story of the same 10 sources, cached (computed once beforehand);
- the same GET with `If-None-Match` (304, no body).

Each run stops after --seconds or --max-requests, whichever comes first; only loopback is ever
contacted. The client shares the machine with the server, so at 50 clients it takes CPU from it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from reconcile import Settings
from reconcile.story import load_story

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "fixtures" / "stories"
STORY = "bench"
JSON = "application/json"


@dataclass(frozen=True)
class Result:
    scenario: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def ten_sources() -> list[dict[str, Any]]:
    """Ten real articles from the fixture stories, with distinct ids."""
    found: list[dict[str, Any]] = []
    for directory in sorted(p for p in STORIES.iterdir() if p.is_dir()):
        _, sources = load_story(directory, Settings())
        for source in sources:
            data = source.model_dump(mode="json", exclude_none=True)
            data["id"] = f"{directory.name}-{source.id}"
            found.append(data)
    if len(found) < 10:
        raise SystemExit(f"the fixtures hold {len(found)} sources, not 10")
    return found[:10]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(database_url: str, workers: int) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "reconcile", "serve", "--port", str(port), "--db", database_url, "--open"]
    command += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited with {process.returncode}")
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    expect: int
    content: bytes | None = None
    headers: dict[str, str] | None = None


async def run(
    client: httpx.AsyncClient, call: Call, clients: int, seconds: float, max_requests: int
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds
    budget = max_requests

    async def worker() -> None:
        nonlocal errors, budget
        while budget > 0 and time.perf_counter() < deadline:
            budget -= 1
            t0 = time.perf_counter()
            try:
                response = await client.request(call.method, call.path, content=call.content, headers=call.headers)
                ok = response.status_code == call.expect
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - t0)
            else:
                errors += 1

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


async def bench(base: str, clients: list[int], seconds: float, max_requests: int) -> list[Result]:
    sources = ten_sources()
    limits = httpx.Limits(max_connections=max(clients), max_keepalive_connections=max(clients))
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        await client.post("/v1/stories", json={"id": STORY, "title": "Ten articles"})
        added = await client.post(f"/v1/stories/{STORY}/sources", json=sources)
        if added.status_code not in (201, 409):
            raise SystemExit(f"could not add the sources: {added.status_code} {added.text[:200]}")
        report = await client.get(f"/v1/stories/{STORY}/report")  # computed here, cached from now on
        etag = report.headers["etag"]
        body = json.dumps({"story": {"id": STORY}, "sources": sources}).encode()
        path = f"/v1/stories/{STORY}/report"
        scenarios = [
            ("POST /v1/reconcile (10 sources)", Call("POST", "/v1/reconcile", 200, body, {"Content-Type": JSON})),
            ("GET report (cached, 200)", Call("GET", path, 200)),
            ("GET report (If-None-Match, 304)", Call("GET", path, 304, headers={"If-None-Match": etag})),
        ]
        results = []
        for name, call in scenarios:
            await run(client, call, 1, 1.0, 5)  # warm up the connection and the caches
            for n in clients:
                latencies, errors, took = await run(client, call, n, seconds, max_requests)
                results.append(Result(name, n, len(latencies), errors, took, latencies))
                print(_row(results[-1]), flush=True)
    return results


def _row(r: Result) -> str:
    return (
        f"{r.scenario:34} {r.clients:>7} {r.requests:>8} {r.rps:>8.1f} {r.percentile(50):>8.1f} "
        f"{r.percentile(99):>8.1f} {r.errors:>6}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,10,50", help="concurrent clients, comma-separated")
    parser.add_argument("--seconds", type=float, default=5.0, help="longest run per scenario and client count")
    parser.add_argument("--max-requests", type=int, default=50_000, help="most requests per run")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/bench.db"
        with server(url, args.workers) as base:
            print(f"server: {args.workers} worker(s), {url.split(':')[0]}; {args.seconds:g} s per run", flush=True)
            print(
                f"{'scenario':34} {'clients':>7} {'requests':>8} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
            )
            results = asyncio.run(bench(base, clients, args.seconds, args.max_requests))
    failed = sum(r.errors for r in results)
    if failed:
        print(f"{failed} requests failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
