"""What "Min side" shows, gathered from the apps that own it.

Every list is read in a fixed number of queries, however many rows it has:
cases with their events in two, their threads in one, the drafts' starters
in one, and so on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.appointments import queries as appointments
from indgang.appointments.models import Booking
from indgang.cases import queries as cases
from indgang.cases.constants import Activity, CaseChannel
from indgang.cases.models import Case, CaseEvent
from indgang.core import queries as core_queries
from indgang.identity.citizen import CitizenIdentity
from indgang.insights import queries as insights
from indgang.messaging import queries as messaging
from indgang.minside import rules
from indgang.minside.constants import STATUS_OF_STATE, Status
from indgang.registers import queries as registers
from indgang.registers.base import PersonRecord
from indgang.selfservice import engine
from indgang.selfservice import queries as selfservice

# How far back "Min side" looks for a recently ordered health card.
RECENT_CARD_DAYS = rules.CARD_ON_ITS_WAY_DAYS


@dataclass
class TimelineEntry:
    at: dt.datetime
    text: str


@dataclass
class Matter:
    """One case as the citizen sees it."""

    case: Case
    status: Status
    promised: dt.date | None
    waiting_since: dt.date | None
    paused_days: int
    timeline: list[TimelineEntry] = field(default_factory=list)
    thread_id: Any = None
    unread: int = 0
    submission_id: str = ""

    @property
    def title(self) -> str:
        return self.case.subject or (self.case.topic.name if self.case.topic else "")

    @property
    def from_contact_form(self) -> bool:
        return self.case.channel == CaseChannel.CONTACT_FORM

    @property
    def finished(self) -> bool:
        return self.status == Status.FINISHED


def _timeline(events: list[CaseEvent], administrations: dict[str, str]) -> list[TimelineEntry]:
    """What happened, in the citizen's words; internal steps (notes,
    assignments, re-contact links) are left out."""
    entries: list[TimelineEntry] = []
    shown = None
    for event in events:
        text = ""
        if event.activity == Activity.CREATED:
            text = _("We received your inquiry.")
            shown = Status.RECEIVED
        elif event.activity in (Activity.ROUTED, Activity.TRIAGED, Activity.TRANSFERRED):
            name = administrations.get(event.detail.split("/")[0], "")
            text = (
                _("Sent to %(administration)s.") % {"administration": name}
                if name
                else _("Sent to the right department.")
            )
        elif event.activity == Activity.STATE:
            status = STATUS_OF_STATE.get(event.to_state)
            if status is not None and status != shown:
                text = _("Status: %(status)s.") % {"status": status.label}
                shown = status
        elif event.activity == Activity.MESSAGE_SENT:
            text = _("The municipality sent you a message.")
        elif event.activity == Activity.MESSAGE_RECEIVED:
            text = _("You sent a message.")
        if text:
            entries.append(TimelineEntry(event.at, text))
    return entries


def matters(citizen: CitizenIdentity, today: dt.date | None = None) -> list[Matter]:
    """Every case of the citizen (or of the business they act for), newest first."""
    today = today or timezone.localdate()
    found = list(cases.cases_of_owner(cpr=citizen.cpr, cvr=citizen.cvr))
    if not found:
        return []
    administrations = {a.code: a.name for a in core_queries.administrations()}
    threads = {t.case_id: t for t in messaging.threads_for(citizen) if t.case_id}
    result = []
    for case in found:
        paused = case.paused_since is not None and STATUS_OF_STATE[case.state] == (
            Status.WAITING_FOR_YOU
        )
        thread = threads.get(case.pk)
        result.append(
            Matter(
                case=case,
                status=STATUS_OF_STATE.get(case.state, Status.RECEIVED),
                promised=cases.promised_answer(case, today),
                waiting_since=timezone.localdate(case.paused_since)
                if paused and case.paused_since
                else None,
                paused_days=case.paused_days,
                timeline=_timeline(list(case.events.all()), administrations),
                thread_id=thread.pk if thread else None,
                unread=getattr(thread, "unread", 0) if thread else 0,
                submission_id=case.source_ref if case.channel == CaseChannel.SELFSERVICE else "",
            )
        )
    return result


def matter(citizen: CitizenIdentity, reference: str) -> Matter | None:
    return next((m for m in matters(citizen) if m.case.reference == reference), None)


def drafts(citizen: CitizenIdentity) -> list[dict[str, Any]]:
    """Open drafts, with who on the staff started each one and when it expires."""
    if citizen.cvr:
        return []
    found = list(selfservice.open_drafts(citizen.cpr))
    starters = selfservice.draft_starters([d.pk for d in found])
    rows = []
    for draft in found:
        started = starters.get(draft.pk)
        rows.append(
            {
                "id": draft.pk,
                "title": engine.text(draft.definition.definition["title"]),
                "updated_at": draft.updated_at,
                "expires_at": draft.expires_at,
                "started_by": selfservice.starter_label(started) if started else "",
                "started_at": started.at if started else None,
            }
        )
    return rows


def submissions(citizen: CitizenIdentity, limit: int = 20) -> list[dict[str, Any]]:
    if citizen.cvr:
        return []
    return [
        {
            "id": s.id,
            "title": engine.text(s.definition.definition["title"]),
            "reference": s.reference,
            "submitted_at": s.submitted_at,
        }
        for s in selfservice.submissions(citizen.cpr)[:limit]
    ]


def bookings(citizen: CitizenIdentity) -> list[dict[str, Any]]:
    if citizen.cvr:
        return []
    found: list[Booking] = list(appointments.upcoming_bookings_of(citizen.cpr))
    return [{"booking": b, "token": appointments.manage_token(b)} for b in found]


def surveys(
    citizen: CitizenIdentity, matters: list[Matter], submissions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Unanswered surveys, one per matter, each named after its matter."""
    if citizen.cvr:
        return []
    names = {f"case:{m.case.reference}": m.title or m.case.reference for m in matters}
    names |= {f"submission:{s['reference']}": s["title"] for s in submissions}
    rows, seen = [], set()
    for survey in insights.pending_surveys(citizen.cpr)[:20]:
        if survey.object_ref in seen:
            continue
        seen.add(survey.object_ref)
        rows.append(
            {
                "token": survey.token,
                "name": names.get(survey.object_ref) or survey.object_ref.split(":", 1)[-1],
                "invited_at": survey.invited_at,
            }
        )
    return rows


def facts_for_rules(person: PersonRecord, today: dt.date | None = None) -> rules.Facts:
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=RECENT_CARD_DAYS)
    card = selfservice.health_cards_ordered(person.cpr, since).first()
    return rules.Facts(
        person=person,
        today=today,
        card_ordered=timezone.localdate(card.ordered_at) if card else None,
    )


def suggestions(person: PersonRecord | None) -> list[rules.Suggestion]:
    if person is None:
        return []
    return rules.suggestions(facts_for_rules(person))


def person(citizen: CitizenIdentity) -> PersonRecord | None:
    return None if citizen.cvr else registers.person(citizen.cpr)
