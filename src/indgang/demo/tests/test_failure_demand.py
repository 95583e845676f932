"""The demo's lægeskift story: calls caused by one field, fewer after the fix."""

from __future__ import annotations

import datetime as dt

import pytest

from indgang.contacts.constants import LinkBasis
from indgang.contacts.models import AttemptLink
from indgang.demo.failure_demand import load_failure_demand, story
from indgang.insights.metrics import METRICS, Filters, Period

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def test_the_calls_follow_the_fee_field_and_fall_after_the_fix(population: object) -> None:
    linked = load_failure_demand(scale=0.05, seed=3, today=TODAY)
    assert linked > 300
    assert load_failure_demand(scale=0.05, seed=3, today=TODAY) == 0  # loaded once
    told = story(TODAY)
    # The same half-year on either side of the fix: far fewer contacts after.
    assert told["after"] < told["before"] * 0.5
    assert "Folkeregistret viser ingen flytning" in told["explained"]
    before = Period(TODAY - dt.timedelta(days=364), told["fix_day"] - dt.timedelta(days=1))
    cost = METRICS["failure_demand_cost"](before, Filters(service="laegeskift"))
    # The fee field is what costs most, and it is the register check behind it.
    assert cost.series[0].key == "laegeskift:1:gebyr:reason"
    calls = AttemptLink.objects.filter(basis=LinkBasis.INFERRED)
    assert calls.exists() and all(
        "3 dage" in rule for rule in calls.values_list("basis_rule", flat=True)[:5]
    )
    per_100 = METRICS["contacts_per_100_submissions"](before, Filters(service="laegeskift")).value
    assert per_100 is not None and per_100 > 20
