"""The case page as a workspace: conversation, side panel, one confirmation."""

import pytest

from indgang.cases import services
from indgang.conftest import staff_client
from indgang.core.models import AuditEntry
from indgang.core.pseudonym import citizen_key

pytestmark = pytest.mark.django_db

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"


@pytest.fixture
def case(routing, parent_cpr):
    return services.create_case(cpr=parent_cpr, text=WASTE, citizen_name="Testborger")


def page(client, case, query=""):
    return client.get(f"/medarbejder/sager/{case.reference}/{query}").content.decode()


def test_the_citizens_message_is_shown_once_with_notes_in_the_conversation(case, caseworker_tmf):
    services.add_note(case, "Ringet til borgeren", actor=caseworker_tmf)
    html = page(staff_client(caseworker_tmf), case)
    assert html.count(WASTE) == 1
    conversation = html[html.index('id="messages-heading"') : html.index('id="reply-heading"')]
    assert "Ringet til borgeren" in conversation and "Ikke synligt for borgeren" in conversation


def test_an_action_confirms_once_and_returns_focus_to_where_it_was(case, caseworker_tmf):
    client = staff_client(caseworker_tmf)
    url = f"/medarbejder/sager/{case.reference}/"
    response = client.post(url + "tildel/", {"me": "1", "focus": "people-heading"})
    assert response["Location"] == url + "#people-heading"
    assert client.get(url).content.decode().count("Sagen er tildelt.") == 1
    # An unknown target is ignored rather than echoed into the address.
    response = client.post(url + "notat/", {"text": "Ok", "focus": "javascript:alert(1)"})
    assert response["Location"] == url


def test_the_status_offers_only_the_allowed_transitions_as_buttons(case, caseworker_tmf):
    html = page(staff_client(caseworker_tmf), case)
    side = html[html.index('id="status-heading"') : html.index('id="people-heading"')]
    assert 'value="in_progress"' in side and 'value="resolved"' in side
    assert 'value="closed"' not in side and 'value="awaiting_citizen"' not in side


def test_the_cpr_number_is_shown_only_on_request_and_that_is_audited(
    case, caseworker_tmf, parent_cpr
):
    client = staff_client(caseworker_tmf)
    shown = f"{parent_cpr[:6]}-{parent_cpr[6:]}"
    assert shown not in page(client, case)
    views = AuditEntry.objects.filter(actor=caseworker_tmf, citizen_key=citizen_key(parent_cpr))
    before = views.filter(what__contains="CPR number").count()
    assert shown in page(client, case, "?vis=cpr")
    assert views.filter(what__contains="CPR number").count() == before + 1


def test_the_side_panel_links_the_earlier_case_of_a_recontact(routing, caseworker_tmf, parent_cpr):
    first = services.create_case(cpr=parent_cpr, text=WASTE, topic_slug="affald")
    again = services.create_case(cpr=parent_cpr, text=WASTE + " igen", topic_slug="affald")
    assert again.earlier_case == first
    html = page(staff_client(caseworker_tmf), again)
    assert f'href="/medarbejder/sager/{first.reference}/"' in html
    assert f'href="/medarbejder/sager/{again.reference}/"' in page(
        staff_client(caseworker_tmf), first
    )
