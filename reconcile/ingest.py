"""Source -> Document: the text spans index, the article's own sentences, the anchor date.

Pages come with furniture: navigation, repeated headlines, "latest news" lists,
teasers of other stories. The body is found with general signals only:

- a line is *prose* when it reads like running text (enough words, ends like a
  sentence, not a numbered headline, not repeated elsewhere on the page);
- lines that repeat, or end with a line that repeats, are headlines;
- the body is the largest run of prose lines not broken by a run of
  ``Settings.furniture_gap_lines`` non-prose lines; other runs survive only
  if they are substantial, and below the body only if they are more than one
  paragraph, so lone teasers of other stories fall away.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser

from .dimensions.dates.lexicon import MONTHS, alternation
from .errors import BinarySourceError, EmptySourceError, EncodingError, TooLargeError
from .settings import Settings
from .text import fold, split_sentences
from .types import PUBLISHED_YEARS, Document, Sentence, Source

# --- HTML ---------------------------------------------------------------------

_SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "iframe",
        "select",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "blockquote",
        "figcaption",
        "pre",
        "hr",
        "dd",
        "dt",
    }
)
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "col"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of a page, one block per line; the report carries it so spans can be checked."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


# --- publication date ---------------------------------------------------------

_MONTH = alternation(MONTHS)
# A date stamp opens a line ("date 2025-08-19", "Published: 2024-02-07T09:15Z", "JAKARTA, Oct. 2, 2025 —",
# "By Staff | 14 March 2023") and ends it or a separator follows; a date inside a sentence is no stamp.
_STAMP_LEAD = (
    r"(?m)^\W*(?:(?:date|published|updated|posted|first published)\s*:?\s*"
    r"|[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{1,40},\s*|by [^|\n]{1,60}\|\s*)?"
)
_STAMP_END = r"(?=\s*(?:[—–|-]|$|\n))"
_PUBLISHED_PATTERNS = (
    re.compile(_STAMP_LEAD + r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][\d:.+\-Z]*)?", re.I),
    re.compile(_STAMP_LEAD + rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})\b" + _STAMP_END, re.I),
    re.compile(_STAMP_LEAD + rf"(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b" + _STAMP_END, re.I),
)
_HEAD_CHARS = 300  # a dateline or a page's date stamp stands at its top


def infer_published(text: str) -> tuple[date, tuple[int, int]] | None:
    """The publication date stated at the top of a text, with the span of the statement."""
    head = text[:_HEAD_CHARS]
    found: list[tuple[int, date, tuple[int, int]]] = []
    for pattern in _PUBLISHED_PATTERNS:
        m = pattern.search(head)
        if not m:
            continue
        month = int(m["m"]) if "m" in m.groupdict() and m["m"] else MONTHS[m["mon"].casefold()]
        try:
            stamped = date(int(m["y"]), month, int(m["d"]))
        except ValueError:
            continue
        if PUBLISHED_YEARS[0] <= stamped.year <= PUBLISHED_YEARS[1]:
            found.append((m.start(), stamped, m.span()))
    if not found:
        return None
    _, day, span = min(found)
    return day, span


# --- body ---------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?:;\"”’')\]]\s*$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_PROSE_WORDS = 6
_LONG_LINE_WORDS = 25
_MIN_HEADLINE_WORDS = 4


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return spans


def _is_prose(line: str, repeated: bool) -> bool:
    words = _WORD.findall(line)
    if repeated or len(words) < _MIN_PROSE_WORDS:
        return False
    if sum(w[0].islower() for w in words) < len(words) / 4:  # Title Case Headline Or ALL CAPS
        return False
    if _NUMBERED.match(line):
        return False  # "2. Three years on, has the strategy paid off?": an item of a list of headlines
    return bool(_TERMINAL.search(line)) or len(words) >= _LONG_LINE_WORDS


def _repeated_lines(keys: list[str]) -> list[bool]:
    counts = Counter(k for k in keys if k)
    repeats = {k for k, n in counts.items() if n > 1 and len(k.split()) >= _MIN_HEADLINE_WORDS}
    flags = []
    for key in keys:
        # "SPORTS <headline>" or "<template debris> <headline>": a label glued to a repeated headline
        flags.append(key in repeats or any(key.endswith(" " + r) for r in repeats))
    return flags


def find_body(text: str, settings: Settings, skip: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Spans of the lines that make up the article's own text."""
    lines = _line_spans(text)
    if skip:  # the date stamp is metadata, not part of the line it heads
        lines = [(max(s, skip[1]) if skip[0] < e and s < skip[1] else s, e) for s, e in lines]
        lines = [(s, e) for s, e in lines if e > s and text[s:e].strip()]
    keys = [fold(text[s:e]) for s, e in lines]
    repeated = _repeated_lines(keys)
    prose = [_is_prose(text[s:e], rep) for (s, e), rep in zip(lines, repeated, strict=True)]

    blocks: list[list[int]] = []
    gap = settings.furniture_gap_lines
    for i, is_prose in enumerate(prose):
        if not is_prose:
            continue
        if blocks and i - blocks[-1][-1] <= gap:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    if not blocks:
        return []

    def weight(block: list[int]) -> int:
        return sum(lines[i][1] - lines[i][0] for i in block)

    weights = [weight(b) for b in blocks]
    main = weights.index(max(weights))
    # Before the main body a short block is the lede above an inserted box; after it, a lone
    # paragraph is a teaser of another story, so there it must be more than one line.
    kept = [
        b
        for i, b in enumerate(blocks)
        if i == main or (weights[i] >= settings.min_block_share * weights[main] and (i < main or len(b) > 1))
    ]
    return [lines[i] for block in kept for i in block]


