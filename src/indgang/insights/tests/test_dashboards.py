from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from indgang.catalogue.demo import load_catalogue
from indgang.conftest import make_staff, staff_client
from indgang.contacts.models import Contact
from indgang.insights import rollup

pytestmark = pytest.mark.django_db

PERIODS = {
    "baseline_start": "2026-01-01",
    "baseline_end": "2026-01-31",
    "current_start": "2026-03-01",
    "current_end": "2026-03-31",
}
SERVICE = "/medarbejder/indsigt/tjenester/laegeskift/"
ADMINISTRATION = "/medarbejder/indsigt/forvaltninger/kff/"
OVERVIEW = "/medarbejder/indsigt/"
BUSINESS_CASE = "/medarbejder/indsigt/business-case/"


@pytest.fixture
def contacts(population: Any) -> None:
    load_catalogue()

    def add(n: int, when: datetime, channel: str, service: str = "laegeskift") -> None:
        for _ in range(n):
            Contact.objects.create(
                channel=channel,
                service=service,
                administration_id="kff",
                started_at=when,
                duration_s=480 if channel == "phone" else None,
            )

    add(4, datetime(2026, 1, 10, 9, tzinfo=UTC), "phone")
    add(1, datetime(2026, 1, 10, 9, tzinfo=UTC), "selfservice")
    add(2, datetime(2026, 3, 10, 9, tzinfo=UTC), "phone")
    add(3, datetime(2026, 3, 10, 9, tzinfo=UTC), "selfservice")
    add(7, datetime(2026, 3, 10, 9, tzinfo=UTC), "phone", service="sundhedskort")
    rollup.rebuild(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def analyst_sof(population: Any) -> User:
    return make_staff("sara_sof", "sof", ["analyst"], None)


def get(client: Client, url: str, **params: str) -> Any:
    return client.get(url, {**PERIODS, **params})


def test_the_service_dashboard_compares_two_periods(analyst: User, contacts: None) -> None:
    page = get(staff_client(analyst), SERVICE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lægeskift" in html
    # Contacts: January 5 (4 phone, 1 self-service), March 5 (2 phone, 3 self-service).
    table = page.context["tables"][0]
    assert table.id == "contacts"
    assert (table.baseline.value, table.current.value) == (5, 5)
    take_up = next(t for t in page.context["tables"] if t.id == "digital_takeup")
    assert (take_up.baseline.value, take_up.current.value) == (0.2, 0.6)
    assert take_up.headline["change"].startswith("+40")
    assert '<h2 id="metric-contacts">Henvendelser pr. kanal</h2>' in html
    # Each chart's spec is in a json_script element beside its table.
    assert 'id="chart-contacts"' in html and 'id="table-contacts"' in html


def test_the_service_dashboard_exports_every_table_as_csv(analyst: User, contacts: None) -> None:
    response = get(staff_client(analyst), SERVICE, format="csv", table="contacts")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "indsigt-laegeskift-contacts.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][4].startswith("Baseline") or rows[0][4].startswith("Basis")
    by_key = {row[2]: row[4:] for row in rows[1:]}
    assert by_key[""] == ["5", "5"]
    assert by_key["phone"] == ["4", "2"]
    assert by_key["selfservice"] == ["1", "3"]


def test_the_excel_export_has_a_sheet_per_table(analyst: User, contacts: None) -> None:
    response = get(staff_client(analyst), SERVICE, format="xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "contacts" in workbook.sheetnames and "digital_takeup" in workbook.sheetnames
    sheet = workbook["contacts"]
    assert [c.value for c in sheet[2]][4:] == [5, 5]


def test_an_administration_dashboard_includes_all_its_services(
    analyst: User, contacts: None
) -> None:
    page = get(staff_client(analyst), ADMINISTRATION)
    assert page.status_code == 200
    assert page.context["tables"][0].current.value == 12


def test_filters_narrow_the_figures(analyst: User, contacts: None) -> None:
    page = get(staff_client(analyst), OVERVIEW, channel="phone", service="sundhedskort")
    assert page.status_code == 200
    assert page.context["tables"][0].current.value == 7


def test_bad_dates_get_a_clear_message_and_are_kept(analyst: User, contacts: None) -> None:
    page = staff_client(analyst).get(
        SERVICE,
        {**PERIODS, "current_start": "2026-03-31", "current_end": "2026-03-01"},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "error-summary" in html
    assert 'value="2026-03-31"' in html
    nonsense = staff_client(analyst).get(SERVICE, {**PERIODS, "baseline_start": "tirsdag"})
    assert nonsense.status_code == 400
    assert 'value="tirsdag"' in nonsense.content.decode()


def test_an_export_with_bad_dates_says_what_is_wrong(analyst: User, contacts: None) -> None:
    response = get(staff_client(analyst), SERVICE, format="csv", baseline_end="2025-12-01")
    assert response.status_code == 400
    assert response.content.decode()


def test_default_periods_are_used_without_dates(analyst: User, contacts: None) -> None:
    page = staff_client(analyst).get(SERVICE)
    assert page.status_code == 200
    baseline, current = page.context["baseline"], page.context["current"]
    assert current.days == 90 and baseline.days == 90 and baseline.end < current.start


def test_analysts_of_one_administration_see_only_their_own(
    analyst_sof: User, contacts: None
) -> None:
    client = staff_client(analyst_sof)
    assert client.get(OVERVIEW).url == "/medarbejder/indsigt/forvaltninger/sof/"
    assert get(client, "/medarbejder/indsigt/forvaltninger/sof/").status_code == 200
    assert get(client, ADMINISTRATION).status_code == 403
    assert get(client, SERVICE).status_code == 403
    assert get(client, SERVICE, format="csv", table="contacts").status_code == 403
    assert client.get(BUSINESS_CASE, {"prefill": "laegeskift"}).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        OVERVIEW,
        SERVICE,
        ADMINISTRATION,
        BUSINESS_CASE,
        f"{OVERVIEW}?format=csv",
        f"{SERVICE}?format=csv&table=contacts",
        f"{SERVICE}?format=csv&table=avoidable_contacts",
        f"{ADMINISTRATION}?format=xlsx",
    ],
)
def test_a_caseworker_of_another_administration_is_refused(
    caseworker_tmf: User, contacts: None, url: str
) -> None:
    assert staff_client(caseworker_tmf).get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(contacts: None) -> None:
    response = Client().get(SERVICE)
    assert (response.status_code == 302 and "/log-ind" in response.url) or "login" in response.url


def test_an_unknown_table_or_administration_is_not_found(analyst: User, contacts: None) -> None:
    client = staff_client(analyst)
    assert get(client, SERVICE, format="csv", table="nope").status_code == 404
    assert client.get("/medarbejder/indsigt/forvaltninger/xyz/").status_code == 404


def test_staff_home_links_analysts_to_the_dashboards(analyst: User) -> None:
    html = staff_client(analyst).get("/medarbejder/").content.decode()
    assert OVERVIEW in html and BUSINESS_CASE in html


def test_a_metric_says_when_a_chosen_filter_does_not_apply(analyst: User, contacts: None) -> None:
    page = get(staff_client(analyst), SERVICE, channel="phone")
    by_id = {t.id: t for t in page.context["tables"]}
    assert by_id["digital_takeup"].ignored_filters == ["kanal"]
    assert by_id["contacts"].ignored_filters == []
    assert "Ikke opdelt efter det valgte filter: kanal." in page.content.decode()


@pytest.fixture
def reasons(contacts: None, settings: Any) -> None:
    settings.INSIGHTS_CHANNEL_COSTS = {**settings.INSIGHTS_CHANNEL_COSTS, "phone": 60}
    laegeskift = Contact.objects.filter(service="laegeskift")
    # January: 4 phone calls chasing progress, the self-service contact without a reason.
    laegeskift.filter(started_at__month=1, channel="phone").update(reason="chasing")
    # March: 2 phone calls chasing progress, 3 self-service new matters.
    laegeskift.filter(started_at__month=3, channel="phone").update(reason="chasing")
    laegeskift.filter(started_at__month=3, channel="selfservice").update(reason="new_matter")
    rollup.rebuild(date(2026, 1, 1), date(2026, 3, 31))


def test_the_dashboard_shows_avoidable_contacts_and_what_they_rest_on(
    analyst: User, reasons: None
) -> None:
    page = get(staff_client(analyst), SERVICE)
    by_id = {t.id: t for t in page.context["tables"]}
    avoidable = by_id["avoidable_contacts"]
    # January 4 of 4 with a reason; March 2 of 5.
    assert (avoidable.baseline.value, avoidable.current.value) == (1.0, 0.4)
    assert avoidable.headline["change"] == "−60,0 procentpoint"
    rows = {r.key: (r.baseline, r.current) for r in avoidable.rows}
    assert rows["chasing"] == (1.0, 0.4) and rows["technical_error"] == (0.0, 0.0)
    coverage = by_id["reason_coverage"]
    assert (coverage.baseline.value, coverage.current.value) == (0.8, 1.0)
    assert by_id["avoidable_cost"].current.value == 120
    html = page.content.decode()
    assert '<h2 id="metric-avoidable_contacts">Undgåelige henvendelser</h2>' in html
    assert (
        "I perioden 01.03.2026–31.03.2026 har 5 af 5 henvendelser (100,0 %) en registreret "
        "årsag, og 2 af dem kunne være undgået."
    ) in html
    assert 'id="chart-avoidable_contacts"' in html and 'id="table-avoidable_contacts"' in html


def test_avoidable_contacts_are_exported(analyst: User, reasons: None) -> None:
    client = staff_client(analyst)
    response = get(client, SERVICE, format="csv", table="avoidable_per_channel")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_key = {row[2]: row[4:] for row in rows[1:]}
    assert by_key == {"": ["1.0", "0.4"], "selfservice": ["", "0.0"], "phone": ["1.0", "1.0"]}
    excel = get(client, ADMINISTRATION, format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(excel.content))["avoidable_cost"]
    assert [c.value for c in sheet[2]][4:] == [240, 120]
