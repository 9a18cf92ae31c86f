"""Benchmark of the pipeline: what each stage costs, and how the report's time and memory grow with sources.

Run it as ``python -m reconcile.bench [--repeat N] [--sizes 2,10,50,200]``. It prints a plain-text report:

1. time per stage (ingest, extract, align, judge, report assembly) on every fixture story: warm (median of N
   runs after one untimed run, so imports and lru caches are warm), and the first, cold run of each story in a
   fresh interpreter (dateparser's first call loads its data);
2. extraction throughput in characters per second, ours (ingest + extract_claims) next to
   ``dateparser.search.search_dates(text, languages=["en"])`` on the same texts, and how many of search_dates'
   results look wrong (a bare number, a currency amount, a pronoun read as a date);
3. ``report.reconcile`` time and tracemalloc peak for synthetic stories of 2 to 200 sources, cycled from the
   fixtures' sources with distinct ids and outlets;
4. the issue's targets, met or not.

A measurement, not a test: it asserts nothing and its numbers depend on the machine. Everything runs on one
thread, so wall time is one core's time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from .align import align
from .dimensions.base import longest_first
from .dimensions.dates.rules import DATES
from .dimensions.durations.rules import DURATIONS
from .extract import extract_claims
from .ingest import ingest
from .judge import judge
from .report import build_report, reconcile, source_ids
from .settings import Settings
from .story import load_story
from .types import FramedClaim, Source, StoryInfo

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "fixtures" / "stories"
T = TypeVar("T")

STAGES = ("ingest", "extract", "align", "judge", "report")

# The targets.
TARGET_SPEEDUP = 5.0
TARGET_SOURCES = 50
TARGET_SECONDS = 0.5

# A fresh interpreter imports the pipeline (timed) and runs one story once: see cold_run.
_CHILD = "import sys, time; t = time.perf_counter(); from reconcile.bench import cold_run; cold_run(sys.argv[1], t)"
_CHILD_TIMEOUT = 120.0


@dataclass(frozen=True)
class Story:
    name: str
    info: StoryInfo
    sources: list[Source]


def load_stories(directory: Path, settings: Settings) -> list[Story]:
    stories = []
    for path in sorted(p for p in directory.iterdir() if p.is_dir()):
        info, sources = load_story(path, settings)
        stories.append(Story(path.name, info, sources))
    return stories


def _runs(n: int) -> str:
    return f"{n} run" if n == 1 else f"{n} runs"


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def timed(run: Callable[[], object]) -> float:
    """Milliseconds one call takes, after a collection so an earlier run's garbage is not charged to it."""
    gc.collect()
    start = time.perf_counter()
    run()
    return _ms(time.perf_counter() - start)


def run_stages(info: StoryInfo, sources: Sequence[Source], settings: Settings) -> dict[str, float]:
    """One run of the pipeline as report.reconcile runs it, in milliseconds per stage (and their total)."""
    marks = [time.perf_counter()]
    documents = [ingest(s, sid, settings) for s, sid in zip(sources, source_ids(sources), strict=True)]
    marks.append(time.perf_counter())
    framed = [claim for document in documents for claim in extract_claims(document, settings)]
    marks.append(time.perf_counter())
    groups = align(framed, settings)
    marks.append(time.perf_counter())
    judgements = [judge(group, settings) for group in groups]
    marks.append(time.perf_counter())
    build_report(info, documents, framed, judgements)
    marks.append(time.perf_counter())
    times = {stage: _ms(marks[i + 1] - marks[i]) for i, stage in enumerate(STAGES)}
    times["total"] = _ms(marks[-1] - marks[0])
    return times


def input_caches() -> dict[str, Callable[[], None]]:
    """The lru caches in reconcile's modules that remember inputs (maxsize > 1), by name: what a new text misses.

    Caches of size 1 hold data loaded once per process (the dateparser parser, the event list) and stay warm.
    """
    found: dict[str, Callable[[], None]] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "reconcile" or name.startswith("reconcile.")):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            clear = getattr(value, "cache_clear", None)
            if callable(info) and callable(clear) and info().maxsize != 1:
                found[f"{value.__module__.removeprefix('reconcile.')}.{value.__qualname__}"] = clear
    return found


def clear_caches(caches: dict[str, Callable[[], None]]) -> None:
    for clear in caches.values():
        clear()


def cold_run(story_dir: str, started: float) -> None:
    """In a fresh interpreter: the import's time, then one run of the story's pipeline; JSON on stdout."""
    imported = time.perf_counter()
    settings = Settings()
    info, sources = load_story(Path(story_dir), settings)
    loaded = time.perf_counter()
    stages = run_stages(info, sources, settings)
    print(json.dumps({"import": _ms(imported - started), "load": _ms(loaded - imported), **stages}))


