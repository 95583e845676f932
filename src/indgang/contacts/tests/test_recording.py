"""record_contact: pseudonymous keys, idempotency and re-contact linking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from indgang.cases import services as cases
from indgang.contacts import services
from indgang.contacts.constants import Channel, RecontactStatus, Source
from indgang.contacts.models import Contact
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def record(**kwargs: object) -> Contact:
    values: dict[str, object] = {"channel": Channel.PHONE, "source": Source.STAFF}
    values.update(kwargs)
    return services.record_contact(**values)  # type: ignore[arg-type]


def test_the_cpr_number_becomes_a_key_and_is_stored_nowhere(parent_cpr: str) -> None:
    contact = record(service="laegeskift", cpr=f"{parent_cpr[:6]}-{parent_cpr[6:]}")
    assert contact.citizen_key == citizen_key(parent_cpr)
    stored = Contact.objects.filter(pk=contact.pk).values().get()
    assert not any(parent_cpr in str(value) for value in stored.values())


def test_the_owners_of_a_service_are_filled_in(catalogue: None) -> None:
    contact = record(service="laegeskift")
    assert contact.administration_id == "kff"
    assert contact.team is not None and contact.team.slug == "borgerservice"


def test_the_same_source_reference_records_once(population: object) -> None:
    first = record(service="pas", source=Source.API, source_ref="tel-1")
    again = record(service="flytning", source=Source.API, source_ref="tel-1")
    assert again.pk == first.pk
    assert Contact.objects.count() == 1
    # Another source may use the same reference.
    assert record(service="pas", source=Source.IMPORT, source_ref="tel-1").pk != first.pk


def test_unknown_values_are_refused(population: object) -> None:
    with pytest.raises(ValidationError):
        record(channel="fax")
    with pytest.raises(ValidationError):
        record(outcome="maybe")


def test_a_recontact_within_the_window_on_another_channel_is_linked(parent_cpr: str) -> None:
    first = record(
        channel=Channel.SELFSERVICE, service="laegeskift", cpr=parent_cpr, started_at=MONDAY
    )
    second = record(
        channel=Channel.PHONE,
        service="laegeskift",
        cpr=parent_cpr,
        started_at=MONDAY + dt.timedelta(days=3),
    )
    assert second.earlier_contact == first
    assert second.recontact_status == RecontactStatus.SUGGESTED
    assert first.earlier_contact is None


@override_settings(RECONTACT_DAYS=14)
def test_the_window_edge_is_inclusive(parent_cpr: str, other_cpr: str) -> None:
    record(service="pas", cpr=parent_cpr, started_at=MONDAY)
    on_edge = record(service="pas", cpr=parent_cpr, started_at=MONDAY + dt.timedelta(days=14))
    assert on_edge.earlier_contact is not None
    record(service="pas", cpr=other_cpr, started_at=MONDAY)
    past_edge = record(
        service="pas", cpr=other_cpr, started_at=MONDAY + dt.timedelta(days=14, seconds=1)
    )
    assert past_edge.earlier_contact is None


def test_the_same_matter_links_but_another_citizen_or_matter_does_not(
    parent_cpr: str, other_cpr: str
) -> None:
    first = record(service="sundhedskort", cpr=parent_cpr, started_at=MONDAY)
    later = MONDAY + dt.timedelta(days=1)
    # Lægeskift and sundhedskort are one matter.
    assert record(service="laegeskift", cpr=parent_cpr, started_at=later).earlier_contact == first
    assert record(service="affald", cpr=parent_cpr, started_at=later).earlier_contact is None
    assert record(service="sundhedskort", cpr=other_cpr, started_at=later).earlier_contact is None
    # Without a citizen nothing can be linked.
    record(service="pas", started_at=MONDAY)
    assert record(service="pas", started_at=later).earlier_contact is None


def test_contacts_about_the_same_case_are_linked(topics: None, parent_cpr: str) -> None:
    case = cases.create_case(cpr=parent_cpr, text="Hvornår hentes storskrald?", topic_slug="affald")
    first = record(channel=Channel.WEB_FORM, case=case, started_at=MONDAY)
    by_phone = record(
        channel=Channel.PHONE, service="", case=case, started_at=MONDAY + dt.timedelta(hours=5)
    )
    assert by_phone.earlier_contact == first


def test_a_contact_after_a_case_on_the_same_topic_links_the_case(
    topics: None, parent_cpr: str
) -> None:
    case = cases.create_case(
        cpr=parent_cpr, text="Jeg vil skifte læge", topic_slug="sundhedskort-laege"
    )
    contact = record(service="laegeskift", cpr=parent_cpr)
    assert contact.earlier_case == case
    unrelated = record(service="affald", cpr=parent_cpr)
    assert unrelated.earlier_case is None


def test_staff_confirm_and_undo_a_link_with_an_audit_entry(
    parent_cpr: str, front_desk_kff: object, caseworker_tmf: object
) -> None:
    record(service="pas", cpr=parent_cpr, administration="kff", started_at=MONDAY)
    second = record(
        service="pas",
        cpr=parent_cpr,
        administration="kff",
        started_at=MONDAY + dt.timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        services.undo_recontact(second, actor=caseworker_tmf)
    confirmed = services.confirm_recontact(second, actor=front_desk_kff)
    assert confirmed.recontact_status == RecontactStatus.CONFIRMED
    undone = services.undo_recontact(second, actor=front_desk_kff)
    assert undone.earlier_contact is None and undone.recontact_status == RecontactStatus.UNDONE
    entries = AuditEntry.objects.filter(object_ref=f"contact:{second.pk}")
    assert entries.count() == 2
    assert all(e.citizen_key == citizen_key(parent_cpr) for e in entries)
    with pytest.raises(ValidationError):
        services.confirm_recontact(undone, actor=front_desk_kff)


def test_bad_settings_are_refused_at_start_up(settings: object) -> None:
    from indgang.contacts.checks import check_contact_settings

    settings.RECONTACT_DAYS = -1  # type: ignore[attr-defined]
    settings.DEMO_CONTACTS_SCALE = 5  # type: ignore[attr-defined]
    assert {e.id for e in check_contact_settings()} == {"contacts.E001", "contacts.E002"}
