from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory

from indgang.cases import services as cases
from indgang.cases.constants import CaseState
from indgang.cases.models import Case, CaseEvent
from indgang.core.pseudonym import citizen_key
from indgang.insights import services
from indgang.insights.models import Survey, SurveySource

pytestmark = pytest.mark.django_db

HAPPY = {"satisfaction": "5", "settled": "yes", "comment": "Hurtigt og nemt."}


def resolved_case(cpr: str) -> Case:
    return Case.objects.create(
        reference="K-2026-SURVEY",
        citizen_key=citizen_key(cpr),
        cpr=cpr,
        text="Jeg vil skifte læge.",
        channel="contact_form",
        administration_id="kff",
        state=CaseState.RESOLVED,
    )


@pytest.fixture
def closed_case(parent_cpr: str, django_capture_on_commit_callbacks: Any) -> Case:
    case = resolved_case(parent_cpr)
    with django_capture_on_commit_callbacks(execute=True):
        cases.transition(case, CaseState.CLOSED, actor=None)
    case.refresh_from_db()
    return case


def invitation(case: Case) -> Survey:
    return Survey.objects.get(object_ref=f"case:{case.reference}")


def test_closing_a_case_invites_the_citizen(closed_case: Case, parent_cpr: str) -> None:
    survey = invitation(closed_case)
    assert survey.source == SurveySource.CASE
    assert survey.citizen_key == citizen_key(parent_cpr)
    assert survey.administration == "kff"
    assert not survey.answered


def test_my_overview_shows_the_pending_survey(closed_case: Case, citizen_client: Client) -> None:
    html = citizen_client.get("/min-side/").content.decode()
    assert f"/undersoegelse/{invitation(closed_case).token}/" in html


def test_a_happy_answer_is_stored_once_and_leaves_the_case_closed(
    closed_case: Case,
) -> None:
    survey = invitation(closed_case)
    client = Client()
    page = client.get(f"/undersoegelse/{survey.token}/")
    assert page.status_code == 200
    assert "Fik du klaret din sag i denne ene henvendelse?" in page.content.decode()
    response = client.post(f"/undersoegelse/{survey.token}/", HAPPY)
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.satisfaction, survey.settled, survey.comment) == (5, True, "Hurtigt og nemt.")
    closed_case.refresh_from_db()
    assert closed_case.state == CaseState.CLOSED
    # One answer per invitation: a second one changes nothing.
    again = client.post(f"/undersoegelse/{survey.token}/", {**HAPPY, "satisfaction": "1"})
    assert "Tak for dit svar" in again.content.decode()
    survey.refresh_from_db()
    assert survey.satisfaction == 5


@pytest.mark.parametrize(("satisfaction", "settled"), [("2", "yes"), ("4", "no"), ("1", "no")])
def test_an_unhappy_answer_reopens_the_case_and_says_why(
    closed_case: Case, satisfaction: str, settled: str
) -> None:
    survey = invitation(closed_case)
    Client().post(
        f"/undersoegelse/{survey.token}/", {"satisfaction": satisfaction, "settled": settled}
    )
    closed_case.refresh_from_db()
    assert closed_case.state == CaseState.IN_PROGRESS
    event = CaseEvent.objects.filter(case=closed_case, to_state=CaseState.IN_PROGRESS).get()
    assert f"{satisfaction} af 5" in event.detail or f"{satisfaction} of 5" in event.detail
    survey.refresh_from_db()
    assert survey.reopened_case
    html = Client().get(f"/undersoegelse/{survey.token}/").content.decode()
    assert 'data-testid="reopened"' in html


def test_a_missing_answer_gets_a_clear_message_and_keeps_the_rest(closed_case: Case) -> None:
    survey = invitation(closed_case)
    page = Client().post(f"/undersoegelse/{survey.token}/", {"settled": "no", "comment": "Hm"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Vælg hvor tilfreds du er, fra 1 til 5." in html
    assert 'value="no" checked' in html and "Hm</textarea>" in html
    survey.refresh_from_db()
    assert not survey.answered


def test_a_too_long_comment_is_refused_with_its_length(closed_case: Case) -> None:
    survey = invitation(closed_case)
    page = Client().post(f"/undersoegelse/{survey.token}/", {**HAPPY, "comment": "x" * 1001})
    assert page.status_code == 400
    assert "Skriv højst 1000 tegn (du skrev 1001)." in page.content.decode()


def test_an_unknown_token_is_not_found() -> None:
    assert Client().get("/undersoegelse/not-a-token/").status_code == 404


def test_a_completed_self_service_invites_from_the_receipt(parent_cpr: str) -> None:
    survey = services.invite_after_selfservice(
        cpr=parent_cpr, service="laegeskift", reference="LS-2026-000042"
    )
    # A retried hook does not invite twice.
    assert (
        services.invite_after_selfservice(
            cpr=parent_cpr, service="laegeskift", reference="LS-2026-000042"
        )
        == survey
    )
    html = Template(
        '{% load insights %}{% survey_invitation "submission:LS-2026-000042" %}'
    ).render(Context({"request": RequestFactory().get("/")}))
    assert f"/undersoegelse/{survey.token}/" in html
    services.answer(survey, satisfaction=4, settled=True)
    html = Template(
        '{% load insights %}{% survey_invitation "submission:LS-2026-000042" %}'
    ).render(Context({}))
    assert "/undersoegelse/" not in html


def test_anonymous_cases_get_no_survey(django_capture_on_commit_callbacks: Any) -> None:
    case = Case.objects.create(
        reference="K-ANON",
        citizen_key="",
        text="Hej",
        channel="anonymous_form",
        administration_id="kff",
        state=CaseState.RESOLVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        cases.transition(case, CaseState.CLOSED, actor=None)
    assert not Survey.objects.filter(object_ref="case:K-ANON").exists()
