"""Extraction dimensions, one folder each; every one registers its rules at import."""

from __future__ import annotations

from .base import Dimension
from .dates.rules import DATES
from .durations.rules import DURATIONS
from .money.rules import MONEY
from .people.rules import PEOPLE
from .places.rules import PLACES
from .quantities.rules import QUANTITIES

DIMENSIONS: tuple[Dimension, ...] = (DATES, DURATIONS, MONEY, QUANTITIES, PLACES, PEOPLE)

__all__ = ["DIMENSIONS", "Dimension"]
