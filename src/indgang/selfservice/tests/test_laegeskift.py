"""Lægeskift: the legal rules, the fee, children moving along, the register update."""

import datetime as dt
import re

import pytest
from django.test import Client

from indgang.registers import models as register_models
from indgang.registers import queries as registers
from indgang.selfservice import laegeskift, queries, services
from indgang.selfservice.constants import ProcessingStatus
from indgang.selfservice.models import HealthCardOrder
from indgang.selfservice.tasks import process_submission
from indgang.selfservice.tests.helpers import draft_id, near_clinics, start

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def choices(cpr: str) -> dict[str, str]:
    person = registers.person(cpr)
    return {c.clinic.id: c.exception for c in laegeskift.clinic_choices(person, TODAY)}


def test_the_legal_distance_is_5_km_in_the_capital_municipalities_and_15_elsewhere():
    for code in ("0101", "0147", "0185", "0155"):
        assert laegeskift.legal_distance_km(code) == 5
    assert laegeskift.legal_distance_km("0157") == 15  # Gentofte


def test_open_clinics_within_the_limit_are_offered_nearest_first_with_distance(
    definitions, citizen_client, parent_cpr
):
    draft = draft_id(start(citizen_client))
    response = citizen_client.get(f"/selvbetjening/kladde/{draft}/laege/")
    page = response.content.decode()
    open_near = near_clinics(parent_cpr)
    positions = [page.index(f'value="{c.id}"') for _d, c in open_near]
    assert positions == sorted(positions)
    distance, nearest = open_near[0]
    assert f"{distance:.1f} km".replace(".", ",") in page
    assert nearest.street in page
    far = register_models.Clinic.objects.exclude(
        pk__in=[c.id for _d, c in near_clinics(parent_cpr, open_only=False)]
    )
    assert all(f'value="{c.id}"' not in page for c in far)
    closed = [
        c for _d, c in near_clinics(parent_cpr, open_only=False) if not c.accepts_new_patients
    ]
    assert closed and all(c.id not in choices(parent_cpr) for c in closed)


def _closed_near(cpr: str) -> register_models.Clinic:
    return next(c for _d, c in near_clinics(cpr, open_only=False) if not c.accepts_new_patients)


def test_a_closed_clinic_may_be_chosen_when_someone_at_the_address_has_it(parent_cpr):
    closed = _closed_near(parent_cpr)
    person = registers.person(parent_cpr)
    housemate = next(r for r in (*person.household, *person.relations) if r.same_address)
    register_models.Person.objects.filter(cpr=housemate.cpr).update(gp_clinic=closed)
    assert choices(parent_cpr)[closed.id] == "family"


def test_a_closed_clinic_may_be_chosen_by_a_15_year_old_when_it_is_a_parents(
    population, parent_cpr
):
    child_cpr = next(
        r.to_cpr for r in population.relations if r.from_cpr == parent_cpr and r.kind == "child"
    )
    child = register_models.Person.objects.get(cpr=child_cpr)
    closed = _closed_near(child_cpr)
    # The child turned 15 a week ago and lives elsewhere, so only the parent rule applies.
    other_address = register_models.Address.objects.exclude(pk=child.address_id).filter(
        lat__range=(child.address.lat - 0.01, child.address.lat + 0.01),
        lon__range=(child.address.lon - 0.01, child.address.lon + 0.01),
    )[0]
    register_models.Person.objects.filter(pk=child.pk).update(
        birth_date=TODAY.replace(year=TODAY.year - 15) - dt.timedelta(days=7),
        address=other_address,
        household_id="alone",
    )
    register_models.Person.objects.filter(cpr=parent_cpr).update(gp_clinic=closed)
    assert choices(child_cpr).get(closed.id) == "parent_at_15"
    register_models.Person.objects.filter(pk=child.pk).update(
        birth_date=TODAY.replace(year=TODAY.year - 17)
    )
    assert closed.id not in choices(child_cpr)


