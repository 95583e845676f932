from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from indgang.contacts.models import Contact
from indgang.insights import rollup
from indgang.insights.models import ContactDaily

pytestmark = pytest.mark.django_db


def contact(when: datetime, **fields: object) -> Contact:
    values: dict[str, object] = {
        "channel": "phone",
        "service": "laegeskift",
        "administration_id": "kff",
        "started_at": when,
        "duration_s": 480,
    }
    values.update(fields)
    return Contact.objects.create(**values)


def test_it_groups_contacts_by_local_day_and_dimension() -> None:
    # 23:30 UTC on 31 January is 00:30 on 1 February in Copenhagen.
    contact(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    contact(datetime(2026, 2, 1, 9, 0, tzinfo=UTC), duration_s=600)
    contact(datetime(2026, 2, 1, 10, 0, tzinfo=UTC), duration_s=None)
    contact(datetime(2026, 2, 1, 10, 0, tzinfo=UTC), channel="selfservice", duration_s=None)

    written = rollup.rebuild(date(2026, 2, 1), date(2026, 2, 1))

    assert written == 2
    phone = ContactDaily.objects.get(day=date(2026, 2, 1), channel="phone")
    assert (phone.count, phone.duration_sum, phone.duration_count) == (3, 1080, 2)
    assert phone.administration == "kff"
    assert not ContactDaily.objects.filter(day=date(2026, 1, 31)).exists()


def test_it_records_recontacts_with_the_earlier_channel() -> None:
    first = contact(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), channel="selfservice")
    contact(datetime(2026, 3, 3, 8, 0, tzinfo=UTC), earlier_contact=first)

    rollup.rebuild(date(2026, 3, 1), date(2026, 3, 31))

    first_row = ContactDaily.objects.get(channel="selfservice")
    # Resolved, but a later contact repeats it: not settled.
    assert (first_row.resolved, first_row.settled, first_row.recontact) == (1, 0, False)
    again = ContactDaily.objects.get(channel="phone")
    assert again.recontact and again.earlier_channel == "selfservice"
    assert (again.resolved, again.settled) == (1, 1)


def test_a_rebuild_replaces_the_range_and_leaves_other_days_alone() -> None:
    contact(datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    contact(datetime(2026, 4, 2, 8, 0, tzinfo=UTC))
    rollup.rebuild(date(2026, 4, 1), date(2026, 4, 2))
    Contact.objects.filter(started_at__date=date(2026, 4, 2)).delete()
    contact(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))

    rollup.rebuild(date(2026, 4, 2), date(2026, 4, 2))

    assert not ContactDaily.objects.filter(day=date(2026, 4, 2)).exists()
    # 1 April was not in the range: still the old figure until it is rebuilt.
    assert ContactDaily.objects.get(day=date(2026, 4, 1)).count == 1
    rollup.rebuild(date(2026, 4, 1), date(2026, 4, 1))
    assert ContactDaily.objects.get(day=date(2026, 4, 1)).count == 2


def test_the_command_rebuilds_a_range(capsys: pytest.CaptureFixture[str]) -> None:
    contact(datetime(2026, 5, 5, 8, 0, tzinfo=UTC))
    call_command("insights", "rebuild", "--from", "2026-05-01", "--to", "2026-05-31")
    assert "Rebuilt 2026-05-01..2026-05-31: 1 rows" in capsys.readouterr().out
    assert rollup.last_run() is not None


def test_months_are_summed_and_periods_read_months_plus_edge_days() -> None:
    from indgang.insights.metrics import METRICS, Period
    from indgang.insights.models import ContactMonthly

    for day in (1, 15, 31):
        contact(datetime(2026, 1, day, 11, 0, tzinfo=UTC))
    contact(datetime(2026, 2, 10, 11, 0, tzinfo=UTC))
    contact(datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    rollup.rebuild(date(2026, 1, 1), date(2026, 3, 31))

    assert ContactMonthly.objects.get(month=date(2026, 1, 1)).count == 3
    count = METRICS["contacts"]
    # Whole months only, months plus edge days, and days inside one month.
    assert count(Period(date(2026, 1, 1), date(2026, 2, 28))).value == 4
    assert count(Period(date(2026, 1, 15), date(2026, 3, 2))).value == 4
    assert count(Period(date(2026, 1, 2), date(2026, 1, 30))).value == 1
    assert count(Period(date(2025, 12, 31), date(2026, 1, 1))).value == 1
