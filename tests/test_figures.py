"""Figures: comparison levels as pair tables (money, quantities), and absurd figures that must not crash."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.dimensions.base import compare
from reconcile.dimensions.figures import written_precision
from reconcile.dimensions.money.compare import LEVELS as MONEY_LEVELS
from reconcile.dimensions.quantities.compare import LEVELS as QUANTITY_LEVELS
from reconcile.extract import extract_claims
from reconcile.ingest import ingest
from reconcile.rates import to_usd
from reconcile.settings import Settings
from reconcile.types import Bound, MoneyAmount, MoneyValue, QuantityValue, Source

DAY = date(2025, 8, 21)


def money(
    amount: str, currency: str = "USD", bound: Bound = "exact", equivalent: MoneyAmount | None = None
) -> MoneyValue:
    value = Decimal(amount)
    return MoneyValue(
        amount=value, currency=currency, bound=bound, usd=to_usd(value, currency, DAY), equivalent=equivalent
    )


def count(amount: str, unit: str | None = "people", bound: Bound = "exact") -> QuantityValue:
    return QuantityValue(amount=Decimal(amount), unit=unit, bound=bound)


MONEY_PAIRS = [
    (money("1.4E+9"), money("1.4E+9"), "equal", True),
    (money("1.4E+9", bound="about"), money("1.36E+9"), "within_tolerance", True),  # "about $1.4 billion" vs $1.36bn
    (money("1.4E+9"), money("1.42E+9"), "within_tolerance", True),  # $1.4bn covers 1.35-1.45bn
    (money("1.4E+12"), money("1.4E+9"), "differs", False),  # "$1.4 tn" and "$1.4 billion" do not agree
    (money("2E+11", "JPY"), money("1.35E+9"), "equivalent", True),  # 200 billion yen at the day's rate
    (money("2E+11", "JPY"), money("2.5E+9"), "differs", False),
    (money("2.00E+11", "JPY"), money("3.00E+11", "JPY"), "differs", False),  # "200 billion yen" vs "300 billion"
    (
        money("2E+11", "JPY", equivalent=MoneyAmount(amount=Decimal("1.4E+9"), currency="USD", bound="about")),
        money("1.4E+9"),
        "within_tolerance",
        True,
    ),  # the equivalent in parentheses counts
    (money("5E+8", bound="more_than"), money("6E+8"), "within_tolerance", True),
    (money("5E+8", bound="at_most"), money("6E+8"), "differs", False),
]


@pytest.mark.parametrize(("left", "right", "relation", "agrees"), MONEY_PAIRS)
def test_money_levels(left: MoneyValue, right: MoneyValue, relation: str, agrees: bool) -> None:
    settings = Settings()
    for a, b in ((left, right), (right, left)):
        level = compare(MONEY_LEVELS, a, b, settings)
        assert (level.relation, level.agrees) == (relation, agrees)


QUANTITY_PAIRS = [
    (count("800", bound="more_than"), count("812"), "within_tolerance", True),  # "more than 800 dead" vs 812
    (count("800"), count("812"), "differs", False),  # written figures are precise to their last digit
    (count("812"), count("815"), "differs", False),
    (count("17", "miles"), count("27", "km"), "equivalent", True),  # converted within the unit family
    (count("17", "miles"), count("17", "km"), "differs", False),
    (count("6.9", "magnitude"), count("7.0", "magnitude"), "differs", False),  # "7.0" is precise to 0.05
    (count("40", "%"), count("40", "percentage points"), "differs", False),
    (count("400", "injured"), count("400", "evacuated"), "differs", False),
]


@pytest.mark.parametrize(("left", "right", "relation", "agrees"), QUANTITY_PAIRS)
def test_quantity_levels(left: QuantityValue, right: QuantityValue, relation: str, agrees: bool) -> None:
    level = compare(QUANTITY_LEVELS, left, right, Settings())
    assert (level.relation, level.agrees) == (relation, agrees)


@pytest.mark.parametrize(
    ("written", "half_unit"), [("1.4E+9", 5e7), ("7.0", 0.05), ("812", 0.5), ("800", 0.5), ("2.00E+11", 5e8)]
)
def test_written_precision(written: str, half_unit: float) -> None:
    assert written_precision(Decimal(written)) == pytest.approx(half_unit)


@pytest.mark.parametrize(
    "sentence",
    [
        "The fund holds $" + "9" * 400 + " in reserves, the report said.",
        "Officials denied paying $-5 to anyone on Tuesday.",
        "A trader quoted 1e309 yen as a joke on Monday.",
        "The ledger showed 123456789012345678901234567890 rupees.",
        "Losses reached $" + "1," * 200 + "000.",
    ],
)
def test_absurd_figures_are_skipped_not_crashed_on(sentence: str) -> None:
    settings = Settings()
    document = ingest(Source(outlet="x", published=DAY, text=sentence), "x", settings)
    for framed in extract_claims(document, settings):
        claim = framed.claim
        assert document.text[claim.span[0] : claim.span[1]] == claim.text
        if isinstance(claim.value, MoneyValue):
            assert claim.value.amount > 0 and len(str(int(claim.value.amount))) <= 30


def test_a_currency_with_no_ecb_rate_has_no_usd() -> None:
    assert to_usd(Decimal(100), "NGN", DAY) is None
    assert to_usd(Decimal(100), "USD", None) is None
