"""insights.E003 checks administration codes against the active municipality,
not a list of Copenhagen's codes in code."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from indgang.core import municipality
from indgang.insights.checks import check_unit_costs

pytestmark = pytest.mark.django_db


def test_wide_administrations_are_checked_against_the_active_municipality():
    # Before any municipality is loaded: the default file's (Copenhagen).
    with override_settings(INSIGHTS_WIDE_ADMINISTRATIONS=["tmf"]):
        assert check_unit_costs() == []
    municipality.load(municipality.shipped_files()["999"], activate=True)
    with override_settings(INSIGHTS_WIDE_ADMINISTRATIONS=["tmf"]):
        assert [e.id for e in check_unit_costs()] == ["insights.E003"]
    with override_settings(INSIGHTS_WIDE_ADMINISTRATIONS=["tek"]):
        assert check_unit_costs() == []
