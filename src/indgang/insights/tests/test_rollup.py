from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from indgang.contacts.models import Contact
from indgang.insights import rollup
from indgang.insights.models import ContactDaily, ReasonDaily, ReasonMonthly

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


def test_reasons_are_counted_per_day_apart_from_the_contact_figures() -> None:
    contact(datetime(2026, 2, 3, 9, 0, tzinfo=UTC), reason="chasing")
    contact(datetime(2026, 2, 3, 10, 0, tzinfo=UTC), reason="chasing")
    contact(datetime(2026, 2, 3, 10, 0, tzinfo=UTC), reason="new_matter")
    # No reason recorded: in the contact figures, not in the reason figures.
    contact(datetime(2026, 2, 3, 11, 0, tzinfo=UTC), reason="")

    rollup.rebuild(date(2026, 2, 1), date(2026, 2, 28))

    counts = dict(ReasonDaily.objects.values_list("reason", "count"))
    assert counts == {"chasing": 2, "new_matter": 1}
    assert ContactDaily.objects.get().count == 4
    assert dict(ReasonMonthly.objects.values_list("reason", "count")) == counts


def test_an_incremental_rebuild_keeps_the_reason_figures_right() -> None:
    from indgang.insights.metrics import METRICS, Period

    contact(datetime(2026, 4, 1, 8, 0, tzinfo=UTC), reason="chasing")
    changed = contact(datetime(2026, 4, 2, 8, 0, tzinfo=UTC), reason="not_understood")
    contact(datetime(2026, 4, 2, 9, 0, tzinfo=UTC), reason="guidance")
    rollup.rebuild(date(2026, 4, 1), date(2026, 4, 30))
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    assert METRICS["avoidable_contacts"](april).value == pytest.approx(2 / 3)

    # Staff correct a reason on 2 April and a contact arrives on 3 April; the
    # five-minute job rebuilds only those two days.
    Contact.objects.filter(pk=changed.pk).update(reason="new_matter")
    contact(datetime(2026, 4, 3, 8, 0, tzinfo=UTC), reason="technical_error")
    rollup.rebuild(date(2026, 4, 2), date(2026, 4, 3))

    assert ReasonDaily.objects.get(day=date(2026, 4, 1)).count == 1
    assert dict(
        ReasonDaily.objects.filter(day=date(2026, 4, 2)).values_list("reason", "count")
    ) == {"new_matter": 1, "guidance": 1}
    # The month is re-summed from all its days, not only the rebuilt ones.
    assert dict(ReasonMonthly.objects.values_list("reason", "count")) == {
        "chasing": 1,
        "new_matter": 1,
        "guidance": 1,
        "technical_error": 1,
    }
    # Whole month (monthly rows) and edge days (daily rows) agree: 2 of 4.
    assert METRICS["avoidable_contacts"](april).value == 0.5
    assert METRICS["avoidable_contacts"](Period(date(2026, 4, 2), date(2026, 4, 30))).value == (
        pytest.approx(1 / 3)
    )
    assert METRICS["avoidable_contacts"](Period(date(2026, 3, 31), date(2026, 4, 30))).value == 0.5
