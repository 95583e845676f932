"""Retention: closed cases lose their personal data, the event log stays."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from indgang.cases import services
from indgang.cases.constants import CaseState
from indgang.cases.models import Case, CaseEvent, WebhookDelivery, WebhookSubscription
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"


def closed_case(cpr: str, actor, days_ago: int) -> Case:
    case = services.create_case(cpr=cpr, text=WASTE, citizen_name="Testborger")
    services.add_note(case, "Ringede til borgeren om adressen", actor=actor)
    for state in (CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.CLOSED):
        case = services.transition(case, state, actor=actor)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=days_ago))
    return case


@pytest.fixture
def cases(routing, parent_cpr, caseworker_tmf):
    WebhookSubscription.objects.create(
        name="ESDH", url="https://esdh.example/", secret="s", administration_id="tmf"
    )
    old = closed_case(parent_cpr, caseworker_tmf, days_ago=1900)
    recent = closed_case(parent_cpr, caseworker_tmf, days_ago=30)
    still_open = services.create_case(cpr=parent_cpr, text=WASTE)
    return old, recent, still_open


def test_dry_run_prints_counts_and_changes_nothing(cases):
    out = StringIO()
    call_command("cases", "purge", "--dry-run", stdout=out)
    assert "would purge 1 cases closed more than 1826 days ago (1 notes" in out.getvalue()
    old = Case.objects.get(pk=cases[0].pk)
    assert old.cpr and old.text and old.purged_at is None


def test_purge_blanks_personal_data_keeps_the_event_log_and_is_audited(cases, parent_cpr):
    old, recent, still_open = cases
    events_before = CaseEvent.objects.filter(case=old).count()
    out = StringIO()
    call_command("cases", "purge", stdout=out)
    assert "purged 1 cases" in out.getvalue()

    old.refresh_from_db()
    assert (old.cpr, old.citizen_name, old.text, old.citizen_key) == ("", "", "", "")
    assert old.notes.get().text == ""
    assert old.purged_at is not None
    # Statistics and process mining keep the shape of the case.
    assert (old.administration_id, old.state, old.topic_id is not None) == ("tmf", "closed", True)
    assert CaseEvent.objects.filter(case=old).count() == events_before + 1
    assert CaseEvent.objects.filter(case=old, activity="purged").exists()
    # The copies sent to the case system are blanked as well.
    for delivery in WebhookDelivery.objects.filter(case_reference=old.reference):
        assert "case" not in delivery.payload
    assert AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), object_ref=f"case:{old.reference}", action="change"
    ).exists()
    # Recent and open cases are untouched; a second run finds nothing.
    for case in (recent, still_open):
        case.refresh_from_db()
        assert case.cpr == parent_cpr and case.text == WASTE
    out = StringIO()
    call_command("cases", "purge", stdout=out)
    assert "purged 0 cases" in out.getvalue()


def test_the_retention_period_is_a_setting(cases, settings):
    settings.CASES_RETENTION_DAYS = 10
    call_command("cases", "purge", stdout=StringIO())
    assert Case.objects.filter(purged_at__isnull=False).count() == 2
