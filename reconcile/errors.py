"""Errors the core raises, each with a stable code that edges map once.

    ReconcileError (reconcile.error)
    └── InputError (input)                 bad input: exit 2 / HTTP 4xx
        ├── SourceFormatError (input.format)      not JSON, not an object, wrong fields
        ├── EmptySourceError (input.empty)        no text at all
        ├── BinarySourceError (input.binary)      bytes that are not text
        ├── EncodingError (input.encoding)        text that is not UTF-8
        ├── TooLargeError (input.too_large)       over Settings.max_source_chars
        ├── InvalidDateError (input.date)         a `published` that is not a date
        ├── UnknownFileTypeError (input.file_type) a story file we do not read
        └── StoryError (input.story)              a story directory that cannot be read

Extractors never raise: a span they cannot resolve yields no claim.
"""

from __future__ import annotations


class ReconcileError(Exception):
    code = "reconcile.error"

    def __init__(self, message: str, *, where: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where  # the file or source the problem is in
        self.field = field  # the input field at fault, where one is

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(ReconcileError):
    code = "input"


class SourceFormatError(InputError):
    code = "input.format"


class EmptySourceError(InputError):
    code = "input.empty"


class BinarySourceError(InputError):
    code = "input.binary"


class EncodingError(InputError):
    code = "input.encoding"


class TooLargeError(InputError):
    code = "input.too_large"


class InvalidDateError(InputError):
    code = "input.date"


class UnknownFileTypeError(InputError):
    code = "input.file_type"


class StoryError(InputError):
    code = "input.story"
