from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone, translation

from indgang.catalogue.demo import load_catalogue
from indgang.conftest import staff_client
from indgang.contacts.models import Contact
from indgang.insights import rollup
from indgang.insights.businesscase import Inputs, calculate

URL = "/medarbejder/indsigt/business-case/"
EXAMPLE = {
    "calls_per_year": "19460",
    "minutes_per_call": "8",
    "reduction_percent": "30",
    "cost_per_hour": "450",
    "investment_per_year": "100000",
    "one_off_investment": "500000",
}


def example(**changes: Any) -> Inputs:
    values: dict[str, Any] = {
        "calls_per_year": 19_460,
        "minutes_per_call": Decimal(8),
        "reduction_percent": Decimal(30),
        "cost_per_hour": Decimal(450),
    }
    values.update(changes)
    return Inputs(**values)


def test_it_reproduces_the_municipalitys_example() -> None:
    # 19,460 calls × 8 min × 30 % = 46,704 min; ÷ 60 = 778.4 hours a year.
    result = calculate(example())
    assert result.calls_avoided == Decimal("5838")
    assert result.minutes_saved == Decimal("46704")
    assert result.hours_saved == Decimal("778.4")
    # 778.4 h × 450 kr. = 350,280 kr.
    assert result.kroner_saved == Decimal("350280")
    assert result.payback_year == 1


def test_it_shows_its_working_line_by_line() -> None:
    with translation.override("en"):
        lines = calculate(example()).lines
    assert lines[1].working == "19,460 × 8 min × 30 % = 46,704 min"
    assert lines[2].working == "46,704 min ÷ 60 = 778.4 hours"
    with translation.override("da"):
        lines = calculate(example()).lines
    assert lines[2].working == "46.704 min ÷ 60 = 778,4 timer"


def test_the_payback_year_counts_the_net_saving_against_the_one_off_investment() -> None:
    # Net 350,280 − 100,000 = 250,280 kr. a year; 500,000 ÷ 250,280 = 2.0 → year 2.
    result = calculate(
        example(investment_per_year=Decimal(100_000), one_off_investment=Decimal(500_000))
    )
    assert result.net_per_year == Decimal("250280")
    assert result.payback_year == 2
    # 600,000 ÷ 250,280 = 2.4 → year 3.
    assert (
        calculate(
            example(investment_per_year=Decimal(100_000), one_off_investment=Decimal(600_000))
        ).payback_year
        == 3
    )


def test_it_never_pays_back_when_the_yearly_investment_eats_the_saving() -> None:
    result = calculate(example(investment_per_year=Decimal(400_000)))
    assert result.payback_year is None
    assert result.net_per_year < 0


@pytest.mark.django_db
def test_the_page_calculates_and_shows_the_working(analyst: User) -> None:
    page = staff_client(analyst).get(URL, EXAMPLE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "778,4" in html
    assert "46.704 min ÷ 60 = 778,4 timer" in html
    assert "350.280" in html


@pytest.mark.django_db
def test_bad_input_gets_clear_messages_and_keeps_what_was_typed(analyst: User) -> None:
    page = staff_client(analyst).get(
        URL,
        {**EXAMPLE, "calls_per_year": "mange", "reduction_percent": "130", "minutes_per_call": ""},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Skriv et helt antal opkald, for eksempel 19460." in html
    assert "Skriv et tal på højst 100." in html
    assert "Skriv hvor mange minutter et opkald tager." in html
    errors = page.context["form"].errors
    assert set(errors) == {"calls_per_year", "reduction_percent", "minutes_per_call"}
    assert 'value="mange"' in html and 'value="130"' in html


@pytest.mark.django_db
def test_it_can_be_prefilled_from_measured_phone_calls(analyst: User) -> None:
    load_catalogue()
    when = timezone.now() - timedelta(days=3)
    for seconds in (420, 540, 480):
        Contact.objects.create(
            channel="phone", service="laegeskift", started_at=when, duration_s=seconds
        )
    Contact.objects.create(channel="selfservice", service="laegeskift", started_at=when)
    today = timezone.localdate()
    rollup.rebuild(today - timedelta(days=10), today)
    page = staff_client(analyst).get(URL, {"prefill": "laegeskift"})
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["calls_per_year"] == 3
    assert form.initial["minutes_per_call"] == Decimal("8.0")
    assert page.context["measured"]["calls"] == 3


@pytest.mark.django_db
def test_the_municipalitys_example_is_one_click_away(analyst: User) -> None:
    client = staff_client(analyst)
    page = client.get(URL).content.decode()
    link = page.split('data-testid="municipal-example"')[0].rsplit('href="', 1)[1].split('"')[0]
    result = client.get(URL + link.replace("&amp;", "&")).content.decode()
    assert "778,4" in result


@pytest.mark.django_db
def test_danish_numbers_are_read_as_typed(analyst: User) -> None:
    typed = {**EXAMPLE, "calls_per_year": "19.460", "minutes_per_call": "7,5"}
    page = staff_client(analyst).get(URL, typed)
    assert page.status_code == 200, page.context["form"].errors
    assert page.context["form"].cleaned_data["calls_per_year"] == 19_460
    assert page.context["form"].cleaned_data["minutes_per_call"] == Decimal("7.5")
