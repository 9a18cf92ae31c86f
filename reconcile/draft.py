"""A draft as written (Markdown or plain text) -> the plain text its claims are read from, with a map back.

Markdown syntax is not content: front matter (YAML between ``---`` lines, or TOML between ``+++``) is the
draft's metadata; fenced and indented code blocks, HTML comments, images, reference definitions, table
rules and thematic breaks are dropped; headings, list items, quotes and table cells keep their text and
lose their markers; links keep their text and lose their target; emphasis, inline code markers,
inline HTML tags, footnote marks and backslash escapes go. Plain-text drafts (any suffix but
``.md``/``.markdown``/``.mdx``) are read as they are, but for front matter.

Offsets are sacred: every character of the plain text knows the offset of the draft character it came
from, so a claim found in the plain text is reported at the draft's own line and column. Each block
(paragraph, heading, list item, table cell) is its own run of sentences; the line breaks inside a
paragraph are spaces, since a hard-wrapped sentence is still one sentence.
"""

from __future__ import annotations

import html
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from .errors import InvalidDateError, SourceFormatError
from .text import split_sentences
from .types import PUBLISHED_YEARS, Document, Sentence

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
DATE_KEYS = ("published", "date")  # the front matter keys that give the draft's publication date, in order


@dataclass(frozen=True)
class Draft:
    """A parsed draft: its text as written, the plain text claims are read from, and the map between them."""

    raw: str
    text: str
    offsets: tuple[int, ...]  # offsets[i]: where in `raw` text[i] came from; one more entry for the end
    blocks: tuple[tuple[int, int], ...]  # spans of `text`: paragraphs, headings, items, cells
    front_matter: dict[str, object] = field(default_factory=dict)
    _line_starts: tuple[int, ...] = ()

    @property
    def published(self) -> date | None:
        """The publication date the front matter gives (`published:` or `date:`), if any."""
        for key in DATE_KEYS:
            value = self.front_matter.get(key)
            if value is not None and value != "":
                return _as_date(value, key)
        return None

    @property
    def title(self) -> str | None:
        value = self.front_matter.get("title")
        return str(value) if value not in (None, "") else None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The draft's span for the plain text's [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset into the draft."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def document(self, draft_id: str, published: date | None) -> Document:
        """The draft as the pipeline's Document: every block is body, split into sentences."""
        sentences = tuple(
            Sentence(s, e, self.text[s:e])
            for start, end in self.blocks
            for s, e in split_sentences(self.text, start, end)
        )
        return Document(
            id=draft_id,
            outlet=draft_id,
            url=None,
            title=self.title,
            text=self.text,
            published=published,
            published_inferred=False,
            from_html=False,
            sentences=sentences,
        )


def parse_draft(raw: str, path: str | None = None) -> Draft:
    """Read a draft; Markdown syntax is stripped when the path says Markdown (or no path is given)."""
    markdown = path is None or path.lower().endswith(MARKDOWN_SUFFIXES)
    front, body_start = _front_matter(raw, path or "draft")
    builder = _Builder(raw)
    if markdown:
        _markdown_blocks(raw, body_start, builder)
    else:
        _plain_blocks(raw, body_start, builder)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw)]
    return Draft(
        raw=raw,
        text="".join(builder.chars),
        offsets=(*builder.offsets, len(raw)),
        blocks=tuple(builder.blocks),
        front_matter=front,
        _line_starts=tuple(starts),
    )


# --- front matter -------------------------------------------------------------

_YAML_FENCE = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_TOML_FENCE = re.compile(r"\A\ufeff?\+\+\+[ \t]*\r?\n")
_TOML_END = re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.M)
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_YAML_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*?)[ \t]*$|^-[ \t]+(.*?)[ \t]*$")


