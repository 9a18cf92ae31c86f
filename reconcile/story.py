"""Reading a story directory (the contract's input on disk) into sources, with errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from .errors import (
    BinarySourceError,
    EmptySourceError,
    EncodingError,
    InvalidDateError,
    SourceFormatError,
    StoryError,
    TooLargeError,
    UnknownFileTypeError,
)
from .ingest import check_text, html_to_text
from .settings import Settings
from .types import Source, StoryInfo

STORY_FILE = "story.json"
_TEXT_SUFFIXES = (".txt", ".md")


def decode(raw: bytes, where: str, settings: Settings) -> str:
    """UTF-8 text of a file's bytes, or an error saying why it is not an article."""
    if len(raw) > settings.max_source_chars * 4:
        raise TooLargeError(f"file of {len(raw):,} bytes is over the limit", where=where)
    if not raw.strip():
        raise EmptySourceError("the file is empty", where=where)
    if b"\x00" in raw[:65536]:
        raise BinarySourceError("the file is binary (it holds NUL bytes), not text", where=where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise EncodingError(
            f"the file is not UTF-8 (byte {e.start}: {raw[e.start : e.start + 1]!r})", where=where
        ) from e


def validation_message(error: ValidationError) -> tuple[str, str | None]:
    """One line naming the first field at fault, and that field."""
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or None
    message = first["msg"].removeprefix("Value error, ")
    return (f"{field}: {message}" if field else message), field


def parse_source(data: object, where: str, default_id: str | None = None) -> Source:
    """A Source from a decoded JSON value, with an error that names the field at fault."""
    if not isinstance(data, dict):
        raise SourceFormatError(f"a source must be a JSON object, not {type(data).__name__}", where=where)
    if default_id and not data.get("id"):
        data = {**data, "id": default_id}
    try:
        source = Source.model_validate(data)
    except ValidationError as e:
        message, field = validation_message(e)
        error = InvalidDateError if field == "published" else SourceFormatError
        raise error(message, where=where, field=field) from e
    _check_fields(source, where)
    return source


def _check_fields(source: Source, where: str) -> None:
    for name, value in source.model_dump().items():
        if isinstance(value, str):
            _check_unicode(value, where, name)


def lone_surrogate(value: str) -> int | None:
    """Where a string holds a lone surrogate (a `"\\ud800"` escape in JSON), which no document can carry."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return e.start
    return None


def _check_unicode(value: str, where: str, field: str) -> None:
    at = lone_surrogate(value)
    if at is not None:
        message = f"{field}: not valid Unicode (a lone surrogate at character {at})"
        raise EncodingError(message, where=where, field=field)


def load_source(path: Path, settings: Settings) -> Source:
    where = str(path)
    size = path.stat().st_size
    if size > settings.max_source_chars * 4:  # before reading it: a huge file is refused, not loaded
        raise TooLargeError(f"file of {size:,} bytes is over the limit", where=where)
    text = decode(path.read_bytes(), where, settings)
    if path.suffix in _TEXT_SUFFIXES:
        source = Source(id=path.stem, outlet=path.stem.replace("_", " ").replace("-", " "), text=text)
        _check_fields(source, where)  # a file name of undecodable bytes
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise SourceFormatError(f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}", where=where) from e
        source = parse_source(data, where, default_id=path.stem)
    # The checks ingest makes, here where the error can name the file rather than the source's id.
    check_text(source.text if source.text is not None else html_to_text(source.html or ""), where, settings)
    return source


def load_story(directory: Path, settings: Settings) -> tuple[StoryInfo, list[Source]]:
    """The story's sources, in file-name order, and its id and title (from story.json, else the directory)."""
    if not directory.is_dir():
        raise StoryError("not a directory", where=str(directory))
    story = StoryInfo(id=directory.resolve().name)
    sources: list[Source] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.name == STORY_FILE:
            story = _story_info(path, story, settings)
            continue
        if path.suffix != ".json" and path.suffix not in _TEXT_SUFFIXES:
            raise UnknownFileTypeError(
                f"unknown file type {path.suffix or '(none)'!r}: a story holds .json, .txt and .md sources",
                where=str(path),
            )
        source = load_source(path, settings)
        sid = source.id or path.stem
        if sid in seen:
            raise StoryError(f"source id {sid!r} is used by {seen[sid].name} too", where=str(path))
        seen[sid] = path
        sources.append(source)
    if not sources:
        raise StoryError("the story has no sources (.json, .txt or .md files)", where=str(directory))
    return story, sources


def _story_info(path: Path, default: StoryInfo, settings: Settings) -> StoryInfo:
    try:
        data = json.loads(decode(path.read_bytes(), str(path), settings))
        info = StoryInfo(id=str(data.get("id") or default.id), title=data.get("title"))
    except (json.JSONDecodeError, AttributeError, ValidationError) as e:
        raise StoryError("story.json must be a JSON object with `id` and `title`", where=str(path)) from e
    _check_unicode(info.id, str(path), "id")
    if info.title is not None:
        _check_unicode(info.title, str(path), "title")
    return info
