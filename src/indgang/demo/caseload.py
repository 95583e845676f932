"""A month of demo cases across all seven administrations.

Built from the routing training texts (what citizens really write) and the
case topics, for synthetic citizens only. Every step goes through the cases
and messaging services, as a caseworker's clicks would; afterwards the
timestamps are spread over the month, so queues show new, overdue and
awaiting work, and insights and process mining see a realistic history.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from indgang.appointments import queries as appointments
from indgang.appointments import services as booking
from indgang.appointments.models import Booking
from indgang.cases import services as cases
from indgang.cases import sla
from indgang.cases.constants import Activity, CaseChannel, CaseState
from indgang.cases.models import Case, CaseEvent, CaseNote, Topic
from indgang.cases.routing.router import DATA
from indgang.identity.citizen import CitizenIdentity
from indgang.insights import services as insights
from indgang.insights.models import Survey
from indgang.messaging import queries as messaging_queries
from indgang.messaging import services as messaging
from indgang.messaging.constants import Direction
from indgang.messaging.models import Message, Thread
from indgang.registers.models import Person

SOURCE_PREFIX = "demo-caseload-"
DAYS = 30

NOTES = [
    "Ringet til borgeren, som bekræfter oplysningerne.",
    "Tjekket i fagsystemet: der er ingen tidligere sager.",
    "Afventer svar fra kollega i teamet.",
    "Borgeren har ringet og spurgt til status.",
    "Dokumentationen er modtaget og gennemgået.",
    "Sagen ligner en tidligere henvendelse; se historikken.",
]

# outcome → weight for a young case (under a week) and an older one.
OUTCOMES: dict[str, tuple[int, int]] = {
    "new": (35, 3),
    "in_progress": (35, 22),
    "awaiting": (15, 12),
    "resolved": (5, 12),
    "closed": (9, 45),
    "reopened": (1, 6),
}


@dataclass
class Plan:
    text: str
    topic: Topic
    person: Person
    created_at: dt.datetime
    channel: str
    outcome: str


def _texts() -> dict[str, list[str]]:
    by_administration: dict[str, list[str]] = {}
    for line in (DATA / "training.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_administration.setdefault(row["administration"], []).append(row["text"])
    return by_administration


def _topic_for(text: str, topics: list[Topic], rng: random.Random) -> Topic:
    lowered = text.lower()

    def score(topic: Topic) -> int:
        words = [w.strip() for w in topic.keywords.replace(";", ",").split(",") if w.strip()]
        return sum(1 for w in words if w.lower() in lowered)

    best = max(topics, key=score)
    return best if score(best) else rng.choice(topics)


def _working_time(rng: random.Random, now: dt.datetime) -> dt.datetime:
    """A moment on a weekday in office hours within the last DAYS days."""
    while True:
        day = timezone.localdate(now) - dt.timedelta(days=rng.randrange(DAYS))
        if day.weekday() < 5:
            break
    at = dt.datetime.combine(day, dt.time(rng.randrange(8, 16), rng.randrange(60)))
    moment = timezone.make_aware(at)
    return min(moment, now - dt.timedelta(minutes=30))


def _office_hours(at: dt.datetime, rng: random.Random) -> dt.datetime:
    """The same moment moved into a weekday's office hours (staff act then)."""
    local = timezone.localtime(at)
    while local.weekday() >= 5:
        local += dt.timedelta(days=1)
    if not 8 <= local.hour < 16:
        local = local.replace(hour=rng.randrange(8, 16), minute=rng.randrange(60))
    return local


def plan(count: int, seed: int, now: dt.datetime) -> list[Plan]:
    rng = random.Random(seed)
    texts = _texts()
    topics: dict[str, list[Topic]] = {}
    for topic in Topic.objects.select_related("team"):
        topics.setdefault(topic.administration_id, []).append(topic)
    people = list(Person.objects.filter(name_address_protected=False).order_by("cpr")[: count * 2])
    administrations = sorted(set(texts) & set(topics))
    plans = []
    for i in range(count):
        administration = administrations[i % len(administrations)]
        text = rng.choice(texts[administration])
        created_at = _working_time(rng, now)
        young = (now - created_at).days < 7
        outcome = rng.choices(
            list(OUTCOMES), weights=[w[0] if young else w[1] for w in OUTCOMES.values()]
        )[0]
        channel = rng.choices(
            [CaseChannel.CONTACT_FORM, CaseChannel.PHONE, CaseChannel.EMAIL], weights=[8, 1, 1]
        )[0]
        plans.append(
            Plan(
                text=text,
                topic=_topic_for(text, topics[administration], rng),
                person=rng.choice(people),
                created_at=created_at,
                channel=channel,
                outcome=outcome,
            )
        )
    return sorted(plans, key=lambda p: p.created_at)


def _caseworkers() -> dict[str, Any]:
    """The demo caseworker of each administration (the first by username)."""
    found: dict[str, Any] = {}
    for user in (
        get_user_model()
        .objects.filter(staff_profile__roles__code="caseworker", case_system__isnull=True)
        .select_related("staff_profile")
        .order_by("username")
    ):
        found.setdefault(user.staff_profile.administration_id, user)
    return found


def _template_reply(case: Case, actor: Any, position: int) -> str:
    templates = list(messaging_queries.reply_templates(case.administration_id))
    if len(templates) > position:
        return messaging.fill_template(templates[position], case, actor)
    return "Tak for din henvendelse. Vi vender tilbage, så snart vi ved mere."


