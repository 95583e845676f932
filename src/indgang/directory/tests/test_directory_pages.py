from __future__ import annotations

import json
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import Client

from indgang.conftest import make_staff, staff_client
from indgang.directory.models import OrganisationUnit
from indgang.directory.tests.factories import ContactPointFactory, ExceptionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_kff(population: object) -> User:
    return make_staff("eva_kff", "kff", ["editor"], "borgerservice")


def test_unit_page_shows_status_week_and_json_ld(client: Client) -> None:
    unit = ContactPointFactory().unit
    ExceptionFactory(unit=unit)
    response = client.get(f"/steder/{unit.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Åben nu" in html) or ("Lukket" in html)
    assert "Åbningstider den kommende uge" in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    data = json.loads(match.group(1))
    assert data["@type"] == "GovernmentOffice"
    assert data["address"]["postalCode"] == "1172"
    assert data["telephone"] == "33 66 33 66"
    assert len(data["openingHoursSpecification"]) >= 7


def test_vcard_download(client: Client) -> None:
    unit = ContactPointFactory(unit__name="Borgerservice Kultorvet, Indre By").unit
    response = client.get(f"/steder/{unit.slug}/vcard/")
    assert response["Content-Type"].startswith("text/vcard")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "FN:Borgerservice Kultorvet\\, Indre By\r\n" in body
    assert "ADR;TYPE=WORK:;;Krystalgade 15;København K;;1172;Danmark" in body
    assert "TEL;TYPE=WORK,VOICE:33 66 33 66" in body


def test_public_api_lists_units_with_status(client: Client) -> None:
    unit = ContactPointFactory().unit
    UnitFactory(kind="department", slug="afdeling")
    response = client.get("/api/v1/directory/units/")
    assert response.status_code == 200
    slugs = [u["slug"] for u in response.json()["results"]]
    assert unit.slug in slugs
    assert "afdeling" not in slugs  # departments are structure, not places to contact
    detail = client.get(f"/api/v1/directory/units/{unit.slug}/").json()
    assert detail["contact_points"][0]["kind"] == "phone"
    assert detail["status"]["text"].startswith(("Åben nu", "Lukket"))
    assert len(detail["week"]) == 7


def test_template_tag_renders_from_the_directory_by_slug() -> None:
    unit = UnitFactory(opening_hours="24/7")
    html = Template("{% load directory %}{% contact_details slug compact=True %}").render(
        Context({"slug": unit.slug})
    )
    assert "Åben nu" in html
    assert "Krystalgade" not in html  # compact: the status line only


def test_editor_sees_stale_entries_of_their_administration(editor_kff: User) -> None:
    stale = UnitFactory(stale=True, name="Gammel enhed")
    UnitFactory(name="Frisk enhed")
    UnitFactory(stale=True, admin_code="tmf", name="Andens enhed")
    response = staff_client(editor_kff).get("/medarbejder/steder/ikke-bekraeftet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert stale.name in html
    assert "Frisk enhed" not in html
    assert "Andens enhed" not in html


def test_stale_list_is_refused_to_caseworkers(caseworker_tmf: User, client: Client) -> None:
    assert (
        staff_client(caseworker_tmf).get("/medarbejder/steder/ikke-bekraeftet/").status_code == 403
    )
    assert client.get("/medarbejder/steder/ikke-bekraeftet/").status_code == 302


def _admin_form(unit: OrganisationUnit, **changes: str) -> dict[str, str]:
    data = {
        "administration": unit.administration_id,
        "kind": unit.kind,
        "name": unit.name,
        "slug": unit.slug,
        "street": unit.street,
        "postcode": unit.postcode,
        "city": unit.city,
        "opening_hours": unit.opening_hours,
        "latitude": str(unit.latitude),
        "longitude": str(unit.longitude),
        "last_verified": str(unit.last_verified),
    }
    for prefix in ("contact_points", "exceptions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes


def test_editor_changes_hours_in_admin_with_history(editor_kff: User) -> None:
    unit = UnitFactory()
    client = staff_client(editor_kff)
    url = f"/admin/directory/organisationunit/{unit.pk}/change/"
    response = client.post(url, _admin_form(unit, opening_hours="Mo-Fr 09:00-16:00"))
    assert response.status_code == 302, response.content.decode()[:3000]
    unit.refresh_from_db()
    assert unit.opening_hours == "Mo-Fr 09:00-16:00"
    entry = LogEntry.objects.get(object_id=str(unit.pk))
    assert entry.user == editor_kff
    assert "Opening hours" in entry.change_message
    assert client.get(f"{url.removesuffix('change/')}history/").status_code == 200


def test_admin_refuses_invalid_hours_saying_where(editor_kff: User) -> None:
    unit = UnitFactory()
    response = staff_client(editor_kff).post(
        f"/admin/directory/organisationunit/{unit.pk}/change/",
        _admin_form(unit, opening_hours="Mo-Fr 9-17"),
    )
    assert response.status_code == 200
    assert "fejlen er ved tegn" in response.content.decode()
    unit.refresh_from_db()
    assert unit.opening_hours != "Mo-Fr 9-17"


def test_editor_cannot_edit_another_administrations_unit(editor_kff: User) -> None:
    unit = UnitFactory(admin_code="tmf")
    response = staff_client(editor_kff).get(f"/admin/directory/organisationunit/{unit.pk}/change/")
    assert response.status_code in (302, 403, 404)


def test_caseworker_cannot_use_directory_admin(caseworker_tmf: User) -> None:
    caseworker_tmf.is_staff = True
    caseworker_tmf.save()
    unit = UnitFactory(admin_code="tmf")
    response = staff_client(caseworker_tmf).get(
        f"/admin/directory/organisationunit/{unit.pk}/change/"
    )
    assert response.status_code in (302, 403)


def test_the_contact_form_point_links_to_indgangs_own_form_once(client: Client) -> None:
    point = ContactPointFactory(
        kind="contact_form", value="https://www.kk.dk/kontakt", label="Sikker kontaktformular"
    )
    html = client.get(f"/steder/{point.unit.slug}/").content.decode()
    assert '<a href="/kontakt/skriv/">Skriv til os</a>' in html
    assert "https://www.kk.dk/kontakt" not in html
    assert html.count("Sikker kontaktformular") == 1
