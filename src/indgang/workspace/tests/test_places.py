import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from indgang.conftest import staff_client
from indgang.directory.demo import load_directory
from indgang.directory.models import OrganisationUnit

pytestmark = pytest.mark.django_db

SLUG = "borgerservice-kultorvet"
URL = f"/medarbejder/steder/rediger/{SLUG}/"


@pytest.fixture
def unit(population):
    load_directory()
    return OrganisationUnit.objects.get(slug=SLUG)


def form_data(unit, **changes):
    points = list(unit.contact_points.all())
    data = {
        "action": "save",
        "description": unit.description,
        "street": unit.street,
        "postcode": unit.postcode,
        "city": unit.city,
        "opening_hours": unit.opening_hours,
        "kontakt-TOTAL_FORMS": str(len(points) + 1),
        "kontakt-INITIAL_FORMS": str(len(points)),
    }
    for n, point in enumerate(points):
        for field in ("kind", "label", "value", "hours"):
            data[f"kontakt-{n}-{field}"] = getattr(point, field)
        data[f"kontakt-{n}-id"] = str(point.pk)
    data[f"kontakt-{len(points)}-kind"] = "phone"
    data.update(changes)
    return data


def test_the_editor_changes_opening_hours_and_the_public_page_shows_them(unit, editor_kff):
    client = staff_client(editor_kff)
    response = client.post(URL, form_data(unit, opening_hours="Mo-Fr 08:00-12:00"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.opening_hours == "Mo-Fr 08:00-12:00"
    public = Client().get(f"/steder/{SLUG}/").content.decode()
    assert "8.00" in public and "12.00" in public
    history = client.get(URL).content.decode()
    assert "Eva Testesen" in history  # the change history names the editor


def test_wrong_opening_hours_are_refused_and_explained_in_the_preview(unit, editor_kff):
    client = staff_client(editor_kff)
    before = unit.opening_hours
    response = client.post(URL, form_data(unit, opening_hours="Mandag 8-12"))
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.opening_hours == before
    preview = client.get(URL + "forhaandsvisning/", {"opening_hours": "Mandag 8-12"})
    assert 'data-testid="hours-error"' in preview.content.decode()


def test_the_preview_shows_a_week_and_the_next_days_with_holidays_and_exceptions(unit, editor_kff):
    client = staff_client(editor_kff)
    today = timezone.localdate()
    day = today + dt.timedelta(days=3)
    response = client.post(
        URL,
        {
            "action": "exception",
            "undtagelse-date": day.isoformat(),
            "undtagelse-hours": "",
            "undtagelse-reason": "Personaledag",
        },
    )
    assert response.status_code == 302
    preview = client.get(URL + "forhaandsvisning/", {"opening_hours": "Mo-Su 09:00-17:00"})
    days = preview.context["preview"]["days"]
    assert len(days) == 14 and len(preview.context["preview"]["week"]) == 7
    closed = next(d for d in days if d.day == day)
    assert not closed.is_open and closed.note == "Personaledag"
    assert "9.00–17.00" in preview.content.decode()


def test_the_editor_marks_the_place_verified_today(unit, editor_kff):
    staff_client(editor_kff).post(URL, {"action": "verify"})
    unit.refresh_from_db()
    assert unit.last_verified == timezone.localdate()


def test_the_editor_adds_and_removes_a_contact_point(unit, editor_kff):
    client = staff_client(editor_kff)
    count = unit.contact_points.count()
    new = f"kontakt-{count}-"
    data = form_data(unit, **{new + "label": "Pas", new + "value": "33 66 00 00"})
    assert client.post(URL, data).status_code == 302
    assert unit.contact_points.filter(value="33 66 00 00", label="Pas").exists()
    data = form_data(unit, **{"kontakt-0-DELETE": "on"})
    first = unit.contact_points.first()
    assert client.post(URL, data).status_code == 302
    assert not unit.contact_points.filter(pk=first.pk).exists()


def test_editors_of_another_administration_and_other_roles_are_refused(
    unit, editor_tmf, caseworker_tmf
):
    for user in (editor_tmf, caseworker_tmf):
        client = staff_client(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL + "forhaandsvisning/").status_code == 403
        assert client.post(URL, {"action": "verify"}).status_code == 403
    unit.refresh_from_db()
    assert unit.last_verified is None or unit.last_verified != timezone.localdate()


def test_citizens_are_sent_to_the_staff_login(unit, citizen_client):
    for client in (Client(), citizen_client):
        response = client.get(URL)
        assert response.status_code == 302 and "/medarbejder/log-ind/" in response["Location"]