def _work(case: Case, plan: Plan, actor: Any, rng: random.Random) -> None:
    """What the caseworker has done with the case so far."""
    if plan.outcome == "new" or actor is None:
        return
    cases.assign(case, actor, actor=actor)
    if rng.random() < 0.5:
        cases.add_note(case, rng.choice(NOTES), actor=actor)
    if plan.outcome == "awaiting":
        messaging.staff_reply(
            case, _template_reply(case, actor, 1), actor=actor, await_citizen=True
        )
        return
    messaging.staff_reply(case, _template_reply(case, actor, 0), actor=actor)
    if plan.outcome == "in_progress":
        return
    case.refresh_from_db()
    cases.transition(case, CaseState.RESOLVED, actor=actor)
    if plan.outcome in ("closed", "reopened"):
        messaging.staff_reply(case, _template_reply(case, actor, 2), actor=actor)
        case.refresh_from_db()
        cases.transition(case, CaseState.CLOSED, actor=actor)


def _spread(case: Case, plan: Plan, now: dt.datetime, rng: random.Random) -> None:
    """Move the case's history from 'now' back into the month it happened in."""
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    created = plan.created_at
    end = min(now - dt.timedelta(minutes=5), created + dt.timedelta(days=rng.uniform(0.2, 12)))
    later = sorted(
        max(
            created + dt.timedelta(minutes=2),
            _office_hours(created + (end - created) * rng.uniform(0.05, 1.0), rng),
        )
        for _ in events[2:]
    )
    later = [min(at, now - dt.timedelta(minutes=1)) for at in later]
    times = [created, created + dt.timedelta(minutes=1), *later][: len(events)]
    for event, at in zip(events, times, strict=True):
        event.at = at
    CaseEvent.objects.bulk_update(events, ["at"])

    def when(activity: str, **match: str) -> list[dt.datetime]:
        return [
            e.at
            for e in events
            if e.activity == activity and all(getattr(e, k) == v for k, v in match.items())
        ]

    for note, at in zip(case.notes.order_by("id"), when(Activity.NOTE), strict=False):
        CaseNote.objects.filter(pk=note.pk).update(at=at)
    thread = Thread.objects.filter(case=case).first()
    if thread is not None:
        sent = iter(when(Activity.MESSAGE_SENT))
        last = created
        for message in thread.messages.order_by("created_at"):
            at = created if message.direction == Direction.FROM_CITIZEN else next(sent, now)
            Message.objects.filter(pk=message.pk).update(
                created_at=at, delivered_at=at if message.delivered_at else None
            )
            last = max(last, at)
        Thread.objects.filter(pk=thread.pk).update(created_at=created, last_message_at=last)
    sla_days = case.topic.sla_days if case.topic else cases.DEFAULT_SLA_DAYS
    fields: dict[str, Any] = {
        "created_at": created,
        "deadline": sla.add_working_days(timezone.localdate(created), sla_days),
    }
    awaiting = when(Activity.STATE, to_state=CaseState.AWAITING_CITIZEN)
    if case.state == CaseState.AWAITING_CITIZEN and awaiting:
        fields["paused_since"] = awaiting[-1]
    if resolved := when(Activity.STATE, to_state=CaseState.RESOLVED):
        fields["resolved_at"] = resolved[-1]
    if closed := when(Activity.STATE, to_state=CaseState.CLOSED):
        fields["closed_at"] = closed[-1]
    Case.objects.filter(pk=case.pk).update(**fields)


def _reopen_by_survey(case: Case) -> None:
    """The citizen answers the survey unhappily, which reopens the case."""

    survey = Survey.objects.filter(object_ref=f"case:{case.reference}").first()
    if survey is None:
        survey = insights.invite_after_case(case.pk)
    if survey is not None and survey.answered_at is None:
        insights.answer(
            survey, satisfaction=1, settled=False, comment="Jeg har stadig ikke fået svar."
        )


def load_caseload(count: int = 350, seed: int = 1) -> int:
    """Create the demo caseload once; returns how many cases were created."""
    if Case.objects.filter(source_ref__startswith=SOURCE_PREFIX).exists():
        return 0
    now = timezone.now()
    rng = random.Random(seed)
    workers = _caseworkers()
    created = 0
    for number, item in enumerate(plan(count, seed, now)):
        name = f"{item.person.first_name} {item.person.last_name}"
        with transaction.atomic():
            case = cases.create_case(
                cpr=item.person.cpr,
                citizen_name=name,
                text=item.text,
                subject=item.topic.name,
                topic_slug=item.topic.slug,
                channel=item.channel,
                source_ref=f"{SOURCE_PREFIX}{number}",
            )
            _work(case, item, workers.get(item.topic.administration_id), rng)
            case.refresh_from_db()
            _spread(case, item, now, rng)
        if item.outcome == "reopened" and case.state == CaseState.CLOSED:
            _reopen_by_survey(case)
        created += 1
    return created


def load_bookings_today(per_centre: int = 8, seed: int = 1, day: dt.date | None = None) -> int:
    """Appointments today at the citizen service centres, so the front desk's
    home has people to check in (once a day; returns how many were booked)."""

    today = day or timezone.localdate()
    if Booking.objects.filter(starts_at__date=today).exists():
        return 0
    rng = random.Random(seed)
    people = list(Person.objects.filter(name_address_protected=False).order_by("cpr")[:500])
    # As if booked this morning, before the first slot.
    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(6)))
    booked = 0
    for service in appointments.services():
        times = [start for start, _end in appointments.slot_times(service, today)]
        for starts_at in sorted(rng.sample(times, min(per_centre // 2, len(times)))):
            person = rng.choice(people)
            citizen = CitizenIdentity(
                cpr=person.cpr, name=f"{person.first_name} {person.last_name}", idp="test"
            )
            try:
                booking.book(service=service, starts_at=starts_at, citizen=citizen, now=morning)
            except booking.BookingRefused:
                continue
            booked += 1
    return booked