def _cold(story: Path) -> tuple[float, dict[str, float]] | str:
    """(wall ms of the whole subprocess, its own timings), or the reason it failed."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(story)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=_CHILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {_CHILD_TIMEOUT:.0f} s"
    wall = _ms(time.perf_counter() - start)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        return lines[-1]
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, result


# --- 1. time per stage ----------------------------------------------------------


def stage_section(stories: list[Story], settings: Settings, repeat: int) -> dict[str, float]:
    """Print the warm and cold time of each stage on each story; return each story's warm total."""
    print(f"1. TIME PER STAGE (ms; warm: median of {_runs(repeat)} after one untimed run, imports and lru caches warm)")
    header = f"  {'story':<17}{'sources':>8}{'chars':>8}" + "".join(f"{s:>9}" for s in STAGES) + f"{'total':>9}"
    print(header)
    totals: dict[str, float] = {}
    summed = dict.fromkeys((*STAGES, "total"), 0.0)
    for story in stories:
        run_stages(story.info, story.sources, settings)
        runs = []
        for _ in range(repeat):
            gc.collect()
            runs.append(run_stages(story.info, story.sources, settings))
        medians = {key: statistics.median(r[key] for r in runs) for key in summed}
        chars = sum(len(s.text or s.html or "") for s in story.sources)
        cells = "".join(f"{medians[key]:>9.2f}" for key in (*STAGES, "total"))
        print(f"  {story.name:<17}{len(story.sources):>8}{chars:>8,}{cells}")
        totals[story.name] = medians["total"]
        for key in summed:
            summed[key] += medians[key]
    sources = sum(len(s.sources) for s in stories)
    chars = sum(len(src.text or src.html or "") for s in stories for src in s.sources)
    cells = "".join(f"{summed[key]:>9.2f}" for key in (*STAGES, "total"))
    print(f"  {'all stories':<17}{sources:>8}{chars:>8,}{cells}")
    print()
    print("   cold: the first run of each story in a fresh interpreter (ms; wall = the whole subprocess)")
    print(f"  {'story':<17}{'wall':>8}{'import':>8}{'load':>7}" + "".join(f"{s:>9}" for s in STAGES) + f"{'total':>9}")
    for story in stories:
        outcome = _cold(STORIES / story.name)
        if isinstance(outcome, str):
            print(f"  {story.name:<17}failed: {outcome}")
            continue
        wall, cold = outcome
        cells = "".join(f"{cold[key]:>9.2f}" for key in (*STAGES, "total"))
        slower = cold["total"] / totals[story.name] if totals[story.name] else float("inf")
        print(
            f"  {story.name:<17}{wall:>8.0f}{cold['import']:>8.0f}{cold['load']:>7.1f}{cells}"
            f"   ({slower:.0f}x the warm total)"
        )
    print()
    return totals


# --- 2. extraction throughput -----------------------------------------------------

