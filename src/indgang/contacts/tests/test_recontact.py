"""The re-contact rule is written once, in two versions: one contact at a
time as it is recorded (``recontact.link``) and a data frame at a time for
imports and the demo generator (``recontact.link_frame``). On the same
contacts both must give the same links."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest
from django.test import override_settings

from indgang.contacts import recontact, services
from indgang.contacts.constants import Channel, Source
from indgang.contacts.models import Contact
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
# Lægeskift and sundhedskort are one matter, pas and kørekort another.
SERVICES = ["laegeskift", "sundhedskort", "pas", "koerekort", "affald", "sundhedskort-laege"]


def _contacts(seed: int) -> list[tuple[str, str, dt.datetime]]:
    """(citizen key, service, time) for a few citizens over two months, in
    time order; some on the window's edge, some at the same moment."""
    rng = random.Random(seed)
    citizens = [citizen_key(f"01019{n:05d}") for n in range(6)] + [""]
    rows = []
    for _ in range(120):
        at = START + dt.timedelta(hours=rng.randrange(0, 60 * 24))
        rows.append((rng.choice(citizens), rng.choice(SERVICES), at))
    first = rows[0]
    rows.append((first[0], first[1], first[2] + dt.timedelta(days=14)))  # on the edge
    rows.append((first[0], first[1], first[2] + dt.timedelta(days=14, seconds=1)))
    rows.append((first[0], first[1], first[2]))  # the same moment
    return sorted(rows, key=lambda row: row[2])


@override_settings(RECONTACT_DAYS=14)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_row_and_the_data_frame_versions_give_the_same_links(seed: int) -> None:
    for key, service, at in _contacts(seed):
        services.record_contact(
            channel=Channel.PHONE,
            service=service,
            citizen_key=key,
            started_at=at,
            source=Source.STAFF,
        )
    stored = Contact.objects.order_by("id")
    by_row = {c.pk: c.earlier_contact_id for c in stored}
    assert sum(1 for earlier in by_row.values() if earlier) > 20  # the input has re-contacts

    frame = pl.DataFrame(
        [(c.pk, c.citizen_key, c.service, c.started_at) for c in stored],
        schema={
            "id": pl.Int64,
            "citizen_key": pl.Utf8,
            "service": pl.Utf8,
            "started_at": pl.Datetime("us", "UTC"),
        },
        orient="row",
    )
    linked = recontact.link_frame(frame)
    by_frame = dict(
        zip(linked["id"].to_list(), linked["earlier_contact_id"].to_list(), strict=True)
    )
    assert by_frame == by_row


@override_settings(RECONTACT_DAYS=14)
def test_contacts_already_stored_count_as_earlier_in_the_data_frame_version() -> None:
    key = citizen_key("0101900001")
    stored = services.record_contact(
        channel=Channel.PHONE, service="pas", citizen_key=key, started_at=START, source=Source.STAFF
    )
    earlier = pl.DataFrame(
        {"id": [stored.pk], "citizen_key": [key], "service": ["pas"], "started_at": [START]}
    )
    new = pl.DataFrame(
        {
            "id": [stored.pk + 1, stored.pk + 2],
            "citizen_key": [key, key],
            "service": ["koerekort", "affald"],
            "started_at": [START + dt.timedelta(days=2), START + dt.timedelta(days=3)],
        }
    )
    linked = recontact.link_frame(new, earlier)
    assert linked["earlier_contact_id"].to_list() == [stored.pk, None]
    assert linked["recontact_status"].to_list() == ["suggested", ""]