def test_with_fewer_than_two_open_clinics_near_closed_ones_may_be_asked_for(parent_cpr):
    near = near_clinics(parent_cpr, open_only=False)
    keep_open = near[0][1]
    register_models.Clinic.objects.filter(pk__in=[c.id for _d, c in near[1:]]).update(
        accepts_new_patients=False
    )
    register_models.Clinic.objects.filter(pk=keep_open.pk).update(accepts_new_patients=True)
    found = choices(parent_cpr)
    assert found[keep_open.id] == ""
    assert {found[c.id] for _d, c in near[1:]} == {"few_open"}


def test_the_fee_is_configured_per_year(settings):
    settings.SELFSERVICE_GP_CHANGE_FEES = {2024: 225, 2026: 240}
    assert laegeskift.fee_for(dt.date(2024, 5, 1)) == 225
    assert laegeskift.fee_for(dt.date(2025, 5, 1)) == 225
    assert laegeskift.fee_for(dt.date(2027, 5, 1)) == 240


def _walk(client: Client, answers: dict[str, dict]) -> str:
    """Answer each step the service shows; returns the draft id."""
    url = start(client)
    draft = draft_id(url)
    while "/tjek/" not in url:
        step = url.rstrip("/").rsplit("/", 1)[-1]
        response = client.post(url, answers.get(step, {}))
        assert response.status_code == 302, (step, response.content.decode()[-2000:])
        url = response["Location"]
    return draft


def test_a_citizen_changes_gp_without_typing_and_a_child_moves_along(
    definitions, citizen_client, parent_cpr, django_capture_on_commit_callbacks
):
    person = registers.person(parent_cpr)
    child = person.children_in_custody[0]
    clinic = near_clinics(parent_cpr)[0][1]
    # Only choices: no personal data is typed anywhere.
    draft = _walk(
        citizen_client,
        {
            "sygesikring": {"insurance": "keep"},
            "laege": {"clinic": clinic.id},
            "boern": {"children": [child.cpr]},
            "gebyr": {"reason": "other"},
        },
    )
    check = citizen_client.get(f"/selvbetjening/kladde/{draft}/tjek/").content.decode()
    assert clinic.name in check and child.name in check
    assert "koster 225 kr." in check
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(f"/selvbetjening/kladde/{draft}/tjek/")
    receipt = response["Location"]
    submission = queries.submissions(parent_cpr).get()
    # The test settings use the database task backend: run the task as the worker would.
    process_submission.call(str(submission.pk))
    page = citizen_client.get(receipt).content.decode()
    assert submission.reference in page
    assert registers.person(parent_cpr).gp.id == clinic.id
    assert registers.person(child.cpr).gp.id == clinic.id
    assert set(HealthCardOrder.objects.values_list("cpr", flat=True)) == {parent_cpr, child.cpr}
    submission.refresh_from_db()
    assert submission.status == ProcessingStatus.DONE


@pytest.mark.parametrize(
    ("reason", "setup", "waiver"),
    [
        ("moved", "moved_last_month", "moved"),
        ("practice_closing", None, "practice_closing"),
        ("other", "turned_15_last_week", "turned_15"),
    ],
)
def test_the_fee_is_waived_where_the_law_says_so(definitions, parent_cpr, reason, setup, waiver):
    if setup == "moved_last_month":
        register_models.Person.objects.filter(cpr=parent_cpr).update(
            moved_in=TODAY - dt.timedelta(days=30)
        )
    if setup == "turned_15_last_week":
        register_models.Person.objects.filter(cpr=parent_cpr).update(
            birth_date=TODAY.replace(year=TODAY.year - 15) - dt.timedelta(days=7)
        )
    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "next": "/"})
    clinic = near_clinics(parent_cpr)[0][1]
    draft = _walk(
        client,
        {
            "sygesikring": {"insurance": "keep"},
            "laege": {"clinic": clinic.id},
            "gebyr": {"reason": reason},
        },
    )
    page = client.get(f"/selvbetjening/kladde/{draft}/tjek/").content.decode()
    assert "Det er gratis" in page
    submission = services.submit(queries.draft_of(parent_cpr, draft))
    assert submission.computed["fee"] == 0
    assert submission.computed["waiver"] == waiver


