"""Extraction dimensions, one folder each; every one registers its rules at import."""

from __future__ import annotations

from .base import Dimension
from .dates.rules import DATES
from .durations.rules import DURATIONS

DIMENSIONS: tuple[Dimension, ...] = (DATES, DURATIONS)

__all__ = ["DIMENSIONS", "Dimension"]
