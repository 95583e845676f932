"""Assisted self-service: staff record consent, fill in, hand over; the citizen finishes."""

import datetime as dt

import pytest
from django.utils import timezone

from indgang.conftest import staff_client
from indgang.core.constants import AuditAction
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.selfservice.models import AssistAction, AssistConsent, Draft
from indgang.selfservice.tests.helpers import draft_id, near_clinics

pytestmark = pytest.mark.django_db
START = "/medarbejder/medbetjening/"


def consent_data(cpr: str, **extra: object) -> dict:
    return {
        "cpr": cpr,
        "service": "laegeskift",
        "place": "counter",
        "valid_days": "7",
        "consent": "on",
        **extra,
    }


def test_front_desk_starts_and_the_citizen_finishes_at_home(
    definitions, front_desk_kff, citizen_client, parent_cpr
):
    desk = staff_client(front_desk_kff)
    response = desk.post(START, consent_data(parent_cpr))
    assert response.status_code == 302
    draft = draft_id(response["Location"].replace("/medbetjening/", "/kladde/"))
    page = desk.get(response["Location"]).content.decode()
    assert 'data-testid="assist-banner"' in page
    desk.post(f"{START}{draft}/om-dig/", {})
    desk.post(f"{START}{draft}/sygesikring/", {"insurance": "keep"})
    clinic = near_clinics(parent_cpr)[0][1]
    response = desk.post(f"{START}{draft}/laege/", {"clinic": clinic.id})
    assert response["Location"] == f"{START}{draft}/boern/"
    # Staff hand over; they cannot send the form for the citizen.
    response = desk.post(f"{START}{draft}/tjek/")
    assert response.status_code == 302
    assert Draft.objects.get(pk=draft).status == "open"

    overview = citizen_client.get("/min-side/").content.decode()
    assert f"/selvbetjening/kladde/{draft}/" in overview
    response = citizen_client.get(f"/selvbetjening/kladde/{draft}/")
    assert response["Location"].endswith("/boern/")
    page = citizen_client.get(response["Location"]).content.decode()
    assert "Frida Testesen" in page  # who helped, and when
    citizen_client.post(f"/selvbetjening/kladde/{draft}/boern/", {})
    citizen_client.post(f"/selvbetjening/kladde/{draft}/gebyr/", {"reason": "other"})
    response = citizen_client.post(f"/selvbetjening/kladde/{draft}/tjek/")
    assert "/kvittering/" in response["Location"]

    actions = list(AssistAction.objects.values_list("action", "step"))
    assert actions == [
        ("started", ""),
        ("step_completed", "om-dig"),
        ("step_completed", "sygesikring"),
        ("step_completed", "laege"),
        ("handed_over", ""),
    ]
    audited = AuditEntry.objects.filter(citizen_key=citizen_key(parent_cpr))
    assert audited.filter(action=AuditAction.ACT_FOR).count() == 6  # consent + 5 actions
    assert audited.filter(action=AuditAction.VIEW).count() == 1


def test_front_desk_continues_a_draft_the_citizen_began(
    definitions, front_desk_kff, citizen_client
):
    response = citizen_client.post("/selvbetjening/laegeskift/")
    draft = draft_id(response["Location"])
    cpr = Draft.objects.get(pk=draft).cpr
    response = staff_client(front_desk_kff).post(START, consent_data(cpr))
    assert draft in response["Location"]
    assert AssistAction.objects.get().action == "continued"


def test_without_the_consent_box_nothing_is_recorded(definitions, front_desk_kff, parent_cpr):
    response = staff_client(front_desk_kff).post(START, consent_data(parent_cpr, consent=""))
    assert response.status_code == 200
    assert not AssistConsent.objects.exists()


def test_a_caseworker_of_another_administration_is_refused(
    definitions, caseworker_tmf, front_desk_kff, parent_cpr
):
    other = staff_client(caseworker_tmf)
    assert other.post(START, consent_data(parent_cpr)).status_code == 403
    assert not AssistConsent.objects.exists()
    assert AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), action=AuditAction.REFUSED
    ).exists()
    # Nor may they work in a draft the front desk started.
    location = staff_client(front_desk_kff).post(START, consent_data(parent_cpr))["Location"]
    assert other.get(location).status_code == 403


def test_analysts_and_visitors_are_refused(definitions, analyst):
    assert staff_client(analyst).get(START).status_code == 403
    from django.test import Client

    response = Client().get(START)
    assert response.status_code == 302
    assert response["Location"].startswith("/medarbejder/log-ind/")


def test_an_expired_consent_stops_staff(definitions, front_desk_kff, parent_cpr):
    desk = staff_client(front_desk_kff)
    location = desk.post(START, consent_data(parent_cpr))["Location"]
    AssistConsent.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert desk.get(location).status_code == 403
