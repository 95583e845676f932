import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from indgang.cases import services as cases
from indgang.cases.constants import CaseState
from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"


def menu(client: Client, path: str = "/medarbejder/") -> str:
    html = client.get(path).content.decode()
    start = html.index('aria-label="Medarbejdermenu"')
    return html[start : html.index("</nav>", start)]


def test_staff_see_their_own_menu_not_the_citizens(caseworker_tmf):
    html = staff_client(caseworker_tmf).get("/medarbejder/").content.decode()
    assert "Medarbejdermenu" in html
    assert "Book tid" not in html  # the citizens' menu is gone
    assert "Jonas" not in html and "Tove Testesen" in html
    assert "Teknik- og Miljøforvaltningen · Parkering" in html


def test_the_menu_shows_only_what_the_role_may_use(caseworker_tmf, analyst, editor_kff):
    caseworker = menu(staff_client(caseworker_tmf))
    assert "/medarbejder/sager/" in caseworker and "/medarbejder/indsigt/" not in caseworker
    assert "/medarbejder/steder/" not in caseworker
    analysis = menu(staff_client(analyst))
    assert "/medarbejder/indsigt/" in analysis and "/medarbejder/sager/" not in analysis
    editing = menu(staff_client(editor_kff))
    assert "/medarbejder/steder/" in editing and "/medarbejder/ydelser/" in editing
    assert "/medarbejder/sager/" not in editing and "/admin/" not in editing


def test_the_menu_marks_the_current_page(caseworker_tmf):
    nav = menu(staff_client(caseworker_tmf), "/medarbejder/soeg/")
    assert 'href="/medarbejder/soeg/" class="nav-link" aria-current="page"' in nav


def test_the_caseworker_home_counts_the_queue_and_lists_my_cases(
    routing, caseworker_tmf, parent_cpr
):
    mine = cases.create_case(cpr=parent_cpr, text=WASTE, topic_slug="parkering")
    cases.assign(mine, caseworker_tmf, actor=caseworker_tmf)
    cases.create_case(cpr=parent_cpr, text="Parkeringsbøde", topic_slug="parkering")
    page = staff_client(caseworker_tmf).get("/medarbejder/")
    counts = page.context["caseworker"]["counts"]
    assert (counts["mine"], counts["new"]) == (1, 1)
    html = page.content.decode()
    assert mine.reference in html
    assert 'href="/medarbejder/sager/?vis=new"' in html


def test_a_case_reopened_by_an_unhappy_survey_shows_on_the_home_and_in_its_queue(
    routing, caseworker_tmf, parent_cpr
):
    case = cases.create_case(cpr=parent_cpr, text=WASTE, topic_slug="parkering")
    for state in (CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.CLOSED):
        cases.transition(case, state, actor=caseworker_tmf)
    reopened_by_staff = cases.create_case(cpr=parent_cpr, text="Bøde", topic_slug="parkering")
    for state in (CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.IN_PROGRESS):
        cases.transition(reopened_by_staff, state, actor=caseworker_tmf)
    cases.transition(case, CaseState.IN_PROGRESS, actor=None, detail="survey")  # as the survey
    client = staff_client(caseworker_tmf)
    assert client.get("/medarbejder/").context["caseworker"]["counts"]["reopened"] == 1
    queue = client.get("/medarbejder/sager/?vis=reopened").content.decode()
    assert case.reference in queue and reopened_by_staff.reference not in queue


def test_the_front_desk_home_starts_assisted_service_and_registers_contacts(front_desk_kff):
    html = staff_client(front_desk_kff).get("/medarbejder/").content.decode()
    assert 'href="/medarbejder/medbetjening/"' in html
    assert 'href="/medarbejder/henvendelser/"' in html


def test_the_editor_home_lists_places_to_verify(editor_kff):
    from indgang.directory.demo import load_directory

    load_directory()
    page = staff_client(editor_kff).get("/medarbejder/")
    assert page.context["editor"]["unit_count"] > 0
    assert 'href="/medarbejder/steder/"' in page.content.decode()


def test_the_administrator_home_links_users_and_integrations(administrator):
    html = staff_client(administrator).get("/medarbejder/").content.decode()
    assert "/admin/auth/user/" in html and "/admin/cases/webhooksubscription/" in html


