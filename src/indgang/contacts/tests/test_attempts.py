"""A contact is traced to the self-service attempt that caused it: staff link
it with the citizen, or the bulk rule infers it for imported calls."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indgang.conftest import staff_client
from indgang.contacts import services
from indgang.contacts.constants import Channel, LinkBasis, Reason, Source
from indgang.contacts.models import AttemptLink, Contact
from indgang.core.constants import AuditAction
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.selfservice import queries as selfservice
from indgang.selfservice import services as selfservice_services
from indgang.selfservice.models import AssistConsent
from indgang.selfservice.tests.helpers import near_clinics

pytestmark = pytest.mark.django_db

RULE = "laegeskift.reason_matches_register"


def failed_laegeskift(cpr: str) -> Any:
    """The citizen got as far as the fee and was stopped there: they said they
    had moved, and the register shows no move."""
    selfservice_services.import_built_in_definitions()
    draft = selfservice_services.start_draft(selfservice.current_definition("laegeskift"), cpr=cpr)
    clinic = near_clinics(cpr)[0][1]
    for step, answers in [
        ("om-dig", {}),
        ("sygesikring", {"insurance": "keep"}),
        ("laege", {"clinic": clinic.id}),
        ("boern", {"children": []}),
    ]:
        selfservice_services.step_shown(draft, step)
        selfservice_services.complete_step(draft, step, answers)
    selfservice_services.step_shown(draft, "gebyr")
    selfservice_services.keep_invalid_step(draft, "gebyr", {"reason": "moved"}, {"reason": RULE})
    return draft


def register_with_cpr(client: Any, cpr: str, channel: str = Channel.IN_PERSON) -> Any:
    return client.post(
        reverse("contacts:register-more"),
        {
            "service": "laegeskift",
            "channel": channel,
            "outcome": "resolved",
            "reason": "",
            "minutes": "6",
            "cpr": cpr,
        },
    )


def test_the_front_desk_sees_the_citizens_failed_attempt_with_its_field_in_plain_words(
    catalogue: None, front_desk_kff: User, parent_cpr: str
) -> None:
    failed_laegeskift(parent_cpr)
    client = staff_client(front_desk_kff)
    response = register_with_cpr(client, parent_cpr)
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:attempts", args=[contact.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Skift læge" in page
    assert "Gebyr" in page  # the step it stopped at
    assert "Hvorfor skifter du læge?" in page  # the field's label
    assert "Folkeregistret viser ingen flytning" in page  # the rule, as the citizen read it
    assert 'data-testid="attempt-state">Ikke sendt endnu' in page, page[
        page.find("attempt-state") - 10 :
    ][:200]
    assert parent_cpr not in page
    viewed = AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), action=AuditAction.VIEW, what__contains="attempts"
    )
    assert viewed.count() == 1


def test_one_click_links_the_contact_to_the_step_and_field_with_the_suggested_reason(
    catalogue: None, front_desk_kff: User, parent_cpr: str
) -> None:
    draft = failed_laegeskift(parent_cpr)
    client = staff_client(front_desk_kff)
    register_with_cpr(client, parent_cpr)
    contact = Contact.objects.get()
    page = client.get(reverse("contacts:attempts", args=[contact.pk])).content.decode()
    # The suggestion: stopped after a validation error → did not understand.
    [suggested] = re.findall(r"<input[^>]*checked[^>]*>", page)
    assert 'value="not_understood"' in suggested
    response = client.post(
        reverse("contacts:link-attempt", args=[contact.pk]),
        {"draft": str(draft.id), "field": "reason", "reason": Reason.NOT_UNDERSTOOD},
        follow=True,
    )
    assert response.status_code == 200
    link = AttemptLink.objects.get(contact=contact)
    assert (link.service, link.version, link.step, link.field, link.rule) == (
        "laegeskift",
        1,
        "gebyr",
        "reason",
        RULE,
    )
    assert link.basis == LinkBasis.STAFF and link.linked_by == front_desk_kff
    assert link.channel == Channel.IN_PERSON and link.duration_s == 360
    contact.refresh_from_db()
    assert contact.reason == Reason.NOT_UNDERSTOOD
    assert "Knyttet til denne henvendelse" in response.content.decode()
    assert AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), action=AuditAction.CHANGE, what__contains="gebyr"
    ).exists()


def test_a_submitted_attempt_suggests_chasing_progress(laegeskift_draft: Any) -> None:
    selfservice_services.submit(laegeskift_draft)
    [attempt] = selfservice.attempts_of(laegeskift_draft.cpr)
    assert attempt.state == selfservice.AttemptState.SUBMITTED
    assert attempt.submission_reference
    assert services.suggested_reason(attempt) == Reason.CHASING


def test_another_citizens_attempt_cannot_be_linked(
    catalogue: None, front_desk_kff: User, parent_cpr: str, other_cpr: str
) -> None:
    stranger = failed_laegeskift(other_cpr)
    contact = services.record_contact(
        channel=Channel.IN_PERSON,
        service="laegeskift",
        administration="kff",
        cpr=parent_cpr,
        source=Source.STAFF,
        actor=front_desk_kff,
    )
    with pytest.raises(PermissionDenied):
        services.link_attempt(contact, draft_id=str(stranger.id), actor=front_desk_kff)
    assert not AttemptLink.objects.exists()


def test_staff_of_another_administration_and_analysts_are_refused(
    catalogue: None,
    front_desk_kff: User,
    caseworker_tmf: User,
    analyst: User,
    parent_cpr: str,
) -> None:
    draft = failed_laegeskift(parent_cpr)
    register_with_cpr(staff_client(front_desk_kff), parent_cpr)
    contact = Contact.objects.get()
    url = reverse("contacts:attempts", args=[contact.pk])
    assert staff_client(caseworker_tmf).get(url).status_code == 404
    assert staff_client(analyst).get(url).status_code == 403
    post = staff_client(caseworker_tmf).post(
        reverse("contacts:link-attempt", args=[contact.pk]),
        {"draft": str(draft.id), "reason": Reason.NOT_UNDERSTOOD},
    )
    assert post.status_code == 404
    with pytest.raises(PermissionDenied):
        services.link_attempt(contact, draft_id=str(draft.id), actor=caseworker_tmf)
    assert not AttemptLink.objects.exists()


def test_staff_go_on_with_the_draft_with_the_citizens_consent(
    catalogue: None, front_desk_kff: User, parent_cpr: str
) -> None:
    draft = failed_laegeskift(parent_cpr)
    client = staff_client(front_desk_kff)
    register_with_cpr(client, parent_cpr)
    contact = Contact.objects.get()
    url = reverse("contacts:continue-attempt", args=[contact.pk])
    refused = client.post(url, {"draft": str(draft.id), "place": "counter"})
    assert refused.status_code == 302 and not AssistConsent.objects.exists()
    response = client.post(url, {"draft": str(draft.id), "place": "counter", "consent": "on"})
    assert response["Location"] == reverse("selfservice:assist-check", args=[draft.id])
    consent = AssistConsent.objects.get()
    assert (consent.cpr, consent.service) == (parent_cpr, "laegeskift")
    step = client.get(response["Location"])
    assert step["Location"] == reverse("selfservice:assist-step", args=[draft.id, "gebyr"])


def test_imported_calls_after_a_failed_attempt_are_linked_as_inferred_with_the_rule(
    catalogue: None, parent_cpr: str, other_cpr: str
) -> None:
    failed_laegeskift(parent_cpr)
    now = timezone.now()

    def call(cpr: str, after: dt.timedelta, service: str = "laegeskift") -> Contact:
        return services.record_contact(
            channel=Channel.PHONE,
            service=service,
            cpr=cpr,
            started_at=now + after,
            duration_s=480,
            source=Source.IMPORT,
        )

    soon = call(parent_cpr, dt.timedelta(hours=20))
    too_late = call(parent_cpr, dt.timedelta(days=4))
    other_service = call(parent_cpr, dt.timedelta(hours=2), service="pas")
    someone_else = call(other_cpr, dt.timedelta(hours=2))
    made = services.infer_attempt_links(now - dt.timedelta(days=1), now + dt.timedelta(minutes=1))
    assert made == 1
    link = AttemptLink.objects.get()
    assert link.contact_id == soon.pk
    assert (link.step, link.field, link.basis) == ("gebyr", "reason", LinkBasis.INFERRED)
    assert "inden for 3 dage" in link.basis_rule and "telefon" in link.basis_rule
    assert link.duration_s == 480
    for contact in (too_late, other_service, someone_else):
        assert not AttemptLink.objects.filter(contact=contact).exists()
    # Run again: nothing is linked twice.
    assert services.infer_attempt_links(now - dt.timedelta(days=1), now) == 0


def test_an_imported_telephony_export_links_the_call_after_the_failed_attempt(
    tmp_path: Path, catalogue: None, parent_cpr: str
) -> None:
    failed_laegeskift(parent_cpr)
    when = timezone.localtime() + dt.timedelta(hours=2)
    path = tmp_path / "telefoni.csv"
    path.write_text(
        f"Opkald;Tidspunkt;Kø;Varighed;CPR\nA1;{when:%d-%m-%Y %H:%M};laegeskift;540;{parent_cpr}\n",
        encoding="utf-8",
    )
    call_command(
        "contacts", "import", str(path),
        "--map", "row_id=Opkald", "--map", "started_at=Tidspunkt", "--map", "service=Kø",
        "--map", "duration_s=Varighed", "--map", "cpr=CPR", "--channel", "phone",
        "--delimiter", ";", "--date-format", "%d-%m-%Y %H:%M", "--source-name", "telefoni",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    link = AttemptLink.objects.get()
    assert link.basis == LinkBasis.INFERRED and link.field == "reason"
    assert link.contact.source == Source.IMPORT and link.duration_s == 540
    # The command links the calls of the last days the same way (none left).
    out = StringIO()
    call_command("contacts", "link-attempts", "--days", "2", stdout=out)
    assert out.getvalue().startswith("0 ")
