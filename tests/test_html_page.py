"""The report page in a real browser: Debian's Chromium, headless, driven by Playwright.

`bash scripts/test` installs both (Playwright with the dev extra, Chromium from Debian's packages via
scripts/test-tools: no browser download). In CI (CI=true) a missing browser fails these tests; elsewhere it
skips them with a message saying how to install it. Screenshots go to out/screenshots/ (git-ignored).
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reconcile.render_html import render
from reconcile.report import reconcile
from reconcile.settings import Settings
from reconcile.story import load_story
from reconcile.types import Report, Source, StoryInfo

from .conftest import ROOT, STORIES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
OUT = ROOT / "out"
SCREENSHOTS = OUT / "screenshots"
SEED = STORIES / "nakatani-turkey"
LOAD_BOUND_S = 5.0  # generous: the page loads in well under a second here


def _unavailable(why: str) -> None:
    message = f"{why}; run `bash scripts/setup` (as root it installs Debian's chromium and playwright)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"browser tests cannot run in CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if importlib.util.find_spec("playwright") is None:
        _unavailable("the playwright package is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@cache
def _story(directory: Path) -> tuple[Report, tuple[Source, ...]]:
    info, sources = load_story(directory, Settings())
    return reconcile(sources, info, Settings()), tuple(sources)


def _write(name: str, report: Report, sources: tuple[Source, ...]) -> Path:
    path = OUT / "html-tests" / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(report, sources), encoding="utf-8")
    return path


def _open(browser: Browser, path: Path, width: int = 1280, height: int = 800) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready]")
    assert errors == []
    return page


@pytest.fixture
def seed_page(browser: Browser) -> Iterator[tuple[Page, Report]]:
    report, sources = _story(SEED)
    page = _open(browser, _write(SEED.name, report, sources))
    yield page, report
    page.close()


def _visible_findings(page: Page) -> list[dict[str, str]]:
    found: list[dict[str, str]] = page.eval_on_selector_all(
        "main .finding[data-finding]",
        "els => els.filter(e => e.checkVisibility()).map(e => ({id: e.dataset.finding, kind: e.dataset.kind, "
        "verdict: e.dataset.verdict}))",
    )
    return found


def test_the_trip_dates_conflict_is_at_the_top_with_both_sentences_highlighted(seed_page: tuple[Page, Report]) -> None:
    page, report = seed_page
    lead = report.findings[0]
    assert (lead.verdict, lead.kind, lead.subject) == ("conflict", "date", "regional tour")
    first = page.locator("main .finding").first
    assert first.get_attribute("data-finding") == lead.id
    box = first.bounding_box()
    assert box is not None and box["y"] < 800, "the first conflict starts in the first screenful"
    columns = first.locator(".values > .value")
    assert columns.count() == 2
    shown = sorted(columns.nth(i).locator(".display").inner_text() for i in range(2))
    assert shown == ["Aug 17–22, 2025", "Aug 19–20, 2025"]
    claims = {c.id: c for c in report.claims}
    for i in range(2):
        marks = columns.nth(i).locator(":scope > .claims > .claim > blockquote.sentence mark.hl")
        assert marks.count() >= 1
        for j in range(marks.count()):
            mark = marks.nth(j)
            assert mark.is_visible()
            claim = claims[mark.get_attribute("data-claim") or ""]
            assert mark.inner_text() == claim.text
            sentence = mark.locator("xpath=ancestor::blockquote").inner_text()
            assert claim.text in sentence and sentence.replace("…", "") in claim.sentence.replace("\n", " ")
    said = first.inner_text()
    assert "from August 17–22" in said and "livemint" in said and "hurriyet" in said


def test_each_highlight_holds_exactly_its_claims_text(seed_page: tuple[Page, Report]) -> None:
    page, report = seed_page
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    marks: list[list[str]] = page.eval_on_selector_all(
        ".text mark.hl[id], blockquote.sentence mark.hl",
        "els => els.map(e => [e.dataset.claims || e.dataset.claim, e.textContent, e.closest('.text') ? 's' : 'q'])",
    )
    claims = {c.id: c for c in report.claims}
    in_source: set[str] = set()
    for ids, text, where in marks:
        for cid in ids.split():
            assert text == claims[cid].text, cid
            if where == "s":
                in_source.add(cid)
    assert in_source == set(claims), "every claim is highlighted in its source"


def test_a_verdict_filter_leaves_only_the_conflicts_and_a_kind_filter_hides_its_kind(
    seed_page: tuple[Page, Report],
) -> None:
    page, report = seed_page
    total = len(report.findings)
    assert len(_visible_findings(page)) == len([f for f in report.findings if f.verdict != "addition"])
    page.get_by_role("checkbox", name="Agreements").uncheck()
    page.get_by_role("checkbox", name="Additions").uncheck()
    left = _visible_findings(page)
    assert [f["id"] for f in left] == [f.id for f in report.findings if f.verdict == "conflict"]
    assert page.locator("#shown").inner_text() == f"{report.summary.conflict} of {total} findings shown"
    assert page.locator("#agreements h2 .count").inner_text() == f"(0 of {report.summary.agree} shown)"

    page.get_by_role("checkbox", name="date").uncheck()  # the one conflict is about dates
    assert _visible_findings(page) == []
    assert page.locator("#conflicts .none").is_visible()
    mark = page.locator(".text mark.hl.k-date.v-conflict").first
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"

    for label in ("date", "Agreements", "Additions"):
        page.get_by_role("checkbox", name=label).check()
    page.locator("#additions summary").click()
    assert len(_visible_findings(page)) == total
    page.get_by_role("checkbox", name="place").uncheck()
    kinds = {f["kind"] for f in _visible_findings(page)}
    assert "place" not in kinds and kinds


def test_clicking_a_claim_in_a_source_shows_its_finding_and_leads_to_it(seed_page: tuple[Page, Report]) -> None:
    page, report = seed_page
    lead = report.findings[0]
    livemint = page.locator("details.src[data-source='livemint']")
    mark = livemint.locator(".text mark.hl", has_text="from August 17–22")
    mark.click()
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert "from August 17–22" in page.locator("#panel-h").inner_text()
    assert lead.explanation in panel.inner_text()
    tour = next(c for c in report.claims if c.source == "livemint" and c.text == "from August 17–22")
    assert panel.locator(".claim.this").first.get_attribute("data-claim") == tour.id

    page.get_by_role("link", name=f"Go to finding {lead.id}").click()
    assert panel.is_hidden()
    assert page.evaluate("location.hash") == f"#{lead.id}"
    card = page.locator(f"#{lead.id}")
    assert card.is_visible() and card.evaluate("e => document.activeElement === e")
    box = card.bounding_box()
    assert box is not None and 0 <= box["y"] < 800

    # and back: from the finding to the claim in its source, which opens the source if folded
    page.evaluate("document.querySelector('details.src[data-source=\"hurriyet\"]').open = false")
    said = next(cid for cid in lead.claims if cid.startswith("hurriyet:"))
    card.locator(f".claim[data-claim='{said}'] > a.goto").click()
    focused = page.evaluate("document.activeElement.dataset.claims || ''")
    assert said in focused.split()
    assert page.locator("details.src[data-source='hurriyet']").evaluate("d => d.open")


def test_the_page_works_from_the_keyboard(seed_page: tuple[Page, Report]) -> None:
    page, _ = seed_page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the conflicts"
    mark = page.locator("details.src[open] .text mark.hl").first
    mark.focus()
    page.keyboard.press("Enter")
    assert page.locator("#panel").is_visible()
    assert page.evaluate("document.activeElement.id") == "panel"
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert mark.evaluate("e => document.activeElement === e")
    page.locator("input[name=verdict][value=agree]").focus()
    page.keyboard.press("Space")
    assert not page.locator("input[name=verdict][value=agree]").is_checked()


def test_text_has_sufficient_contrast(seed_page: tuple[Page, Report]) -> None:
    page, _ = seed_page
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    low: list[str] = page.evaluate(_CONTRAST)
    assert low == []


# WCAG 2 contrast of each element's own text against the nearest opaque background behind it.
_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const seen = new Set();
  for (const el of document.querySelectorAll('body *')) {
    if (!el.checkVisibility() || el.closest('svg')) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    const key = style.color + '|' + el.className + '|' + el.tagName;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = lum(rgb(style.color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) low.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2));
  }
  return low;
}"""