def test_changing_to_group_2_skips_the_doctor_and_registers_no_gp(definitions, parent_cpr):
    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "next": "/"})
    draft = _walk(client, {"sygesikring": {"insurance": "change"}, "gebyr": {"reason": "other"}})
    submission = services.submit(queries.draft_of(parent_cpr, draft))
    assert "clinic" not in submission.answers
    process_submission.call(str(submission.pk))
    person = registers.person(parent_cpr)
    assert person.insurance_group == 2
    assert person.gp is None
    assert person.insurance_group_since == TODAY


def test_the_group_can_change_only_after_a_year_in_it(definitions, parent_cpr):
    register_models.Person.objects.filter(cpr=parent_cpr).update(
        insurance_group_since=TODAY - dt.timedelta(days=200)
    )
    client = Client()
    client.post("/log-ind/test/", {"cpr": parent_cpr, "next": "/"})
    first = start(client)
    response = client.post(first, {})
    assert response["Location"].endswith("/laege/")


def test_a_citizen_with_address_protection_gets_the_card_through_the_municipality(
    laegeskift_draft, parent_cpr
):
    register_models.Person.objects.filter(cpr=parent_cpr).update(name_address_protected=True)
    submission = services.submit(laegeskift_draft)
    process_submission.call(str(submission.pk))
    assert HealthCardOrder.objects.get(cpr=parent_cpr).deliver_via_municipality


def test_the_receipt_and_its_pdf_say_the_same_as_sent(
    laegeskift_draft, citizen_client, parent_cpr, monkeypatch
):
    """The clinic by name, the old GP as "Nuværende læge" (also after the GP
    register has the new one), and the PDF says exactly what the page says."""
    from django.template.loader import render_to_string

    from indgang.selfservice import views

    before = registers.person(parent_cpr)
    assert before is not None and before.gp is not None
    clinic_id = laegeskift_draft.answers["clinic"]
    submission = services.submit(laegeskift_draft)
    process_submission.call(str(submission.pk))
    after = registers.person(parent_cpr)
    assert after is not None and after.gp is not None and after.gp.id == clinic_id
    receipt = f"/selvbetjening/kvittering/{submission.pk}/"
    page = citizen_client.get(receipt).content.decode()
    # The PDF's HTML, as WeasyPrint gets it.
    monkeypatch.setattr(
        views, "render_pdf", lambda template, context: render_to_string(template, context).encode()
    )
    pdf_html = citizen_client.get(f"{receipt}pdf/").content.decode()
    for html in (page, pdf_html):
        assert f"<dt>Nuværende læge</dt><dd>{before.gp.name}</dd>" in html
        assert f"<dd>{after.gp.name}</dd>" in html
        assert f"<dd>{clinic_id}</dd>" not in html
    facts = re.compile(r"<dt>(.*?)</dt><dd>(.*?)</dd>")
    assert facts.findall(page) == facts.findall(pdf_html)
    assert re.search(r"Status: ", pdf_html) and "Status: " in page


def test_the_gp_list_can_be_narrowed_by_name_or_postcode_without_javascript(
    definitions, citizen_client, parent_cpr
):
    first = start(citizen_client)
    citizen_client.post(first, {})
    laege = first.replace("/om-dig/", "/laege/")
    citizen_client.post(first.replace("/om-dig/", "/sygesikring/"), {"insurance": "keep"})
    everything = citizen_client.get(laege)
    total = len(everything.context["input_fields"][0].options)
    clinic = near_clinics(parent_cpr)[-1][1]
    for query in (clinic.postcode, clinic.name.split()[-1].lower()):
        page = citizen_client.get(f"{laege}?soeg={query}")
        options = page.context["input_fields"][0].options
        assert options and all(query in f"{o.label} {o.hint}".casefold() for o in options)
        assert clinic.id in [o.value for o in options]
        assert len(options) <= total
        assert f"af {total}, nærmeste først" in page.content.decode()
    # The search stays in the address; choosing from the narrowed list works.
    response = citizen_client.post(f"{laege}?soeg={clinic.postcode}", {"clinic": clinic.id})
    assert response.status_code == 302