def _front_matter(raw: str, where: str) -> tuple[dict[str, object], int]:
    """The front matter's keys and where the body starts (0 without front matter)."""
    for fence, end, parse in ((_YAML_FENCE, _YAML_END, _parse_yaml), (_TOML_FENCE, _TOML_END, _parse_toml)):
        opened = fence.match(raw)
        if not opened:
            continue
        closed = end.search(raw, opened.end())
        if not closed:
            raise SourceFormatError("the front matter is not closed (no line of its own fence after it)", where=where)
        return parse(raw[opened.end() : closed.start()], where), closed.end()
    return {}, 0


def _scalar(text: str) -> object:
    text = text.strip()
    if text[:1] in ("'", '"') and (close := text.find(text[0], 1)) > 0:
        return text[1:close]  # a quoted string, whatever follows it (a comment)
    text = re.sub(r"\s+#.*$", "", text)  # a trailing YAML comment
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(item) for item in text[1:-1].split(",") if item.strip()]
    return text


def _parse_yaml(text: str, where: str) -> dict[str, object]:
    """The flat subset of YAML front matter drafts use: `key: value`, inline `[a, b]` and `- item` lists."""
    data: dict[str, object] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key = _YAML_KEY.match(line)
        if key and not line[0].isspace():
            last = key.group(1)
            data[last] = _scalar(key.group(2)) if key.group(2) else []
            continue
        item = _YAML_ITEM.match(line)
        if item and last is not None and isinstance(data.get(last), list):
            items = data[last]
            assert isinstance(items, list)
            items.append(_scalar(item.group(1) or item.group(2) or ""))
            continue
        if last is not None and line[0].isspace():
            continue  # a nested value we do not read (tags, authors' details)
        raise SourceFormatError(f"front matter: cannot read the line {line.strip()!r}", where=where)
    return data


def _parse_toml(text: str, where: str) -> dict[str, object]:
    try:
        return dict(tomllib.loads(text))
    except tomllib.TOMLDecodeError as e:
        raise SourceFormatError(f"front matter: {e}", where=where) from e