# --- the stage ----------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def check_text(text: str, where: str, settings: Settings) -> None:
    """Reject text no article could be: empty, binary, not valid Unicode, or too large to be one page."""
    if len(text) > settings.max_source_chars:
        raise TooLargeError(
            f"text of {len(text):,} characters is over the limit of {settings.max_source_chars:,}", where=where
        )
    if not text.strip():
        raise EmptySourceError("the source has no text", where=where)
    sample = text[:65536]
    if "\x00" in text or len(_CONTROL.findall(sample)) > len(sample) / 100:
        raise BinarySourceError("the text holds binary data (control bytes), not an article", where=where)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate: "\ud800" in JSON, or undecodable bytes read leniently
        raise EncodingError(
            f"the text is not valid Unicode (a lone surrogate at character {e.start})", where=where
        ) from e


def ingest(source: Source, source_id: str, settings: Settings) -> Document:
    """Make a Document of a validated Source."""
    from_html = source.html is not None
    raw = source.html if source.html is not None else source.text or ""
    text = html_to_text(raw) if from_html else raw
    check_text(text, source_id, settings)

    published, inferred, stamp = source.published, False, None
    found = infer_published(text)
    if found:
        stamp = found[1]
        if published is None:
            published, inferred = found[0], True
    warnings: list[str] = []
    if published is None:
        warnings.append(
            f"{source_id}: no publication date given or stated in the text; relative dates were not resolved"
        )

    body = find_body(text, settings, stamp)
    if not body:
        warnings.append(
            f"{source_id}: no article text found: every line reads as a headline, a label or navigation "
            "(all capitals, no sentences), so no claim was read"
        )
    sentences = tuple(
        Sentence(s, e, text[s:e])
        for line_start, line_end in body
        for s, e in split_sentences(text, line_start, line_end)
    )
    furniture = _gaps(text, body)
    return Document(
        id=source_id,
        outlet=source.outlet,
        url=source.url,
        title=source.title,
        text=text,
        published=published,
        published_inferred=inferred,
        from_html=from_html,
        sentences=sentences,
        furniture=furniture,
        warnings=tuple(warnings),
    )


def _gaps(text: str, body: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The stretches of text outside the body that hold something other than white space."""
    gaps, cursor = [], 0
    for s, e in [*body, (len(text), len(text))]:
        if text[cursor:s].strip():
            gaps.append((cursor, s))
        cursor = max(cursor, e)
    return tuple(gaps)
