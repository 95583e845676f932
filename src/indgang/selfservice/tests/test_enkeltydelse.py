"""Enkeltydelse: prefilled from the income register, it explains an asset
limit and missing attachments before sending, and bif caseworkers get a
completeness checklist (access-checked and audited)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from indgang.conftest import make_staff, staff_client
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key
from indgang.registers import queries as registers
from indgang.selfservice import enkeltydelse, queries
from indgang.selfservice.tasks import process_submission
from indgang.selfservice.tests.helpers import start

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def purpose_step(client: Client, purpose: str = "dental") -> str:
    first = start(client, "enkeltydelse")
    response = client.post(
        first,
        {
            "purpose": purpose,
            "items-count": "1",
            "items-0-description": "Rodbehandling",
            "items-0-price": "4200",
            "reason": "Min løn rækker ikke",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return first


def fill_to_attachments(client: Client, assets: str, purpose: str = "dental") -> str:
    first = purpose_step(client, purpose)
    assert client.post(first.replace("/formaal/", "/husstand/"), {})["Location"]
    assert (
        client.post(first.replace("/formaal/", "/oekonomi/"), {"assets": assets}).status_code == 302
    )
    return first.replace("/formaal/", "/bilag/")


@pytest.fixture
def caseworker_bif(population):
    return make_staff("birte_bif", "bif", ["caseworker"], "ydelser")


def test_household_income_and_assets_are_prefilled_from_the_registers(
    definitions, citizen_client, parent_cpr
):
    first = purpose_step(citizen_client)
    finances = registers.finances(parent_cpr)
    assert finances is not None and finances.incomes
    page = citizen_client.get(first.replace("/formaal/", "/oekonomi/")).content.decode()
    assert finances.incomes[0].payer in page
    person = registers.person(parent_cpr)
    partner = next(
        (r for r in person.relations if r.kind in ("spouse", "partner") and r.same_address), None
    )
    expected = finances.total_assets + (
        registers.finances(partner.cpr).total_assets if partner else 0
    )
    assert f'value="{enkeltydelse.kroner(expected)}"' in page


def test_assets_over_the_limit_are_explained_and_need_an_explicit_confirmation(
    definitions, citizen_client, parent_cpr, settings
):
    settings.SELFSERVICE_ASSET_LIMIT_PERSON = 5000
    settings.SELFSERVICE_ASSET_LIMIT_COUPLE = 5000
    bilag = fill_to_attachments(citizen_client, "80000")
    upload = SimpleUploadedFile("tilbud.pdf", PDF, content_type="application/pdf")
    response = citizen_client.post(bilag, {"price_quote": upload})
    confirm = response["Location"]
    assert confirm.endswith("/bekraeft/")
    page = citizen_client.get(confirm).content.decode()
    assert "over grænsen for " in page and " på 5.000 kr." in page
    # Sending without the confirmation is not possible, not even from "Tjek dine svar".
    check = confirm.replace("/bekraeft/", "/tjek/")
    assert citizen_client.post(check)["Location"] == confirm
    assert citizen_client.post(confirm, {}).status_code == 422
    citizen_client.post(confirm, {"submit_anyway": "on"})
    assert "/kvittering/" in citizen_client.post(check)["Location"]
    submission = queries.submissions(parent_cpr).get()
    assert submission.computed["over_limit"] is True
    assert submission.answers["items"] == [{"description": "Rodbehandling", "price": "4200"}]


def test_within_the_limit_and_complete_there_is_nothing_to_confirm(
    definitions, citizen_client, settings
):
    settings.SELFSERVICE_ASSET_LIMIT_COUPLE = settings.SELFSERVICE_ASSET_LIMIT_PERSON = 10_000
    bilag = fill_to_attachments(citizen_client, "2000")
    upload = SimpleUploadedFile("tilbud.pdf", PDF)
    assert citizen_client.post(bilag, {"price_quote": upload})["Location"].endswith("/tjek/")


def test_a_missing_attachment_is_named_before_sending(definitions, citizen_client):
    bilag = fill_to_attachments(citizen_client, "0", purpose="medicine")
    page = citizen_client.get(bilag).content.decode()
    assert "Lægeerklæring" in page and "Prisoverslag" not in page
    confirm = citizen_client.post(bilag, {})["Location"]
    assert confirm.endswith("/bekraeft/")
    page = citizen_client.get(confirm).content.decode()
    assert "Du mangler at vedhæfte: erklæring fra din læge." in page


def test_bif_caseworkers_get_a_completeness_checklist_and_every_read_is_audited(
    definitions, citizen_client, parent_cpr, caseworker_bif
):
    bilag = fill_to_attachments(citizen_client, "0")
    confirm = citizen_client.post(bilag, {})["Location"]
    citizen_client.post(confirm, {"submit_anyway": "on"})
    citizen_client.post(confirm.replace("/bekraeft/", "/tjek/"))
    submission = queries.submissions(parent_cpr).get()
    process_submission.call(str(submission.pk))

    page = staff_client(caseworker_bif).get("/medarbejder/enkeltydelse/").content.decode()
    assert submission.reference in page and registers.person(parent_cpr).name in page
    assert "Vedhæftet: prisoverslag" in page or "Bilag: prisoverslag" in page
    assert "Mangler" in page and "Ufuldstændig" in page
    assert AuditEntry.objects.filter(
        citizen_key=citizen_key(parent_cpr), actor=caseworker_bif, action="view"
    ).exists()
    items = enkeltydelse.checklist(submission)
    assert [i.ok for i in items][:2] == [True, False]


def test_only_bif_caseworkers_see_applications(
    definitions, caseworker_sof, front_desk_kff, citizen_client
):
    for user in (caseworker_sof, front_desk_kff):
        assert staff_client(user).get("/medarbejder/enkeltydelse/").status_code == 403
    assert citizen_client.get("/medarbejder/enkeltydelse/").status_code in (302, 403)
    assert Client().get("/medarbejder/enkeltydelse/").status_code == 302


def test_attachments_open_for_bif_only_and_the_read_is_audited(
    definitions, citizen_client, parent_cpr, caseworker_bif, caseworker_sof
):
    bilag = fill_to_attachments(citizen_client, "0")
    citizen_client.post(bilag, {"price_quote": SimpleUploadedFile("tilbud.pdf", PDF)})
    citizen_client.post(bilag.replace("/bilag/", "/tjek/"))
    submission = queries.submissions(parent_cpr).get()
    file_id = submission.answers["price_quote"][0]["id"]
    url = f"/medarbejder/enkeltydelse/{submission.id}/bilag/{file_id}/"
    # Before the application is registered with bif, even bif cannot open it.
    assert staff_client(caseworker_bif).get(url).status_code == 403
    process_submission.call(str(submission.pk))
    response = staff_client(caseworker_bif).get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert staff_client(caseworker_sof).get(url).status_code == 403
    assert AuditEntry.objects.filter(actor=caseworker_bif, action="refused").exists()


def test_a_quote_uploaded_while_the_scanner_is_down_is_held_until_a_rescan(
    definitions, citizen_client, parent_cpr, caseworker_bif, settings
):
    from django.core.management import CommandError, call_command

    from indgang.core.contrib.eicar.plugin import EICAR

    # clamd is configured but nothing listens: the scan fails, the file is kept.
    settings.VIRUS_SCANNER = "clamd"
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_TIMEOUT = "127.0.0.1", 9, 1
    bilag = fill_to_attachments(citizen_client, "0")
    quote = SimpleUploadedFile("tilbud.pdf", PDF)
    assert citizen_client.post(bilag, {"price_quote": quote}).status_code == 302
    citizen_client.post(bilag.replace("/bilag/", "/tjek/"))
    submission = queries.submissions(parent_cpr).get()
    process_submission.call(str(submission.pk))
    file_id = submission.answers["price_quote"][0]["id"]
    url = f"/medarbejder/enkeltydelse/{submission.id}/bilag/{file_id}/"
    bif = staff_client(caseworker_bif)
    response = bif.get(url)
    assert response.status_code == 403
    assert "ikke virusscannet endnu" in response.content.decode()
    with pytest.raises(CommandError, match="1 file"):
        call_command("files", "rescan")  # still down: the cron job says so

    settings.VIRUS_SCANNER = "demo"  # the scanner is back
    call_command("files", "rescan")
    assert bif.get(url).content == PDF
    call_command("files", "rescan")  # nothing left to do

    # A file the rescan finds infected stays held.
    from indgang.selfservice.models import DraftFile

    DraftFile.objects.filter(pk=file_id).update(data=PDF + EICAR, scan_status="error")
    with pytest.raises(CommandError, match="1 infected"):
        call_command("files", "rescan")
    response = bif.get(url)
    assert response.status_code == 403 and "indeholder virus" in response.content.decode()


def test_danish_amounts_are_accepted_and_shown_with_a_total(definitions, citizen_client):
    first = start(citizen_client, "enkeltydelse")
    response = citizen_client.post(
        first,
        {
            "purpose": "furniture",
            "items-count": "2",
            "items-0-description": "Seng",
            "items-0-price": "3.250,50",
            "items-1-description": "Bord",
            "items-1-price": "1200,50",
            "reason": "Min løn rækker ikke",
        },
    )
    assert response.status_code == 302, response.content.decode()
    citizen_client.post(first.replace("/formaal/", "/husstand/"), {})
    assert citizen_client.post(first.replace("/formaal/", "/oekonomi/"), {"assets": "6.500"})[
        "Location"
    ]
    page = citizen_client.get(first.replace("/formaal/", "/oekonomi/")).content.decode()
    assert 'value="6.500"' in page
    upload = SimpleUploadedFile("tilbud.pdf", PDF, content_type="application/pdf")
    check_url = citizen_client.post(first.replace("/formaal/", "/bilag/"), {"price_quote": upload})
    assert check_url["Location"].endswith("/tjek/")
    check = citizen_client.get(check_url["Location"]).content.decode()
    assert "Seng, 3.250,50 kr.; Bord, 1.200,50 kr. (i alt 4.451 kr.)" in check
    assert "6.500 kr." in check


def test_a_bad_amount_is_explained_and_nothing_typed_is_lost(definitions, citizen_client):
    first = start(citizen_client, "enkeltydelse")
    response = citizen_client.post(
        first,
        {
            "purpose": "dental",
            "items-count": "1",
            "items-0-description": "Rodbehandling",
            "items-0-price": "fire tusind",
            "reason": "Min løn rækker ikke",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Skriv et beløb i kroner, fx 6.500 eller 3.250,50." in page
    assert 'value="fire tusind"' in page and 'value="Rodbehandling"' in page


@pytest.mark.parametrize("couple", [True, False])
def test_the_warning_names_the_limit_that_applies(
    definitions, citizen_client, parent_cpr, settings, couple
):
    settings.SELFSERVICE_ASSET_LIMIT_PERSON = 7_000
    settings.SELFSERVICE_ASSET_LIMIT_COUPLE = 14_000
    person = registers.person(parent_cpr)
    if not couple:
        from indgang.registers import models as register_models

        register_models.Relation.objects.filter(
            from_person__cpr=parent_cpr, kind__in=("spouse", "partner")
        ).delete()
    else:
        from indgang.registers import models as register_models

        # A partner at the same address, whatever the synthetic population gave.
        parent = register_models.Person.objects.get(cpr=parent_cpr)
        other = (
            register_models.Person.objects.exclude(pk=parent.pk)
            .filter(birth_date__year__lt=2000)
            .order_by("pk")
            .first()
        )
        assert other is not None
        other.address_id = parent.address_id
        other.save(update_fields=["address"])
        register_models.Relation.objects.get_or_create(
            from_person=parent, to_person=other, kind="partner"
        )
        person = registers.person(parent_cpr)
        assert enkeltydelse.partner(type("Ctx", (), {"person": person})()) is not None
    start_page = citizen_client.get("/selvbetjening/enkeltydelse/").content.decode()
    bilag = fill_to_attachments(citizen_client, "80000")
    page = citizen_client.get(bilag.replace("/bilag/", "/oekonomi/")).content.decode()
    if couple:
        assert "over grænsen for et par på 14.000 kr." in page
        assert "grænsen for et par gælder" in start_page and "14.000 kr." in start_page
    else:
        assert "over grænsen for en enlig på 7.000 kr." in page
        assert "for et par" not in page + start_page
