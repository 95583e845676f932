"""The contact register by month on PostgreSQL; one plain table on SQLite."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from indgang.contacts import partitions, services
from indgang.contacts.constants import Channel, Source
from indgang.contacts.models import Contact

pytestmark = pytest.mark.django_db

COPENHAGEN = dt.timezone(dt.timedelta(hours=1))


def record(started_at: dt.datetime, **kwargs: object) -> Contact:
    return services.record_contact(
        channel=Channel.PHONE, source=Source.STAFF, started_at=started_at, **kwargs
    )


def test_the_table_is_partitioned_on_postgresql_only() -> None:
    assert partitions.partitioned() is (connection.vendor == "postgresql")


def test_a_contact_lands_in_its_month_in_copenhagen_time(population: object) -> None:
    # 23:30 on 31 January in Copenhagen is still January, though it is 22:30 UTC.
    now = timezone.localtime()
    january_evening = dt.datetime(now.year + 1, 1, 31, 23, 30, tzinfo=COPENHAGEN)
    contact = record(january_evening)
    assert Contact.objects.get(pk=contact.pk).started_at == january_evening
    if connection.vendor == "postgresql":
        assert partitions.rows_by_partition()[f"contacts_contact_y{now.year + 1}m01"] == 1


def test_a_contact_from_long_ago_is_kept_and_moved_into_its_month(population: object) -> None:
    long_ago = dt.datetime(2019, 5, 14, 9, 0, tzinfo=dt.UTC)
    first = record(long_ago, service="pas", citizen_key="k")
    again = record(long_ago + dt.timedelta(days=1), service="pas", citizen_key="k")
    assert again.earlier_contact_id == first.pk
    out = io.StringIO()
    call_command("contacts", "partitions", stdout=out)
    # Same rows, same ids, the re-contact link intact (it needs no foreign key).
    assert Contact.objects.get(pk=again.pk).earlier_contact == Contact.objects.get(pk=first.pk)
    assert list(Contact.objects.get(pk=first.pk).recontacts.all()) == [again]
    if connection.vendor == "postgresql":
        rows = partitions.rows_by_partition()
        assert rows["contacts_contact_y2019m05"] == 2
        assert rows["contacts_contact_default"] == 0
        assert "1" in out.getvalue()
    else:
        assert "SQLite" in out.getvalue()


def test_deleting_an_earlier_contact_empties_the_link(population: object) -> None:
    first = record(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), service="pas", citizen_key="k")
    again = record(dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC), service="pas", citizen_key="k")
    assert again.earlier_contact_id == first.pk
    first.delete()
    again.refresh_from_db()
    assert again.earlier_contact_id is None


def test_the_same_source_reference_still_records_once(population: object) -> None:
    started = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    first = record(started, source_ref="tel-1")
    assert record(started + dt.timedelta(days=40), source_ref="tel-1").pk == first.pk
    assert Contact.objects.filter(source_ref="tel-1").count() == 1


def test_the_months_ahead_exist_after_the_daily_job(population: object) -> None:
    partitions.ensure(months_ahead=14)
    if connection.vendor == "postgresql":
        in_a_year = timezone.localtime() + dt.timedelta(days=400)
        assert f"contacts_contact_y{in_a_year:%Y}m{in_a_year:%m}" in partitions.rows_by_partition()
    assert partitions.ensure(months_ahead=14) == 0