_CURRENCY = re.compile(r"[$€£¥₹]")
_TOKEN = re.compile(r"[\w'’-]+")
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?|\d{1,3}[-–]\d{1,3}")
_MEASURE = re.compile(r"[\w]+-(?:second|minute|hour|day|week|month|year)s?(?:-old)?", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_FILLER = re.compile(r"a|an|the|in|on|at|by|of|from|about|after|before|and|or|to|for|later", re.I)
_NUMBER_WORD = re.compile(r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen", re.I)
_UNIT = re.compile(r"(?:second|minute|hour|day|week|month|year|decade)s?", re.I)
_ANCHOR = re.compile(r"ago|last|next|this|today|yesterday|tomorrow|tonight", re.I)
_TIME_OF_DAY = re.compile(r"weekend|morning|afternoon|evening|night|noon|midnight", re.I)
_CALENDAR_NAME = re.compile(  # capitalized, as a date writes them: "may" in lower case is a verb
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
    r"|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?:day)?|Wednesday|Thursday|Saturday"
)


def odd_match(match: str) -> str | None:
    """Why a search_dates match looks wrong, if it does: what it is instead of a date."""
    if _CURRENCY.search(match):
        return "currency amount"
    core = [t for t in _TOKEN.findall(match) if not _FILLER.fullmatch(t)]
    if not core:
        return "common word"
    if any(_CALENDAR_NAME.fullmatch(t) or _YEAR.fullmatch(t) for t in core):
        return None
    if all(_NUMBER.fullmatch(t) or _MEASURE.fullmatch(t) or _NUMBER_WORD.fullmatch(t) for t in core):
        if all(t[0].isdigit() and t.endswith(("st", "nd", "rd", "th")) for t in core):
            return None  # "the 12th": a day of the month
        return "bare number or measure"
    if any(_UNIT.fullmatch(t) for t in core) and not any(_ANCHOR.fullmatch(t) for t in core):
        return "duration read as a date"
    if any(c.isdigit() for c in match) or any(_ANCHOR.fullmatch(t) or _TIME_OF_DAY.fullmatch(t) for t in core):
        return None
    return "pronoun or common word"  # "We", "one", "now", "may"


def throughput_section(
    stories: list[Story], settings: Settings, repeat: int, caches: dict[str, Callable[[], None]]
) -> tuple[float, float]:
    """Print ours and search_dates' speed on the fixture texts; return the ratios (caches cleared, warm)."""
    from dateparser.search import search_dates  # here, so a cold run's import time is the pipeline's own

    pool = [
        (story.name, source, sid)
        for story in stories
        for source, sid in zip(story.sources, source_ids(story.sources), strict=True)
    ]
    texts = [(name, sid, ingest(source, sid, settings).text) for name, source, sid in pool]
    chars = sum(len(text) for _, _, text in texts)

    def ours() -> list[FramedClaim]:
        return [c for _, source, sid in pool for c in extract_claims(ingest(source, sid, settings), settings)]

    def ours_time_only() -> int:
        """The like-for-like workload: find and resolve dates and durations, what search_dates does for dates."""
        found = 0
        for _, source, sid in pool:
            document = ingest(source, sid, settings)
            for sentence in document.sentences:
                found += len(longest_first(m for d in (DATES, DURATIONS) for m in d.mentions(document, sentence)))
        return found

    def theirs() -> list[list[tuple[str, datetime]]]:
        found = []
        for _, _, text in texts:
            results = search_dates(text, languages=["en"]) or []
            found.append([(r[0], r[1]) for r in results])
        return found

    claims = ours()
    matches = theirs()  # also the warm-up of search_dates' own first call
    warm = statistics.median(timed(ours) for _ in range(repeat))
    fresh_runs = []
    for _ in range(repeat):
        clear_caches(caches)
        fresh_runs.append(timed(ours))
    fresh = statistics.median(fresh_runs)
    other = statistics.median(timed(theirs) for _ in range(repeat))
    time_runs = []
    for _ in range(repeat):
        clear_caches(caches)
        time_runs.append(timed(ours_time_only))
    time_only = statistics.median(time_runs)

    def speed(ms: float) -> float:
        return chars / (ms / 1000.0) if ms else float("inf")

    print(f"2. EXTRACTION THROUGHPUT ({len(texts)} fixture texts, {chars:,} characters; median of {_runs(repeat)})")
    rows = [
        ("ours, dates and durations only, input caches cleared first", time_only),
        ("ours: ingest + extract_claims, every kind, caches cleared", fresh),
        ("ours: ingest + extract_claims, lru caches warm", warm),
        ('dateparser.search.search_dates(text, languages=["en"])', other),
    ]
    for label, ms in rows:
        print(f"  {label:<60}{ms:>9.1f} ms{speed(ms):>13,.0f} chars/s")
    ratio_fresh, ratio_warm = other / time_only, other / warm
    print(
        f"  ratio, ours ÷ search_dates speed: {ratio_fresh:.1f}x finding dates and durations as it finds dates "
        f"(caches cleared); {other / fresh:.1f}x extracting and framing all six kinds ({ratio_warm:.1f}x warm)"
    )
    print(f"  input caches cleared: {', '.join(sorted(caches)) or 'none found'}")
    kinds = Counter(c.claim.kind for c in claims)
    print(
        f"  results: ours {len(claims)} claims ("
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        + f") in the articles' bodies; search_dates {sum(map(len, matches))} dates in the whole texts"
    )
    odd = [
        (reason, name, sid, match, when)
        for (name, sid, _), found in zip(texts, matches, strict=True)
        for match, when in found
        if (reason := odd_match(match))
    ]
    reasons = Counter(reason for reason, *_ in odd)
    print(
        f"  wrong-looking search_dates results: {len(odd)} of {sum(map(len, matches))} ("
        + ", ".join(f"{reason} {n}" for reason, n in reasons.most_common())
        + "), for example:"
    )
    shown: list[tuple[str, str, str, str, datetime]] = []
    for reason in reasons:  # one of each kind first, then more, each text once
        shown.extend([o for o in odd if o[0] == reason][:1])
    seen = {o[3] for o in shown}
    for o in odd:
        if len(shown) >= 8:
            break
        if o[3] not in seen:
            shown.append(o)
            seen.add(o[3])
    for reason, name, sid, match, when in shown[:8]:
        print(f"    {match!r:<24} -> {when:%Y-%m-%d}   {reason:<24} ({name}/{sid})")
    print()
    return ratio_fresh, ratio_warm


# --- 3. scaling with sources ------------------------------------------------------


def synthetic(pool: Sequence[Source], n: int) -> list[Source]:
    """n sources cycling the pool, each with its own id and outlet and the pooled source's text."""
    copies = []
    for k in range(n):
        source = pool[k % len(pool)]
        sid = source.id or f"source{k % len(pool) + 1}"
        copies.append(source.model_copy(update={"id": f"{sid}-{k}", "outlet": f"{source.outlet}-{k}"}))
    return copies


def peak_kib(run: Callable[[], T]) -> tuple[T, float]:
    """What one call returns, and the most memory (KiB) it held at once, as tracemalloc counts Python's allocations."""
    gc.collect()
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def scaling_section(
    stories: list[Story], sizes: list[int], repeat: int, caches: dict[str, Callable[[], None]]
) -> dict[int, float]:
    """Print the report's time and peak memory for each number of sources; return ms by size."""
    pool = [source for story in stories for source in story.sources]
    story = StoryInfo(id="bench")
    print(
        f'3. SCALING WITH SOURCES (reconcile(sources, StoryInfo(id="bench")); the {len(pool)} fixture sources '
        f"cycled; median of {_runs(repeat)}, input caches cleared before each)"
    )
    print(
        f"  {'sources':>7}{'ms':>10}{'ms/source':>11}{'warm ms':>10}{'claims':>8}{'findings':>9}"
        f"{'peak KiB':>11}{'KiB/source':>12}"
    )
    times: dict[int, float] = {}
    per_source_kib: dict[int, float] = {}
    for n in sizes:
        run = partial(reconcile, synthetic(pool, n), story)
        clear_caches(caches)
        report, peak = peak_kib(run)  # also the untimed first run
        per_source_kib[n] = peak / n
        runs = []
        for _ in range(repeat):
            clear_caches(caches)
            runs.append(timed(run))
        times[n] = statistics.median(runs)
        warm = statistics.median(timed(run) for _ in range(repeat))
        print(
            f"  {n:>7}{times[n]:>10.1f}{times[n] / n:>11.2f}{warm:>10.1f}{len(report.claims):>8}"
            f"{len(report.findings):>9}{peak:>11,.0f}{peak / n:>12.1f}"
        )
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        growth = per_source_kib[large] / per_source_kib[small]
        verdict = (
            "flat: memory grows no faster than the sources"
            if growth <= 1.25
            else "NOT flat: memory grows faster than the sources"
        )
        print(
            f"  peak memory per source, {small} -> {large} sources: {per_source_kib[small]:.1f} -> "
            f"{per_source_kib[large]:.1f} KiB (x{growth:.2f}), {verdict}"
        )
    print(
        f"  texts repeat every {len(pool)} sources, so later copies hit the input caches within a run:"
        " larger sizes are a little optimistic"
    )
    print()
    return times


# --- the report --------------------------------------------------------------------


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {value!r}") from e
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive numbers: {value!r}")
    return sizes


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from e
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reconcile.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=_positive, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--sizes", type=_sizes, default=[2, 10, 50, 200], help="source counts (default 2,10,50,200)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    settings = Settings()
    stories = load_stories(STORIES, settings)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"reconcile bench: {len(stories)} fixture stories, Python {sys.version.split()[0]}, one thread, "
        f"{os.cpu_count()} CPUs, load average {load} (other work on the machine skews every number)"
    )
    print()
    stage_section(stories, settings, args.repeat)
    caches = input_caches()
    ratio, _ = throughput_section(stories, settings, args.repeat, caches)
    times = scaling_section(stories, args.sizes, args.repeat, caches)

    speed = "met" if ratio >= TARGET_SPEEDUP else "NOT met"
    if TARGET_SOURCES in times:
        ms = times[TARGET_SOURCES]
        story = f"{ms:.0f} ms, {'met' if ms < TARGET_SECONDS * 1000 else 'NOT met'}"
    else:
        story = f"not measured (add {TARGET_SOURCES} to --sizes)"
    print(
        f"4. TARGETS (from the issue): extraction at least {TARGET_SPEEDUP:.0f}x faster than search_dates: "
        f"{ratio:.1f}x, {speed}; a {TARGET_SOURCES}-source story under {TARGET_SECONDS} s on one core: {story}."
    )
    print(f"   (bench ran in {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