def _as_date(value: object, key: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00")).date() if len(raw) > 10 else date.fromisoformat(raw)
    except ValueError as e:
        raise InvalidDateError(f"front matter: {key}: {raw!r} is not an ISO date (YYYY-MM-DD)", field=key) from e
    if not PUBLISHED_YEARS[0] <= parsed.year <= PUBLISHED_YEARS[1]:
        raise InvalidDateError(f"front matter: {key}: {parsed} is outside the years 1800-2200", field=key)
    return parsed


# --- building the plain text ----------------------------------------------------


class _Builder:
    """Plain text out, one draft offset per character; blocks apart by a blank line."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self.blocks: list[tuple[int, int]] = []
        self._open: int | None = None

    def put(self, text: str, offset: int) -> None:
        if (self._open is None or self._open == len(self.chars)) and text.isspace():
            return  # a block starts at its first visible character
        if self._open is None:
            if self.chars:
                self.chars.extend("\n\n")
                self.offsets.extend((offset, offset))
            self._open = len(self.chars)
        self.chars.extend(text)
        self.offsets.extend([offset] * len(text))

    def copy(self, start: int, end: int) -> None:
        """The draft's characters [start, end) as they are."""
        for i in range(start, end):
            self.put(self.raw[i], i)

    def space(self, offset: int) -> None:
        """A line break inside a block reads as a space."""
        if self._open is not None and self.chars and not self.chars[-1].isspace():
            self.put(" ", offset)

    def end_block(self) -> None:
        if self._open is None:
            return
        while len(self.chars) > self._open and self.chars[-1].isspace():
            self.chars.pop()
            self.offsets.pop()
        if len(self.chars) > self._open:  # always, as a block opens at a visible character
            self.blocks.append((self._open, len(self.chars)))
        self._open = None


def _lines(raw: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from `start` on, without its line break."""
    spans = []
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", raw[start:]):
        if not m.group(0):
            break
        content = m.group(0).rstrip("\r\n")
        spans.append((start + m.start(), start + m.start() + len(content)))
    return spans


def _plain_blocks(raw: str, start: int, out: _Builder) -> None:
    for s, e in _lines(raw, start):
        if not raw[s:e].strip():
            out.end_block()
            continue
        out.space(s)
        out.copy(s, e)
    out.end_block()


# Block-level Markdown.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S+")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]]+\]:[ \t]*")
_TABLE_RULE = re.compile(r"^(?=[^|]*\|)(?=[^-]*-)[ \t|:-]+$")  # |---|:--:|
_HTML_BLOCK = re.compile(r"^ {0,3}</?[A-Za-z][\w-]*(?:\s[^>]*)?/?>[ \t]*$")


def _markdown_blocks(raw: str, start: int, out: _Builder) -> None:
    lines = _lines(raw, start)
    fence: str | None = None
    comment = False
    blank_before = True
    for s, e in lines:
        line = raw[s:e]
        if fence is not None:  # inside a fenced code block until its closing fence
            closing = _FENCE.match(line)
            if (
                closing
                and closing.group(1)[0] == fence[0]
                and len(closing.group(1)) >= len(fence)
                and not line[closing.end() :].strip()
            ):
                fence = None
            continue
        if comment:
            close = line.find("-->")
            if close < 0:
                continue
            comment = False
            s += close + 3
            line = raw[s:e]
        if not line.strip():
            out.end_block()
            blank_before = True
            continue
        opened = _FENCE.match(line)
        if opened:
            out.end_block()
            fence = opened.group(1)
            continue
        if blank_before and line.startswith(("    ", "\t")):
            continue  # an indented code block
        if line.lstrip().startswith("<!--") and "-->" not in line:
            comment = True
            out.end_block()
            continue
        blank_before = False
        if _SETEXT.match(line) and out._open is not None:
            out.end_block()  # the underline of a heading: the heading is the block above
            continue
        if _BREAK.match(line) or _REFERENCE.match(line) or _TABLE_RULE.match(line) or _HTML_BLOCK.match(line):
            out.end_block()
            continue
        while quote := _QUOTE.match(line):
            s += quote.end()
            line = raw[s:e]
        heading = _ATX.match(line)
        if heading:
            out.end_block()
            closing_hashes = _ATX_CLOSE.search(line, heading.end())
            stop = closing_hashes.start() if closing_hashes else len(line)
            _inline(raw, s + heading.end(), s + stop, out)
            out.end_block()
            continue
        item = _ITEM.match(line) or _FOOTNOTE_DEF.match(line)
        if item:
            out.end_block()
            s += item.end()
            line = raw[s:e]
        if "|" in line and line.strip().startswith("|"):
            out.end_block()
            for cell in re.finditer(r"(?:\\\||[^|])+", line):
                if cell.group(0).strip():
                    _inline(raw, s + cell.start(), s + cell.end(), out)
                    out.end_block()
            continue
        out.space(s)
        _inline(raw, s, e, out)
    out.end_block()


# Inline Markdown, in the order they are tried at each position.
_INLINE = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<image>!\[(?:[^\]\\]|\\.)*\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\)|!\[(?:[^\]\\]|\\.)*\]\[[^\]]*\])"
    r"|(?P<link>\[(?P<label>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\)|\[[^\]]*\]))"
    r"|(?P<footnote>\[\^[^\]]+\])"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^>\s]*>|<[^@>\s]+@[^>\s]+>)"
    r"|(?P<tag></?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<code>(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<escape>\\[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<strong>\*\*|__|~~)"
    r"|(?P<em>(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_]))",
    re.S,
)


def _inline(raw: str, start: int, end: int, out: _Builder) -> None:
    cursor = start
    for m in _INLINE.finditer(raw, start, end):
        out.copy(cursor, m.start())
        cursor = m.end()
        kind = m.lastgroup
        if kind == "link":
            _inline(raw, m.start("label"), m.end("label"), out)
        elif kind == "escape":
            out.put(raw[m.start() + 1], m.start() + 1)
        elif kind == "entity":
            out.put(html.unescape(m.group(0)), m.start())
        # comments, images, footnote marks, autolinks, tags, code and emphasis markers are not content
    out.copy(cursor, end)
