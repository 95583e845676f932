"""Indgang's own channels record contacts by themselves, after commit, and a
failing register never breaks the citizen's action."""

from __future__ import annotations

import pytest

from indgang.appointments import services as appointments
from indgang.appointments.constants import BookingStatus
from indgang.appointments.tests.factories import BookingFactory
from indgang.cases import services as cases
from indgang.cases.constants import CaseChannel
from indgang.contacts import services
from indgang.contacts.constants import Channel, Outcome, Reason, Source
from indgang.contacts.models import Contact
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db


def test_a_contact_form_case_is_a_web_form_contact_about_the_case(
    topics: None, parent_cpr: str, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case = cases.create_case(
            cpr=parent_cpr, text="Min skraldespand er væk", topic_slug="affald"
        )
    contact = Contact.objects.get(case=case)
    assert contact.channel == Channel.WEB_FORM
    assert contact.reason == Reason.NEW_MATTER
    assert contact.service == "affald"
    assert contact.administration_id == "tmf"
    assert contact.citizen_key == citizen_key(parent_cpr)
    assert contact.source == Source.AUTOMATIC


def test_a_case_from_self_service_is_not_counted_twice(
    topics: None, parent_cpr: str, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        cases.create_case(
            cpr=parent_cpr,
            text="Ansøgning om enkeltydelse",
            topic_slug="ydelser",
            channel=CaseChannel.SELFSERVICE,
            source_ref="sub-1",
        )
    assert not Contact.objects.exists()


def test_a_failing_register_does_not_break_the_citizens_case(
    topics: None,
    parent_cpr: str,
    django_capture_on_commit_callbacks: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**_kwargs: object) -> None:
        raise RuntimeError("register down")

    monkeypatch.setattr(services, "record_contact", broken)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case = cases.create_case(cpr=parent_cpr, text="Hul i vejen", topic_slug="veje")
    assert case.pk is not None
    assert not Contact.objects.exists()


def test_a_self_service_submission_is_a_resolved_digital_contact(
    parent_cpr: str, laegeskift_draft: object, django_capture_on_commit_callbacks: object
) -> None:
    from indgang.selfservice import services as selfservice

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        submission = selfservice.submit(laegeskift_draft)  # type: ignore[arg-type]
    contact = Contact.objects.get(source_ref=f"selfservice:{submission.pk}")
    assert contact.channel == Channel.SELFSERVICE
    assert contact.service == "laegeskift"
    assert contact.outcome == Outcome.RESOLVED
    assert contact.citizen_key == citizen_key(parent_cpr)


def test_an_attended_booking_is_an_in_person_contact_and_a_no_show_is_none(
    front_desk_kff: object, django_capture_on_commit_callbacks: object
) -> None:
    attended = BookingFactory(service__name="Sundhedskort og lægeskift")
    missed = BookingFactory(service=attended.service, desk=2)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        appointments.register_attendance(
            attended,
            actor=front_desk_kff,
            status=BookingStatus.CHECKED_IN,  # type: ignore[arg-type]
        )
        appointments.register_attendance(
            missed,
            actor=front_desk_kff,
            status=BookingStatus.NO_SHOW,  # type: ignore[arg-type]
        )
    contact = Contact.objects.get()
    assert contact.channel == Channel.IN_PERSON
    assert contact.service == "laegeskift"
    assert contact.citizen_key == citizen_key(attended.citizen_cpr)
    assert contact.duration_s == attended.service.duration_minutes * 60


def test_a_citizens_message_in_the_inbox_is_a_message_contact_about_the_case(
    topics: None, parent_cpr: str, django_capture_on_commit_callbacks: object
) -> None:
    from indgang.identity.citizen import CitizenIdentity
    from indgang.messaging import services as messaging

    case = cases.create_case(cpr=parent_cpr, text="Hvornår hentes storskrald?", topic_slug="affald")
    thread = messaging.ensure_thread(case)
    citizen = CitizenIdentity(cpr=parent_cpr, name="Borger", idp="test")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        message = messaging.citizen_reply(thread, "Den er stadig ikke hentet.", citizen=citizen)
    contact = Contact.objects.get(source_ref=f"message:{message.pk}")
    assert contact.channel == Channel.MESSAGE
    assert contact.case == case
    assert contact.service == "affald"
    assert contact.reason == Reason.SUPPLEMENT
