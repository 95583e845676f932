"""Issue 4's "done when", in a real browser with axe-core on every page and error state:
a citizen writes → the case is routed → the owning team's caseworker replies with a
template → the citizen reads it → the caseworker sees "read"; a misrouted case is
transferred and counted."""

import pytest
from playwright.sync_api import expect

from indgang.cases.conftest import ensure_routing
from indgang.cases.constants import Activity
from indgang.cases.models import Case, CaseEvent
from indgang.core.browser import assert_accessible
from indgang.core.models import Team
from indgang.messaging.constants import DeliveryStatus, Direction
from indgang.messaging.demo import load_reply_templates
from indgang.messaging.models import Message

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


def citizen_writes(page, text):
    page.goto("/kontakt/skriv/")
    page.get_by_label("Din besked").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    decline = page.get_by_role("button", name="Nej tak, send min besked")
    if decline.count():  # the form offered a self-service first
        assert_accessible(page)
        decline.click()
    page.wait_for_url("**/kontakt/skriv/sendt/")


def test_a_citizen_writes_the_caseworker_replies_the_citizen_reads_and_staff_see_it_read(
    page, live_population, settings
):
    from indgang.conftest import PASSWORD, make_staff

    settings.TASKS = IMMEDIATE  # delivery runs right after the reply is committed
    ensure_routing()
    load_reply_templates()
    make_staff("tove_tmf", "tmf", ["caseworker"], "veje")
    citizen = live_population.persons[0].cpr

    # The citizen writes through the secure contact form (empty first: error state).
    page.goto("/log-ind/test/?next=/kontakt/skriv/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(citizen)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/kontakt/skriv/")
    citizen_writes(page, "Der er et stort hul i vejen ud for min opgang, cyklister falder")
    case = Case.objects.get()
    assert case.administration_id == "tmf" and case.team.slug == "veje"  # routed
    assert_accessible(page)
    page.goto("/beskeder/")
    assert case.reference in page.content()  # the inquiry is the thread's first message
    assert "ulæst" not in page.content()
    assert_accessible(page)

    # The owning team's caseworker replies with a template.
    page.goto(f"/medarbejder/log-ind/?next=/medarbejder/sager/{case.reference}/")
    page.get_by_label("Brugernavn").fill("tove_tmf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/")
    assert_accessible(page)
    page.get_by_role("button", name="Send svar").click()  # empty: error state
    expect(page.get_by_role("alert")).to_be_visible()
    assert "Skriv svaret." in page.content()
    assert_accessible(page)
    page.goto(f"/medarbejder/sager/{case.reference}/")
    page.get_by_label("Svarskabelon").select_option(label="Tak for din henvendelse")
    page.get_by_role("button", name="Indsæt skabelonen").click()
    reply_box = page.get_by_label("Svar borgeren")
    assert f"sagsnummer {case.reference}" in reply_box.input_value()
    assert_accessible(page)
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/#messages-heading")
    assert "Svaret er sendt til borgeren." in page.content()
    assert page.get_by_test_id("message-status").inner_text().endswith("Ikke læst")
    assert_accessible(page)
    message = Message.objects.get(direction=Direction.TO_CITIZEN)
    assert message.delivery_status == DeliveryStatus.DELIVERED
    assert "<memo:recipientID>" + citizen in message.memo_xml

    # The citizen reads it in the inbox.
    page.goto("/log-ind/test/?next=/beskeder/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(citizen)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/beskeder/")
    assert "Du har 1 ulæst besked." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=f"Din henvendelse {case.reference}").click()
    page.wait_for_url("**/beskeder/*/")
    assert "Tak for din henvendelse" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Send besked").click()  # empty: error state
    expect(page.get_by_role("alert")).to_contain_text("Skriv din besked.")
    assert_accessible(page)
    message.refresh_from_db()
    assert message.read_at is not None

    # The caseworker reloads the case and sees that it has been read.
    page.goto(f"/medarbejder/log-ind/?next=/medarbejder/sager/{case.reference}/")
    page.get_by_label("Brugernavn").fill("tove_tmf")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/")
    assert (
        page.get_by_test_id("message-status")
        .inner_text()
        .split("·")[-1]
        .strip()
        .startswith("Læst ")
    )
    assert_accessible(page)


def test_a_misrouted_case_is_transferred_and_counted(page, live_population, settings):
    from indgang.conftest import PASSWORD, make_staff

    ensure_routing()
    citizen = live_population.persons[1].cpr
    page.goto("/log-ind/test/?next=/kontakt/skriv/")
    page.get_by_label("CPR-nummer på en syntetisk borger").fill(citizen)
    page.get_by_label("CPR-nummer på en syntetisk borger").press("Enter")
    page.wait_for_url("**/kontakt/skriv/")
    citizen_writes(page, "Min mor på 84 kan ikke længere klare rengøring og indkøb selv")
    case = Case.objects.get()
    assert case.team is not None  # routed
    before = f"{case.administration_id}/{case.team.slug}"
    # Wherever it landed, that team's caseworker finds it belongs elsewhere.
    make_staff("carl_owner", case.administration_id, ["caseworker"], case.team.slug)
    team = Team.objects.exclude(administration_id=case.administration_id).order_by("pk").first()

    page.goto(f"/medarbejder/log-ind/?next=/medarbejder/sager/{case.reference}/")
    page.get_by_label("Brugernavn").fill("carl_owner")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log på").click()
    page.wait_for_url(f"**/medarbejder/sager/{case.reference}/")
    page.get_by_text("Tildel eller overfør").click()  # the side panel keeps it folded
    page.get_by_label("Team", exact=True).select_option(str(team.pk))
    page.get_by_label("Hvorfor (valgfrit)").fill("Hører til et andet team")
    page.get_by_role("button", name="Overfør", exact=True).click()
    page.wait_for_url("**/medarbejder/sager/")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.administration_id == team.administration_id and case.team == team
    misroutes = CaseEvent.objects.filter(activity=Activity.TRANSFERRED)
    assert misroutes.count() == 1
    assert misroutes.get().detail.startswith(
        f"misroute {before} → {team.administration_id}/{team.slug}"
    )
    # The case has left the first administration: its caseworker is refused now.
    response = page.goto(f"/medarbejder/sager/{case.reference}/")
    assert response.status == 403
    assert_accessible(page)