def test_it_reads_on_a_phone_and_prints(browser: Browser) -> None:
    report, sources = _story(SEED)
    page = _open(browser, _write(SEED.name, report, sources), width=390, height=844)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "nothing wider than a phone's screen but the timeline, which scrolls in its box"
        first = page.locator("main .finding").first
        assert first.get_attribute("data-verdict") == "conflict"
        path = SCREENSHOTS / f"{SEED.name}-phone.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        print(f"\nscreenshot: {path}")
        page.emulate_media(media="print")
        assert page.locator("#filters").is_hidden()
        assert page.locator(".src[open] .text").first.evaluate("e => getComputedStyle(e).maxHeight") == "none"
        assert len(page.pdf()) > 10_000
    finally:
        page.close()


def test_screenshot_of_the_bundled_story(browser: Browser) -> None:
    report, sources = _story(SEED)
    page = _open(browser, _write(SEED.name, report, sources), width=1280, height=900)
    try:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        top = SCREENSHOTS / f"{SEED.name}.png"
        page.screenshot(path=str(top))
        whole = SCREENSHOTS / f"{SEED.name}-full.png"
        page.screenshot(path=str(whole), full_page=True)
        page.locator("details.src[data-source='livemint'] .text mark.hl", has_text="from August 17–22").click()
        panel = SCREENSHOTS / f"{SEED.name}-claim.png"
        page.screenshot(path=str(panel))
        print(f"\nscreenshots: {top} {whole} {panel}")
        assert top.stat().st_size > 10_000
        assert requests == [], "the page fetches nothing"
    finally:
        page.close()


