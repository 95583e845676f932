"""Every metric's definition, pinned on small hand-made data.

The expected numbers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from indgang.appointments.constants import BookingStatus
from indgang.appointments.tests.factories import BookingFactory
from indgang.cases.models import Case
from indgang.contacts.constants import AVOIDABLE_REASONS
from indgang.contacts.models import Contact
from indgang.directory.hours import LOCAL
from indgang.insights import rollup
from indgang.insights.metrics import METRICS, Filters, Period
from indgang.insights.models import Survey
from indgang.selfservice.constants import FunnelEventKind
from indgang.selfservice.models import FunnelEvent

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def contact(**fields: Any) -> Contact:
    values: dict[str, Any] = {
        "channel": "phone",
        "service": "laegeskift",
        "administration_id": "kff",
        "started_at": at(10),
        "duration_s": None,
    }
    values.update(fields)
    return Contact.objects.create(**values)


@pytest.fixture
def register(settings: Any) -> dict[str, Contact]:
    settings.INSIGHTS_CHANNEL_COSTS = {
        **settings.INSIGHTS_CHANNEL_COSTS,
        "selfservice": 8,
        "phone": 60,
        "in_person": 90,
    }
    earlier = Case.objects.create(
        reference="K-TEST-1", citizen_key="k1", text="Lægeskift", channel="phone"
    )
    c1 = contact(channel="selfservice", started_at=at(2))
    c2 = contact(earlier_contact=c1, started_at=at(3), duration_s=480)
    c3 = contact(duration_s=600)
    c4 = contact(channel="in_person", outcome="forwarded", duration_s=300)
    c5 = contact(outcome="follow_up", earlier_case=earlier)
    c6 = contact(channel="selfservice", service="boligstoette", administration_id="okf")
    # Outside March in Copenhagen (00:30 on 1 April), so never counted.
    contact(started_at=datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    rollup.rebuild(date(2026, 2, 1), date(2026, 4, 30))
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6}


def series(metric_id: str, filters: Filters | None = None) -> dict[str, float | None]:
    return {p.key: p.value for p in METRICS[metric_id](MARCH, filters).series}


def headline(metric_id: str, filters: Filters | None = None) -> float | None:
    return METRICS[metric_id](MARCH, filters).value


def test_contacts_per_channel(register: dict[str, Contact]) -> None:
    # c1, c6 self-service; c2, c3, c5 phone; c4 in person.
    assert headline("contacts") == 6
    assert series("contacts") == {"selfservice": 2, "phone": 3, "in_person": 1}
    assert headline("contacts", Filters(channel="phone")) == 3
    assert headline("contacts", Filters(administration="okf")) == 1


def test_channel_share(register: dict[str, Contact]) -> None:
    assert headline("channel_share") == pytest.approx(2 / 6)
    assert series("channel_share") == pytest.approx(
        {"selfservice": 2 / 6, "phone": 3 / 6, "in_person": 1 / 6}
    )


def test_cost_per_channel_and_per_service(register: dict[str, Contact]) -> None:
    # 2 × 8 + 3 × 60 + 1 × 90 = 16 + 180 + 90 = 286 kr.
    assert headline("cost_per_channel") == 286
    assert series("cost_per_channel") == {"selfservice": 16, "phone": 180, "in_person": 90}
    # Lægeskift: 8 + 3 × 60 + 90 = 278; boligstøtte: 8.
    assert series("cost_per_service") == {"laegeskift": 278, "boligstoette": 8}


def test_recontact_rate_and_channel_pairs(register: dict[str, Contact]) -> None:
    # c2 repeats self-service contact c1 by phone; c5 repeats a case: 2 of 6.
    assert headline("recontact_rate") == pytest.approx(2 / 6)
    assert series("recontact_rate") == pytest.approx(
        {"selfservice>phone": 1 / 6, "case>phone": 1 / 6}
    )


def test_first_contact_resolution(register: dict[str, Contact]) -> None:
    # First contacts: c1, c3, c4, c6. Resolved and never repeated: c3, c6
    # (c1 was repeated by c2, c4 was forwarded). 2 of 4.
    assert headline("first_contact_resolution") == 0.5
    assert series("first_contact_resolution") == {
        "selfservice": 0.5,
        "phone": 1.0,
        "in_person": 0.0,
    }


def test_digital_takeup_per_service(register: dict[str, Contact]) -> None:
    # Lægeskift: 1 self-service of 5; boligstøtte: 1 of 1; all: 2 of 6.
    assert series("digital_takeup") == {"laegeskift": 0.2, "boligstoette": 1.0}
    assert headline("digital_takeup") == pytest.approx(2 / 6)
    # A channel filter would make take-up meaningless, so it is ignored.
    assert headline("digital_takeup", Filters(channel="phone")) == pytest.approx(2 / 6)


def test_mean_handling_time(register: dict[str, Contact]) -> None:
    # Durations 480 s, 600 s (phone) and 300 s (in person): 1380 s / 3 = 7.67 min.
    assert headline("mean_duration") == pytest.approx(1380 / 60 / 3)
    # Self-service contacts have no duration: no mean rather than 0.
    assert series("mean_duration") == {"selfservice": None, "phone": 9.0, "in_person": 5.0}


@pytest.fixture
def reasons(settings: Any) -> None:
    settings.INSIGHTS_CHANNEL_COSTS = {
        **settings.INSIGHTS_CHANNEL_COSTS,
        "selfservice": 8,
        "phone": 60,
        "in_person": 90,
    }
    contact(reason="chasing")
    contact(reason="chasing", started_at=at(20))
    contact(reason="new_matter")
    contact(channel="selfservice", reason="technical_error")
    contact(channel="in_person", reason="not_understood")
    contact(channel="in_person", reason="guidance")
    contact(reason="")
    contact(channel="selfservice", reason="")
    contact(reason="wrong_details", service="boligstoette", administration_id="okf")
    # 00:30 on 1 April in Copenhagen: not in March.
    contact(reason="chasing", started_at=datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    rollup.rebuild(date(2026, 2, 1), date(2026, 4, 30))


def test_reason_coverage(reasons: None) -> None:
    # 9 contacts in March, 7 with a reason. Phone 4 of 5, self-service 1 of 2,
    # in person 2 of 2.
    assert headline("reason_coverage") == pytest.approx(7 / 9)
    assert series("reason_coverage") == pytest.approx(
        {"selfservice": 0.5, "phone": 0.8, "in_person": 1.0}
    )


def test_avoidable_contacts_are_a_share_of_those_with_a_reason(reasons: None) -> None:
    # Avoidable: 2 chasing, 1 technical error, 1 not understood, 1 wrong
    # details = 5 of the 7 with a reason (the 2 without one are left out).
    assert headline("avoidable_contacts") == pytest.approx(5 / 7)
    assert series("avoidable_contacts") == pytest.approx(
        {
            "chasing": 2 / 7,
            "not_understood": 1 / 7,
            "technical_error": 1 / 7,
            "wrong_details": 1 / 7,
        }
    )
    # Phone: 3 avoidable of 4 with a reason.
    assert headline("avoidable_contacts", Filters(channel="phone")) == 0.75
    assert headline("avoidable_contacts", Filters(administration="okf")) == 1.0


def test_avoidable_contacts_say_how_many_contacts_they_rest_on(reasons: None) -> None:
    # 7 / 9 = 77.78 %, cut to one decimal like every share on the dashboards.
    with translation.override("en"):
        note = METRICS["avoidable_contacts"](MARCH).note
    assert note == (
        "In 01.03.2026–31.03.2026, 7 of 9 contacts (77.7 %) have a recorded reason, "
        "and 5 of those are avoidable."
    )


def test_avoidable_contacts_per_channel(reasons: None) -> None:
    # Phone 3 of 4, self-service 1 of 1, in person 1 of 2.
    assert headline("avoidable_per_channel") == pytest.approx(5 / 7)
    assert series("avoidable_per_channel") == {
        "selfservice": 1.0,
        "phone": 0.75,
        "in_person": 0.5,
    }


def test_cost_of_avoidable_contacts(reasons: None) -> None:
    # Chasing 2 × 60 = 120, not understood 90 (in person), technical error 8
    # (self-service), wrong details 60: 278 kr.
    assert headline("avoidable_cost") == 278
    assert series("avoidable_cost") == {
        "chasing": 120,
        "not_understood": 90,
        "technical_error": 8,
        "wrong_details": 60,
    }
    assert headline("avoidable_cost", Filters(channel="phone")) == 180


def test_without_recorded_reasons_there_is_no_avoidable_figure(
    register: dict[str, Contact],
) -> None:
    # No reason recorded: "–" and a note, never 0 % or 0 kr.
    for metric_id in ("avoidable_contacts", "avoidable_cost"):
        value = METRICS[metric_id](MARCH)
        assert value.value is None and value.series == ()
        with translation.override("en"):
            note = METRICS[metric_id](MARCH).note
        assert note == "No contact in 01.03.2026–31.03.2026 has a recorded reason."
    assert headline("reason_coverage") == 0.0
    assert headline("avoidable_per_channel") is None


def test_the_avoidable_definition_names_every_avoidable_reason() -> None:
    with translation.override("en"):
        definition = str(METRICS["avoidable_contacts"].definition).lower()
        for reason in AVOIDABLE_REASONS:
            assert str(reason.label).lower() in definition, reason


def funnel_event(
    draft: str, kind: str, step: str = "", field: str = "", when: datetime | None = None
) -> None:
    event = FunnelEvent.objects.create(
        service="laegeskift",
        version=1,
        draft_id=draft,
        kind=kind,
        step=step,
        field=field,
        rule="required" if field else "",
    )
    FunnelEvent.objects.filter(pk=event.pk).update(at=when or at(10))


@pytest.fixture
def funnel(definitions: None) -> None:
    a = "00000000-0000-0000-0000-00000000000a"
    b = "00000000-0000-0000-0000-00000000000b"
    c = "00000000-0000-0000-0000-00000000000c"
    funnel_event(a, FunnelEventKind.STARTED)
    funnel_event(a, FunnelEventKind.STEP_SHOWN, "clinic")
    funnel_event(a, FunnelEventKind.STEP_COMPLETED, "clinic")
    funnel_event(a, FunnelEventKind.STEP_SHOWN, "payment")
    funnel_event(a, FunnelEventKind.VALIDATION_ERROR, "payment", "card")
    funnel_event(a, FunnelEventKind.STEP_COMPLETED, "payment")
    funnel_event(a, FunnelEventKind.SUBMITTED)
    funnel_event(b, FunnelEventKind.STARTED)
    funnel_event(b, FunnelEventKind.STEP_SHOWN, "clinic")
    funnel_event(b, FunnelEventKind.VALIDATION_ERROR, "clinic", "gp")
    funnel_event(b, FunnelEventKind.VALIDATION_ERROR, "clinic", "gp")
    # 2 April: outside March.
    april = datetime(2026, 4, 2, 8, tzinfo=UTC)
    funnel_event(c, FunnelEventKind.STARTED, when=april)
    funnel_event(c, FunnelEventKind.STEP_SHOWN, "clinic", when=april)


def test_selfservice_completion(funnel: None) -> None:
    # Two drafts started in March (a third in April), one submitted: 1 of 2.
    laegeskift = Filters(service="laegeskift")
    assert headline("selfservice_completion", laegeskift) == 0.5
    assert series("selfservice_completion", laegeskift) == {"laegeskift": 0.5}


def test_drop_off_per_step(funnel: None) -> None:
    # "clinic": shown to a and b, completed by a: 1 of 2 dropped off.
    # "payment": shown to a, completed by a: 0 of 1. All steps: 1 of 3.
    laegeskift = Filters(service="laegeskift")
    assert series("step_dropoff", laegeskift) == {
        "laegeskift:clinic": 0.5,
        "laegeskift:payment": 0.0,
    }
    assert headline("step_dropoff", laegeskift) == pytest.approx(1 / 3)


def test_validation_errors_per_field(funnel: None) -> None:
    laegeskift = Filters(service="laegeskift")
    assert series("validation_errors", laegeskift) == {"clinic.gp": 2.0, "payment.card": 1.0}
    assert headline("validation_errors", laegeskift) == 3


def case(reference: str, resolved_at: datetime, deadline: date, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "reference": reference,
        "citizen_key": "k",
        "text": "x",
        "channel": "phone",
        "administration_id": "kff",
        "state": "resolved",
        "resolved_at": resolved_at,
        "deadline": deadline,
    }
    values.update(fields)
    return Case.objects.create(**values)


def test_sla_compliance() -> None:
    case("K-1", at(10), date(2026, 3, 10))  # on the deadline day: on time
    case("K-2", at(12), date(2026, 3, 11))  # a day late
    # 23:30 UTC on 4 March is 5 March in Copenhagen: a day late.
    case("K-3", datetime(2026, 3, 4, 23, 30, tzinfo=UTC), date(2026, 3, 4))
    case("K-4", at(12), date(2026, 3, 20), administration_id="tmf")  # on time
    case("K-5", datetime(2026, 4, 2, tzinfo=UTC), date(2026, 3, 1))  # resolved in April
    assert headline("sla_compliance") == 0.5
    assert series("sla_compliance") == pytest.approx({"kff": 1 / 3, "tmf": 1.0})
    assert headline("sla_compliance", Filters(administration="kff")) == pytest.approx(1 / 3)


def test_no_show_rate() -> None:
    first = BookingFactory(starts_at=dt.datetime(2026, 3, 2, 10, tzinfo=LOCAL))
    BookingFactory(
        service=first.service,
        starts_at=dt.datetime(2026, 3, 3, 10, tzinfo=LOCAL),
        status=BookingStatus.NO_SHOW,
    )
    BookingFactory(
        service=first.service,
        starts_at=dt.datetime(2026, 3, 4, 10, tzinfo=LOCAL),
        status=BookingStatus.CANCELLED,
    )
    BookingFactory(service=first.service, starts_at=dt.datetime(2026, 2, 27, 10, tzinfo=LOCAL))
    # March: two appointments not cancelled, one no-show.
    assert headline("no_show_rate") == 0.5
    assert headline("no_show_rate", Filters(administration="tmf")) is None


def survey(n: int, satisfaction: int | None, settled: bool | None, **fields: Any) -> Survey:
    values: dict[str, Any] = {
        "token": f"t{n}",
        "source": "case",
        "service": "laegeskift",
        "administration": "kff",
        "object_ref": f"case:K-{n}",
        "invited_at": at(2),
        "answered_at": at(5) if satisfaction else None,
        "satisfaction": satisfaction,
        "settled": settled,
    }
    values.update(fields)
    return Survey.objects.create(**values)


def test_satisfaction_and_settled_in_one_contact() -> None:
    for n, (score, settled) in enumerate(
        [(5, True), (4, True), (4, True), (2, False), (1, False)], start=1
    ):
        survey(n, score, settled)
    # (5 + 4 + 4 + 2 + 1) / 5 = 3.2; yes 3 of 5.
    assert headline("satisfaction") == pytest.approx(3.2)
    assert series("satisfaction") == pytest.approx(
        {"1": 0.2, "2": 0.2, "3": 0.0, "4": 0.4, "5": 0.2}
    )
    assert headline("settled_in_one_contact") == pytest.approx(0.6)


def test_satisfaction_is_not_shown_for_fewer_than_five_answers() -> None:
    for n in range(1, 5):
        survey(n, 5, True)
    value = METRICS["satisfaction"](MARCH)
    assert value.value is None and value.series == ()
    assert "5" in value.note
    assert headline("settled_in_one_contact") is None


def test_survey_response_rate() -> None:
    for n in range(1, 4):
        survey(n, 4, True)
    survey(4, None, None)
    survey(5, None, None, source="selfservice")
    survey(6, 3, True, invited_at=datetime(2026, 2, 20, tzinfo=UTC))  # invited in February
    # March invitations: 5, answered 3.
    assert headline("survey_response_rate") == pytest.approx(3 / 5)
    assert series("survey_response_rate") == pytest.approx({"case": 3 / 4, "selfservice": 0.0})


def test_every_metric_is_defined_word_for_word_in_the_docs() -> None:
    docs = (settings.REPO_DIR / "docs" / "metrics.md").read_text()
    flat = " ".join(docs.split())
    with translation.override("en"):
        for metric in METRICS.values():
            assert f"`{metric.id}`" in docs, metric.id
            assert " ".join(str(metric.definition).split()) in flat, metric.id
