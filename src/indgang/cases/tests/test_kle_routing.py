"""Routing by KLE (issue 16): every inquiry gets a KLE topic, the municipality's
map decides the administration, triage suggests KLE titles, corrections train."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from indgang.cases import services
from indgang.cases.models import Case, RoutingModel, RoutingRule, Topic, TrainingExample
from indgang.cases.routing import router
from indgang.cases.webhooks import case_payload
from indgang.conftest import staff_client
from indgang.core import municipality
from indgang.core.models import KleMapping, Municipality, Team

pytestmark = pytest.mark.django_db

LICENCE = "Jeg har mistet mit kørekort i bussen, hvordan får jeg et nyt?"
HOME_HELP = "Min mor på 88 kan ikke selv komme i bad og har brug for hjemmehjælp"


def load_both() -> None:
    files = municipality.shipped_files()
    municipality.load(files["101"], activate=True)
    municipality.load(files["999"])


def test_an_inquiry_gets_a_kle_number_and_title(routing):
    result = router.route(LICENCE)
    assert (result.administration, result.team, result.auto) == ("kff", "borgerservice", True)
    assert (result.kle, result.kle_title) == ("23.09.04", "Kørekort")


def test_the_same_inquiry_goes_to_each_municipalitys_own_administration(routing):
    load_both()
    copenhagen = router.route(HOME_HELP, municipality_code="101")
    example = router.route(HOME_HELP, municipality_code="999")
    assert (copenhagen.administration, copenhagen.team) == ("suf", "hjemmepleje")
    assert (example.administration, example.team) == ("vel", "aeldre")
    assert copenhagen.kle == example.kle and copenhagen.kle.startswith("27.36")
    licence = router.route(LICENCE, municipality_code="999")
    assert (licence.administration, licence.team, licence.kle) == (
        "bba",
        "borgerservice",
        "23.09.04",
    )


def test_the_most_specific_map_entry_wins_and_an_edit_changes_routing(routing):
    load_both()
    shown = municipality.current_map("101")
    # Health cards are group 29 (health, suf) but Borgerservice handles them.
    assert shown.place("29.03.04") == municipality.Place("kff", "borgerservice")
    assert shown.place("29.21.04") == municipality.Place("suf", "genoptraening")
    assert shown.place("99.99.99") is None
    # The example municipality's administrator gives passports and licences
    # (main group 23) to culture and leisure; the next inquiry follows.
    entry = KleMapping.objects.get(municipality_id="999", kle="23")
    entry.administration_id = "tek"
    entry.team = Team.objects.get(administration_id="tek", slug="kultur-fritid")
    entry.save()
    result = router.route(LICENCE, municipality_code="999")
    assert (result.administration, result.team) == ("tek", "kultur-fritid")


def test_a_mapping_whose_team_belongs_elsewhere_is_refused(routing):
    load_both()
    entry = KleMapping(
        municipality_id="999",
        kle="05.01",
        administration_id="bba",
        team=Team.objects.get(administration_id="tek", slug="drift"),
    )
    with pytest.raises(Exception, match="team"):
        entry.full_clean()
    entry.kle = "5.1"
    with pytest.raises(Exception, match="KLE"):
        entry.full_clean()


def test_the_kle_map_is_edited_in_the_admin_and_a_caseworker_is_refused(routing, caseworker_tmf):
    load_both()
    admin = get_user_model().objects.create_superuser("kle-admin", password="x-9-kle-admin")
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/core/municipality/999/change/")
    assert response.status_code == 200
    assert "Borger og Arbejdsmarked" in response.content.decode()
    assert client.get("/admin/core/klemapping/").status_code == 200
    refused = staff_client(caseworker_tmf).get("/admin/core/klemapping/")
    assert refused.status_code in (302, 403)
    assert "/login" in refused.get("Location", "/login")


def test_a_bad_municipality_file_is_refused_with_the_reason(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "code": "998",
                "name": "Fejl Kommune",
                "triage": "abc",
                "administrations": [{"code": "abc", "name": "A", "teams": []}],
                "kle_map": {"23": "xyz/borgerservice"},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(municipality.MunicipalityFileError, match="xyz/borgerservice"):
        municipality.load(bad)
    with pytest.raises(CommandError, match="xyz/borgerservice"):
        call_command("municipality", "load", str(bad), stdout=io.StringIO())
    with pytest.raises(CommandError, match="shipped: 101, 999"):
        call_command("municipality", "load", "nowhere", stdout=io.StringIO())


def test_the_municipality_command_loads_activates_and_shows(routing):
    out = io.StringIO()
    call_command("municipality", "load", "999", stdout=out)
    assert "Eksempel Kommune (999) loaded: 3 administrations" in out.getvalue()
    call_command("municipality", "activate", "999", stdout=io.StringIO())
    assert Municipality.objects.get(active=True).code == "999"
    out = io.StringIO()
    call_command("municipality", "show", stdout=out)
    shown = out.getvalue()
    assert "Eksempel Kommune (999); central triage: bba" in shown
    assert "Velfærd og Sundhed" in shown
    assert "29.03    bba/borgerservice" in shown and "Sygesikring i almindelighed" in shown


@pytest.mark.parametrize(
    ("text", "administration"),
    [
        ("I lost my driving licence on the bus, how do I get a new one?", "kff"),
        ("My father can't manage cleaning and shopping any more, can he get home help?", "suf"),
        ("There is a huge pothole in our street", "tmf"),
        # Misspelt and without æøå.
        ("min bedstemor kan ikke laengere klare rengoeringen selv", "suf"),
        ("skraldespanen er ikke blevet tomt i 2 uger", "tmf"),
    ],
)
def test_english_and_misspelt_inquiries_are_routed_with_a_kle_topic(routing, text, administration):
    result = router.route(text)
    assert (result.administration, result.auto) == (administration, True)
    assert result.kle and result.kle_title


def test_below_the_threshold_triage_keeps_three_suggestions_with_kle_titles(
    routing, parent_cpr, front_desk_kff, monkeypatch
):
    active = router.active_router()
    monkeypatch.setattr(active, "threshold", 0.999)
    result = router.route(HOME_HELP)
    assert result.auto is False and result.administration is None
    assert result.suggestions[0][0] == "suf"
    number, title = result.suggestions[0][2], result.suggestions[0][3]
    assert number.startswith("27.36") and title
    case = services.create_case(cpr=parent_cpr, text=HOME_HELP)
    assert case.administration is None and len(case.suggestions) == 3
    page = staff_client(front_desk_kff).get("/medarbejder/sager/triage/").content.decode()
    assert "Sundheds- og Omsorgsforvaltningen" in page and title in page
    detail = staff_client(front_desk_kff).get(f"/medarbejder/sager/{case.reference}/")
    assert f"KLE {number} {title}" in detail.content.decode()
    # The triage decision is training data with a KLE topic the chosen
    # administration handles.
    services.triage(
        case, Team.objects.get(administration_id="suf", slug="hjemmepleje"), actor=front_desk_kff
    )
    example = TrainingExample.objects.get(case=case)
    assert (example.administration_id, example.kle) == ("suf", number)


def test_a_transfer_refiles_the_case_under_a_topic_of_the_new_administration(
    routing, parent_cpr, caseworker_tmf
):
    case = services.create_case(cpr=parent_cpr, text="Der er rotter i gården bag vores opgang")
    assert (case.administration_id, case.kle) == ("tmf", "09.13.01")
    team = Team.objects.get(administration_id="suf", slug="hjemmepleje")
    case = services.transfer(case, team, actor=caseworker_tmf, reason="wrong place")
    assert case.kle == "" or municipality.current_map().place(case.kle).administration == "suf"
    assert TrainingExample.objects.get(case=case).kle == case.kle


def test_the_kle_number_is_on_the_case_page_the_api_and_the_webhook(
    routing, parent_cpr, caseworker_tmf
):
    case = services.create_case(cpr=parent_cpr, text="Min skraldespand er ikke blevet tømt")
    assert (case.kle, case.kle_title) == (
        "07.18.00",
        "Affald fra husholdninger, indsamlingsordninger i almindelighed",
    )
    page = staff_client(caseworker_tmf).get(f"/medarbejder/sager/{case.reference}/")
    assert "07.18.00 Affald fra husholdninger" in page.content.decode()
    _client, token = services.create_case_system_client(name="ESDH", administration_code="tmf")
    data = (
        Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/v1/cases/{case.reference}/").json()
    )
    assert (data["kle"], data["kle_title"]) == (case.kle, case.kle_title)
    payload = case_payload(case)
    assert (payload["kle"], payload["kle_title"]) == (case.kle, case.kle_title)


def test_a_topic_chosen_by_the_citizen_still_gets_a_kle_number(routing, parent_cpr):
    case = services.create_case(
        cpr=parent_cpr, text="Jeg har fået en p-bøde, men jeg havde licens", topic_slug="parkering"
    )
    assert case.administration_id == "tmf"
    assert case.kle.startswith("05.09")


def test_the_route_command_works_on_a_freshly_migrated_database(routing, monkeypatch):
    from indgang.cases.conftest import trained_router

    # Nothing but the migrations: no municipality, teams, topics, rules or model.
    for model in (RoutingModel, RoutingRule, Topic, TrainingExample, Case, KleMapping):
        model.objects.all().delete()
    Municipality.objects.all().delete()
    # Training itself is tested below; here the session's model stands in for it.
    monkeypatch.setattr(router, "train_and_store", lambda seed=4: router.store(trained_router()))
    monkeypatch.setattr(
        sys,
        "stdin",
        io.StringIO(
            json.dumps({"text": LICENCE})
            + "\n"
            + json.dumps({"text": "I'm worried about a child next door, he is being beaten"})
            + "\n"
        ),
    )
    out = io.StringIO()
    call_command("route", stdout=out)
    licence, child = [json.loads(line) for line in out.getvalue().splitlines()]
    assert licence == {
        "administration": "kff",
        "team": "borgerservice",
        "confidence": licence["confidence"],
        "auto": True,
        "kle": "23.09.04",
        "kle_title": "Kørekort",
    }
    # The rules were loaded with the municipality: a concern for a child is sof's.
    assert (child["administration"], child["team"], child["kle"]) == (
        "sof",
        "boern-familie",
        "34.10.30",
    )
    assert Municipality.objects.get(active=True).code == "101"


def test_route_train_learns_from_corrections_and_reports_what_changed(routing, front_desk_kff):
    text = "Kan kommunen hjælpe med at fjerne graffiti fra vores gavl"
    before = router.route(text)
    corrected = "okf" if before.administration != "okf" else "kff"
    team = Team.objects.filter(administration_id=corrected).first()
    for variant in (text, text.lower(), text + "?", "Hej. " + text):
        TrainingExample.objects.create(text=variant, administration_id=corrected, team=team)
    out = io.StringIO()
    call_command("route", "train", stdout=out)
    report = out.getvalue()
    assert "Caseworkers' corrections: 4" in report
    assert "for municipality 101" in report
    model = RoutingModel.objects.get(active=True)
    assert model.metrics["corrections"] == 4
    # The corrected text and one worded a little differently now go there.
    after = router.route(text)
    assert (after.administration, after.auto) == (corrected, True)
    assert (
        router.route("kan kommunen hjælpe med at fjerne graffitien fra vores gavl").administration
        == corrected
    )
    assert f"→ {corrected}:" in report


def test_route_train_for_the_example_municipality_learns_its_administrations(routing):
    load_both()
    municipality.set_active("999")
    trained = router.train(held_out=False)
    assert trained.labels == ["bba", "tek", "vel"] and trained.municipality == "999"
    result = router.route_many([HOME_HELP, LICENCE], model=trained)
    assert [(r.administration, r.team) for r in result] == [
        ("vel", "aeldre"),
        ("bba", "borgerservice"),
    ]


def test_a_rule_still_wins_in_a_municipality_without_its_administration(routing):
    load_both()
    text = "I'm worried about the girl next door, I think she is being hit"
    copenhagen = router.route(text, municipality_code="101")
    example = router.route(text, municipality_code="999")
    assert (copenhagen.administration, copenhagen.team, copenhagen.routed_by) == (
        "sof",
        "boern-familie",
        "rule",
    )
    # The example municipality has no sof: the rule's KLE topic goes by its map.
    assert (example.administration, example.team, example.routed_by, example.kle) == (
        "vel",
        "boern-unge",
        "rule",
        "34.10.30",
    )