def synthetic_story(n: int = 40) -> tuple[StoryInfo, list[Source]]:
    """A story of n sources made by cycling the fixture stories' sources under new ids and outlet names."""
    pool: list[tuple[str, Source]] = []
    for directory in sorted(p for p in STORIES.iterdir() if p.is_dir()):
        _, sources = load_story(directory, Settings())
        pool += [(directory.name, s) for s in sources]
    sources = []
    for i in range(n):
        name, s = pool[i % len(pool)]
        sources.append(s.model_copy(update={"id": f"{name}-{i + 1}-{s.id}", "outlet": f"{s.outlet} #{i + 1}"}))
    return StoryInfo(id="synthetic-40", title=f"{n} sources cycled from the fixture stories"), sources


def test_the_page_of_40_sources_and_1000_claims_loads_fast(browser: Browser) -> None:
    info, sources = synthetic_story(40)
    report = reconcile(sources, info, Settings())
    assert len(report.sources) == 40
    assert 800 <= len(report.claims) <= 1400
    started = time.perf_counter()
    html = render(report, sources)
    rendered = time.perf_counter() - started
    path = OUT / "html-tests" / "synthetic-40.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_selector("html[data-ready]")
        loaded = time.perf_counter() - started
        timing: dict[str, Any] = page.evaluate(
            "({ready: window.reportReadyAt, "
            "dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})"
        )
        started = time.perf_counter()
        page.get_by_role("checkbox", name="Agreements").uncheck()
        page.wait_for_function("document.documentElement.classList.contains('hide-v-agree')")
        filtered = time.perf_counter() - started
        print(
            f"\n40 sources, {len(report.claims)} claims, {len(report.findings)} findings, "
            f"{len(html) / 1e6:.2f} MB: rendered in {rendered:.2f} s; page ready in {loaded:.2f} s "
            f"(in-page: DOMContentLoaded {timing['dom']:.0f} ms, script done {timing['ready']:.0f} ms); "
            f"a filter click {filtered * 1000:.0f} ms"
        )
        assert loaded < LOAD_BOUND_S
        assert filtered < LOAD_BOUND_S
    finally:
        page.close()
