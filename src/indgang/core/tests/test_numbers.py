"""Numbers and amounts as Danes type and read them: one parser and one
format for every number field (self-service, business case, contact log)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from indgang.core import numbers


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6.500", "6500"),
        ("3.250,50", "3250.50"),
        ("3250,50", "3250.50"),
        ("1200,50", "1200.50"),
        ("1.200.000", "1200000"),
        ("6 500 kr.", "6500"),
        ("4200", "4200"),
        ("149.50", "149.50"),
        ("0", "0"),
        ("7,5", "7.5"),
    ],
)
def test_danish_input_is_read_as_a_dane_means_it(typed, expected):
    with translation.override("da"):
        assert numbers.parse_number(typed) == Decimal(expected)


def test_english_grouping_is_read_in_english():
    with translation.override("en"):
        assert numbers.parse_number("3,250") == Decimal("3250")
        assert numbers.parse_number("3,250.50") == Decimal("3250.50")
        assert numbers.parse_number("6.500") == Decimal("6500")


@pytest.mark.parametrize("typed", ["", "abc", "1.2.3", "12,5,0", "1,2.3", "kr.", "5 000,5,0"])
def test_bad_input_is_refused(typed):
    with pytest.raises(ValueError):
        numbers.parse_number(typed)


def test_amounts_are_shown_with_danish_separators_and_the_unit():
    with translation.override("da"):
        assert numbers.kroner(Decimal("6500")) == "6.500 kr."
        assert numbers.kroner("3250.50") == "3.250,50 kr."
        assert numbers.kroner(20000, unit=False) == "20.000"
        assert numbers.percent(12.5) == "12,5 %"
    with translation.override("en"):
        assert numbers.kroner("3250.50") == "3,250.50 kr."
        assert numbers.percent(12.5) == "12.5%"


def test_an_amount_field_keeps_its_checks_and_says_what_is_wrong():
    with translation.override("da"):
        field = numbers.AmountField(min_value=0)
        assert field.clean("3.250,50") == Decimal("3250.50")
        with pytest.raises(ValidationError) as bad:
            field.clean("tre tusind")
        assert "fx 6.500 eller 3.250,50" in str(bad.value)
        with pytest.raises(ValidationError) as decimals:
            field.clean("12,505")
        assert "2 decimaler" in str(decimals.value)
        assert numbers.WholeNumberField().clean("6.500") == 6500
        with pytest.raises(ValidationError):
            numbers.WholeNumberField().clean("6,5")