def test_the_operations_page_is_in_the_menu_and_home_of_those_who_may_operate(
    administrator, caseworker_tmf, analyst
):
    admin = staff_client(administrator)
    assert "/medarbejder/drift/" in menu(admin)
    assert 'href="/medarbejder/drift/"' in admin.get("/medarbejder/").content.decode()
    caseworker = staff_client(caseworker_tmf)
    assert "/medarbejder/drift/" not in caseworker.get("/medarbejder/").content.decode()
    # Not an administrator, but given the operations.operate permission.
    analyst.user_permissions.add(Permission.objects.get(codename="operate"))
    operator = staff_client(User.objects.get(pk=analyst.pk))
    assert "/medarbejder/drift/" in menu(operator)
    home = operator.get("/medarbejder/").content.decode()
    assert 'href="/medarbejder/drift/"' in home and "/admin/auth/user/" not in home


def test_the_staff_home_is_for_logged_in_staff_only(citizen_client):
    assert Client().get("/medarbejder/").status_code == 302
    assert citizen_client.get("/medarbejder/").status_code == 302


def test_case_search_finds_by_number_name_and_text_in_my_administration_only(
    routing, caseworker_tmf, caseworker_sof, parent_cpr
):
    case = cases.create_case(
        cpr=parent_cpr, text=WASTE, citizen_name="Birte Testborger", topic_slug="parkering"
    )
    client = staff_client(caseworker_tmf)
    for query in (case.reference, "birte", "skraldespand"):
        found = client.get("/medarbejder/soeg/", {"q": query}).context["results"]
        assert [c.reference for c in found] == [case.reference], query
    other = staff_client(caseworker_sof).get("/medarbejder/soeg/", {"q": case.reference})
    assert other.context["results"] == []


def test_a_case_search_by_cpr_is_audited(routing, caseworker_tmf, parent_cpr):
    case = cases.create_case(cpr=parent_cpr, text=WASTE, topic_slug="parkering")
    client = staff_client(caseworker_tmf)
    query = f"{parent_cpr[:6]}-{parent_cpr[6:]}"
    found = client.get("/medarbejder/soeg/", {"q": query}).context["results"]
    assert [c.reference for c in found] == [case.reference]
    assert AuditEntry.objects.filter(
        actor=caseworker_tmf, citizen_key=citizen_key(parent_cpr), action="view"
    ).exists()


def test_case_search_filters_by_state_and_overdue(routing, caseworker_tmf, parent_cpr):
    open_case = cases.create_case(cpr=parent_cpr, text=WASTE, topic_slug="parkering")
    done = cases.create_case(cpr=parent_cpr, text="Bøde", topic_slug="parkering")
    cases.transition(done, CaseState.RESOLVED, actor=caseworker_tmf)
    client = staff_client(caseworker_tmf)
    found = client.get("/medarbejder/soeg/", {"state": "resolved"}).context["results"]
    assert [c.reference for c in found] == [done.reference]
    open_case.deadline = open_case.created_at.date().replace(year=2000)
    open_case.save()
    found = client.get("/medarbejder/soeg/", {"overdue": "on"}).context["results"]
    assert [c.reference for c in found] == [open_case.reference]


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("/medarbejder/soeg/", "analyst"),
        ("/medarbejder/soeg/", "editor_kff"),
        ("/medarbejder/steder/", "caseworker_tmf"),
        ("/medarbejder/ydelser/", "caseworker_tmf"),
        ("/medarbejder/ydelser/", "analyst"),
    ],
)
def test_roles_without_the_task_are_refused(request, url, persona):
    user = request.getfixturevalue(persona)
    assert staff_client(user).get(url).status_code == 403


@pytest.mark.parametrize(
    "url", ["/medarbejder/soeg/", "/medarbejder/steder/", "/medarbejder/ydelser/"]
)
def test_citizens_and_visitors_are_sent_to_the_staff_login(citizen_client, url):
    for client in (Client(), citizen_client):
        response = client.get(url)
        assert response.status_code == 302 and "/medarbejder/log-ind/" in response["Location"]
