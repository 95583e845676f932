"""Failure demand: contacts traced to the step and field that caused them,
pinned on hand-made funnel events and links; the numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indgang.conftest import make_staff, staff_client
from indgang.contacts.constants import LinkBasis
from indgang.contacts.models import AttemptLink, Contact
from indgang.insights.metrics import METRICS, Filters, Period
from indgang.selfservice.constants import FunnelEventKind
from indgang.selfservice.models import FunnelEvent

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
RULE = "laegeskift.reason_matches_register"
A = "00000000-0000-0000-0000-00000000000a"
B = "00000000-0000-0000-0000-00000000000b"
C = "00000000-0000-0000-0000-00000000000c"


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def event(draft: str, kind: str, step: str = "", field: str = "", rule: str = "") -> None:
    made = FunnelEvent.objects.create(
        service="laegeskift",
        version=1,
        draft_id=draft,
        kind=kind,
        step=step,
        field=field,
        rule=rule,
    )
    FunnelEvent.objects.filter(pk=made.pk).update(at=at(5))


def link(channel: str, step: str, field: str, seconds: int | None, day: int = 6, **kw: Any) -> None:
    contact = Contact.objects.create(
        channel=channel, service="laegeskift", started_at=at(day), duration_s=seconds
    )
    AttemptLink.objects.create(
        contact=contact,
        service="laegeskift",
        version=1,
        step=step,
        field=field,
        rule=RULE if field else "",
        attempt_outcome="abandoned",
        basis=kw.get("basis", LinkBasis.STAFF),
        channel=channel,
        started_at=contact.started_at,
        duration_s=seconds,
    )


@pytest.fixture
def failures(definitions: None, settings: Any) -> None:
    settings.INSIGHTS_CHANNEL_COSTS = {
        **settings.INSIGHTS_CHANNEL_COSTS,
        "phone": 60,
        "in_person": 90,
    }
    # a: stopped at the fee by the register check, gave up.
    event(A, FunnelEventKind.STARTED)
    event(A, FunnelEventKind.STEP_SHOWN, "gebyr")
    event(A, FunnelEventKind.VALIDATION_ERROR, "gebyr", "reason", RULE)
    event(A, FunnelEventKind.ABANDONED, "gebyr")
    # b: met the same error, put it right and sent the form.
    event(B, FunnelEventKind.STARTED)
    event(B, FunnelEventKind.STEP_SHOWN, "gebyr")
    event(B, FunnelEventKind.VALIDATION_ERROR, "gebyr", "reason", RULE)
    event(B, FunnelEventKind.STEP_COMPLETED, "gebyr")
    event(B, FunnelEventKind.SUBMITTED)
    # c: stopped at the choice of doctor without an error.
    event(C, FunnelEventKind.STARTED)
    event(C, FunnelEventKind.STEP_SHOWN, "laege")
    # Two calls about the fee field (8 and 10 minutes), one of them inferred;
    # one visit about the doctor step (no duration); one call in April.
    link("phone", "gebyr", "reason", 480)
    link("phone", "gebyr", "reason", 600, basis=LinkBasis.INFERRED)
    link("in_person", "laege", "", None)
    Contact.objects.create(channel="phone", service="laegeskift", started_at=at(6))
    april = Contact.objects.create(
        channel="phone", service="laegeskift", started_at=datetime(2026, 4, 2, tzinfo=UTC)
    )
    AttemptLink.objects.create(
        contact=april, service="laegeskift", version=1, step="gebyr", field="reason",
        attempt_outcome="abandoned", basis=LinkBasis.STAFF, channel="phone",
        started_at=april.started_at, duration_s=300,
    )  # fmt: skip


def figures(metric_id: str, filters: Filters | None = None) -> tuple[Any, dict[str, Any]]:
    value = METRICS[metric_id](MARCH, filters)
    return value.value, {p.key: p.value for p in value.series}


def test_failure_demand_counts_the_linked_contacts_per_step_and_field(failures: None) -> None:
    # 3 linked contacts in March (the April one and the unlinked call are out).
    assert figures("failure_demand") == (
        3,
        {"laegeskift:1:gebyr:reason": 2, "laegeskift:1:laege:": 1},
    )


def test_minutes_of_failure_demand_add_the_recorded_durations(failures: None) -> None:
    # (480 + 600) s = 18 minutes; the visit has no duration.
    assert figures("failure_demand_minutes") == (18, {"laegeskift:1:gebyr:reason": 18})


def test_cost_of_failure_demand_uses_each_channels_cost_per_contact(failures: None) -> None:
    # 2 calls × 60 kr. + 1 visit × 90 kr. = 210 kr.; the fee field costs most.
    value = METRICS["failure_demand_cost"](MARCH)
    assert value.value == 210
    assert [(p.key, p.value) for p in value.series] == [
        ("laegeskift:1:gebyr:reason", 120),
        ("laegeskift:1:laege:", 90),
    ]


def test_contacts_per_100_submissions(failures: None) -> None:
    # 3 linked contacts, 1 submission of version 1: 300 per 100.
    assert figures("contacts_per_100_submissions") == (300, {"laegeskift:1": 300})
    assert figures("contacts_per_100_submissions", Filters(service="pas")) == (None, {})


def test_the_ranked_page_explains_the_errors_in_plain_words(failures: None, analyst: User) -> None:
    client = staff_client(analyst)
    query = {"current_start": "2026-03-01", "current_end": "2026-03-31"}
    response = client.get(reverse("insights:failure-demand"), query)
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('data-testid="failure-table"') :]
    # The fee field first (210 kr. is 120 + 90), with the rule as the citizen read it.
    assert table.index("Gebyr › Hvorfor skifter du læge?") < table.index("Vælg læge")
    assert "Folkeregistret viser ingen flytning" in table
    assert "1 udledt kobling" in table
    assert "INSIGHTS_CHANNEL_COSTS" not in page
    csv = client.get(reverse("insights:failure-demand"), {**query, "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Ydelse,Blanketversion,Trin,Felt,Forsøg,Frafald,Valideringsfejl")
    # attempts 2 (a and b were shown the fee), drop-outs on the field row 0,
    # errors 2, 2 calls, 0 visits, 18 minutes, 120 kr., 200 per 100, 1 inferred.
    assert lines[1].startswith(
        "Skift læge,1,Gebyr,Hvorfor skifter du læge?,2,0,2,2,0,18.0,120,200.0,1,"
    )


def test_only_analysts_see_it_and_only_their_own_services(
    failures: None, caseworker_tmf: User, population: object
) -> None:
    url = reverse("insights:failure-demand")
    assert staff_client(caseworker_tmf).get(url).status_code == 403
    tmf_analyst = make_staff("tim_tmf", "tmf", ["analyst"], None)
    client = staff_client(tmf_analyst)
    query = {"current_start": "2026-03-01", "current_end": "2026-03-31"}
    page = client.get(url, query).content.decode()
    assert "Hvorfor skifter du læge?" not in page
    assert client.get(url, {**query, "service": "laegeskift"}).status_code in (400, 403)
