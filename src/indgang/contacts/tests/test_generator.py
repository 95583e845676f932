"""The synthetic year is calibrated to Copenhagen's figures and deterministic."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count

from indgang.contacts import generator
from indgang.contacts.constants import (
    LAEGESKIFT_PHONE_CALLS,
    WRITTEN_CHANNELS,
    YEARLY_CONTACTS,
    Channel,
    Source,
)
from indgang.contacts.models import Contact


@pytest.mark.parametrize("scale", [1.0, 0.01, 0.0037])
def test_channel_totals_match_copenhagens_figures_at_any_scale(scale: float) -> None:
    counts = generator.count_matrix(scale)
    per_channel: dict[str, int] = {}
    for (_service, channel), n in counts.items():
        per_channel[channel] = per_channel.get(channel, 0) + n
    assert per_channel[Channel.IN_PERSON] == round(YEARLY_CONTACTS["in_person"] * scale)
    assert per_channel[Channel.PHONE] == round(YEARLY_CONTACTS["phone"] * scale)
    assert per_channel[Channel.SELFSERVICE] == round(YEARLY_CONTACTS["digital"] * scale)
    written = sum(per_channel[c] for c in WRITTEN_CHANNELS)
    assert written == round(YEARLY_CONTACTS["written"] * scale)
    assert all(per_channel[c] > 0 for c in WRITTEN_CHANNELS)
    assert abs(sum(counts.values()) - 13_070_000 * scale) <= 0.001 * 13_070_000 * scale
    assert counts[("laegeskift", Channel.PHONE)] == round(LAEGESKIFT_PHONE_CALLS * scale)


@pytest.mark.django_db
def test_a_generated_year_is_calibrated_linked_and_repeatable(population: object) -> None:
    scale = 0.004
    call_command(
        "contacts", "generate", "--scale", str(scale), "--year", "2025", "--seed", "3",
        stdout=StringIO(),
    )  # fmt: skip
    demo = Contact.objects.filter(source=Source.DEMO)
    by_channel = dict(demo.values_list("channel").annotate(n=Count("id")))
    assert by_channel[Channel.IN_PERSON] == round(5_380_000 * scale)
    assert by_channel[Channel.PHONE] == round(3_340_000 * scale)
    assert by_channel[Channel.SELFSERVICE] == round(1_800_000 * scale)
    calls = demo.filter(service="laegeskift", channel=Channel.PHONE)
    assert calls.count() == round(19_460 * scale)
    assert 300 < (calls.aggregate(m=Avg("duration_s"))["m"] or 0) < 700  # ~8 minutes
    assert all(c.started_at.year == 2025 for c in demo.order_by("started_at")[:1])
    # Re-contacts: a plausible share of the identified contacts, linked by the
    # register's own rule (same citizen, same matter, within the window).
    identified = demo.exclude(citizen_key="")
    linked = identified.filter(earlier_contact__isnull=False)
    assert 0.10 <= linked.count() / identified.count() <= 0.25
    for contact in linked.select_related("earlier_contact")[:50]:
        earlier = contact.earlier_contact
        assert earlier is not None and earlier.citizen_key == contact.citizen_key
        assert earlier.started_at <= contact.started_at
        assert (contact.started_at - earlier.started_at).days <= 14
    after_selfservice = linked.filter(
        channel=Channel.PHONE, earlier_contact__channel=Channel.SELFSERVICE
    ).count()
    assert (
        after_selfservice
        > linked.filter(channel=Channel.PHONE, earlier_contact__channel=Channel.LETTER).count()
    )
    # Busier in January than in July.
    january = demo.filter(started_at__month=1).count()
    july = demo.filter(started_at__month=7).count()
    assert january > 1.4 * july

    fingerprint = list(demo.order_by("id").values_list("channel", "service", "started_at")[:200])
    call_command(
        "contacts", "generate", "--scale", str(scale), "--year", "2025", "--seed", "3",
        stdout=StringIO(),
    )  # fmt: skip
    again = Contact.objects.filter(source=Source.DEMO)
    assert again.count() == sum(by_channel.values())  # replaced, not added
    assert list(again.order_by("id").values_list("channel", "service", "started_at")[:200]) == (
        fingerprint
    )


@pytest.mark.django_db
def test_a_bulk_load_puts_every_index_and_foreign_key_back(
    population: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    def constraints() -> dict[str, tuple[object, ...]]:
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, "contacts_contact")
        return {
            name: (tuple(c["columns"]), c["foreign_key"], c["unique"], c["index"])
            for name, c in found.items()
        }

    before = constraints()
    monkeypatch.setattr(generator, "worth_it", lambda rows: True)
    generator.generate(scale=0.0005, year=2025, seed=2)
    assert constraints() == before
    assert Contact.objects.filter(source=Source.DEMO).count() == sum(
        generator.count_matrix(0.0005).values()
    )
