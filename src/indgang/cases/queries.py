"""Public reads of the cases app."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indgang.cases import sla
from indgang.cases.constants import OPEN_STATES, Activity, CaseChannel, CaseState
from indgang.cases.models import Case, CaseEvent, Topic
from indgang.cases.permissions import may_handle
from indgang.catalogue import queries as catalogue
from indgang.core import audit
from indgang.core.models import Team
from indgang.core.pseudonym import citizen_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class View:
    TEAM = "team"
    ALL = "all"
    MINE = "mine"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    # Scoped to the staff member's team (the whole administration without one).
    NEW = "new"
    AWAITING = "awaiting"
    REOPENED = "reopened"


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related("administration", "team", "assignee", "topic")


def case(reference: str) -> Case | None:
    return _cases().filter(reference=reference).first()


def case_by_id(case_id: int) -> Case | None:
    return _cases().filter(pk=case_id).first()


def due_soon_limit(today: dt.date | None = None) -> dt.date:
    return sla.add_working_days(today or timezone.localdate(), settings.CASES_DUE_SOON_DAYS)


def queue(
    *, administration: str, view: str = View.TEAM, team_id: int | None = None, user: Any = None
) -> QuerySet[Case]:
    """Open cases of an administration, narrowed by the chosen view.

    Cases waiting for the citizen are never overdue: their clock is paused.
    """
    cases = _cases().filter(administration_id=administration, state__in=OPEN_STATES)
    today = timezone.localdate()
    running = cases.exclude(state=CaseState.AWAITING_CITIZEN)
    if view == View.TEAM:
        return cases.filter(team_id=team_id) if team_id else cases.filter(team__isnull=True)
    if view == View.MINE:
        return cases.filter(assignee=user)
    if view == View.OVERDUE:
        return running.filter(deadline__lt=today)
    if view == View.DUE_SOON:
        return running.filter(deadline__gte=today, deadline__lte=due_soon_limit(today))
    team_cases = cases.filter(team_id=team_id) if team_id else cases
    if view == View.NEW:
        return team_cases.filter(
            state__in=(CaseState.RECEIVED, CaseState.ROUTED), assignee__isnull=True
        )
    if view == View.AWAITING:
        return team_cases.filter(state=CaseState.AWAITING_CITIZEN)
    if view == View.REOPENED:
        return team_cases.filter(pk__in=_reopened_by_survey())
    return cases


def _reopened_by_survey() -> QuerySet[CaseEvent, Any]:
    # The survey reopens a case with no staff actor: the event's resource is
    # the system's, and the case went from resolved or closed back to work.
    return CaseEvent.objects.filter(
        activity=Activity.STATE,
        resource="system",
        from_state__in=(CaseState.RESOLVED, CaseState.CLOSED),
        to_state=CaseState.IN_PROGRESS,
    ).values("case_id")


def queue_counts(*, administration: str, team_id: int | None, user: Any) -> dict[str, int]:
    """How many cases each home-page view of the queue holds, in one query."""
    today = timezone.localdate()
    cases = Case.objects.filter(administration_id=administration, state__in=OPEN_STATES)
    team = Q(team_id=team_id) if team_id else Q()
    running = ~Q(state=CaseState.AWAITING_CITIZEN)
    figures = cases.aggregate(
        mine=Count("id", filter=Q(assignee=user)),
        new=Count(
            "id",
            filter=team
            & Q(state__in=(CaseState.RECEIVED, CaseState.ROUTED), assignee__isnull=True),
        ),
        overdue=Count("id", filter=running & Q(deadline__lt=today)),
        due_soon=Count(
            "id",
            filter=running & Q(deadline__gte=today, deadline__lte=due_soon_limit(today)),
        ),
        awaiting=Count("id", filter=team & Q(state=CaseState.AWAITING_CITIZEN)),
        reopened=Count("id", filter=team & Q(pk__in=_reopened_by_survey())),
    )
    return {key: int(value or 0) for key, value in figures.items()}


def search(
    *,
    administration: str,
    query: str = "",
    state: str = "",
    team_id: int | None = None,
    overdue: bool = False,
) -> QuerySet[Case]:
    """An administration's cases by number, citizen name or CPR number, or
    words in the subject and text; the caller audits a search by CPR number."""
    cases = _cases().filter(administration_id=administration)
    query = query.strip()
    if query:
        digits = query.replace("-", "").replace(" ", "")
        if len(digits) == 10 and digits.isdigit():
            cases = cases.filter(cpr=digits)
        else:
            cases = cases.filter(
                Q(reference__iexact=query)
                | Q(reference__icontains=query)
                | Q(citizen_name__icontains=query)
                | Q(subject__icontains=query)
                | Q(text__icontains=query)
            )
    if state:
        cases = cases.filter(state=state)
    if team_id:
        cases = cases.filter(team_id=team_id)
    if overdue:
        cases = cases.filter(state__in=OPEN_STATES, deadline__lt=timezone.localdate()).exclude(
            state=CaseState.AWAITING_CITIZEN
        )
    return cases.order_by("-created_at")


def is_cpr_query(query: str) -> bool:
    digits = query.strip().replace("-", "").replace(" ", "")
    return len(digits) == 10 and digits.isdigit()


def triage_queue() -> QuerySet[Case]:
    return (
        _cases()
        .filter(administration__isnull=True, state=CaseState.RECEIVED)
        .order_by("created_at")
    )


def topics() -> QuerySet[Topic]:
    return Topic.objects.select_related("administration", "team")


def assignable_staff(case: Case) -> list[AbstractBaseUser]:
    """Who a case may be assigned to: staff of its administration who handle cases."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__administration_id=case.administration_id)
        .filter(case_system__isnull=True)  # case systems' service users are not assignable
        .order_by("first_name", "username")
    )
    return [u for u in users if may_handle(u, case)]


def event_log(administration_code: str | None = None) -> Iterator[dict[str, Any]]:
    """Case events as case id, activity, timestamp and resource (for mining),
    of every case or of the cases an administration owns now."""
    events = CaseEvent.objects.all()
    if administration_code is not None:
        events = events.filter(case__administration_id=administration_code)
    for reference, activity, to_state, at, resource in (
        events.order_by("at", "id")
        .values_list("case__reference", "activity", "to_state", "at", "resource")
        .iterator()
    ):
        name = f"{activity}:{to_state}" if activity == "state" else activity
        yield {"case_id": reference, "activity": name, "timestamp": at, "resource": resource}


def cases_of_citizen(citizen_key: str) -> QuerySet[Case]:
    return _cases().filter(citizen_key=citizen_key).order_by("-created_at")


def sla_figures(
    since: dt.datetime,
    until: dt.datetime,
    *,
    administration: str = "",
    topic: str = "",
) -> list[dict[str, Any]]:
    """Cases resolved in [since, until) per administration: how many, and how
    many on or before their deadline (for the insights SLA metric)."""
    resolved = Case.objects.filter(resolved_at__gte=since, resolved_at__lt=until)
    if administration:
        resolved = resolved.filter(administration_id=administration)
    if topic:
        resolved = resolved.filter(topic__slug=topic)
    rows = (
        resolved.annotate(resolved_day=TruncDate("resolved_at"))
        .values("administration_id")
        .annotate(
            resolved=Count("id"),
            on_time=Count("id", filter=Q(deadline__isnull=False, resolved_day__lte=F("deadline"))),
        )
        .order_by("administration_id")
    )
    return [dict(row) for row in rows]


def case_for_survey(case_id: int) -> Case | None:
    """A case by id, for the survey invitation sent when it is closed."""
    return _cases().filter(pk=case_id).first()


def topic_services() -> Iterator[catalogue.KnownService]:
    """Case topics for the catalogue's service vocabulary (name and owners)."""
    for slug, name, administration, team_id in Topic.objects.values_list(
        "slug", "name", "administration_id", "team_id"
    ):
        yield catalogue.KnownService(slug, name, administration or "", team_id)


_TEAM_REF = re.compile(r"(?P<adm>[a-z]{3})/(?P<slug>[\w-]+)")


def _team_name(ref: str) -> str:
    """ "bif/ydelser" → the team's name ("Ydelser"); the reference when unknown."""
    match = _TEAM_REF.fullmatch(ref)
    if not match:
        return ref
    team = Team.objects.filter(administration_id=match["adm"], slug=match["slug"]).first()
    return team.name if team else ref


def _event_detail(event: CaseEvent) -> str:
    detail = event.detail
    if not detail:
        return ""
    if event.activity == Activity.CREATED and detail in CaseChannel.values:
        return str(CaseChannel(detail).label)
    if event.activity in (Activity.ROUTED, Activity.TRIAGED):
        return _team_name(detail)
    if event.activity == Activity.TRANSFERRED and detail.startswith("misroute "):
        rest = detail.removeprefix("misroute ")
        old, _arrow, new_and_reason = rest.partition(" → ")
        new, _space, reason = new_and_reason.partition(" ")
        text = _("from %(old)s to %(new)s") % {"old": _team_name(old), "new": _team_name(new)}
        return f"{text}: {reason}" if reason else text
    return detail


def event_text(event: CaseEvent) -> str:
    """One line of a case's history as people read it: "Sag oprettet: Modtaget
    (Sikker kontaktformular)", never a code such as "contact_form"."""
    text = str(event.get_activity_display())
    if event.to_state in CaseState.values:
        text += f": {CaseState(event.to_state).label}"
    detail = _event_detail(event)
    return f"{text} ({detail})" if detail else text


# -- audit texts written by cases (see core.audit.describe) ---------------------------

CASE_PARTS = (
    gettext_noop("inquiry and identity"),
    gettext_noop("CPR number"),
    gettext_noop("messages"),
    gettext_noop("message sent to the citizen"),
    gettext_noop("personal data removed after the retention period"),
    gettext_noop("internal note"),
    gettext_noop("case search by CPR number"),
)


def _case_part(part: str) -> str:
    if match := re.fullmatch(r"attachment (?P<name>.+)", part):
        return _("attachment %(name)s") % {"name": match["name"]}
    if match := re.fullmatch(r"transferred to (?P<team>.+)", part):
        return _("transferred to %(team)s") % {"team": match["team"]}
    if match := re.fullmatch(r"(?P<old>\w+) → (?P<new>\w+)", part):
        old, new = match["old"], match["new"]
        labels = dict(CaseState.choices)
        return _("state changed from %(old)s to %(new)s") % {
            "old": labels.get(old, old),
            "new": labels.get(new, new),
        }
    return _(part)


@audit.describer(
    r"case (?P<ref>[^\s:]+)(?P<api> \(API\))?(?:: (?P<part>.+))?",
    "case KK-2026-00001: in_progress → resolved",
)
def _case_text(match: re.Match[str]) -> str:
    text = _("case %(reference)s") % {"reference": match["ref"]}
    if match["api"]:
        text += " " + _("(via the API)")
    return f"{text}: {_case_part(match['part'])}" if match["part"] else text


def cases_of_owner(*, cpr: str, cvr: str = "") -> QuerySet[Case]:
    """The cases of a citizen, or of the business they act for (never both),
    newest first, with their events (for "Min side")."""
    # business_key lives with the writes that use it (services imports nothing from here).
    from indgang.cases.services import business_key

    key = business_key(cvr) if cvr else citizen_key(cpr)
    return cases_of_citizen(key).prefetch_related("events")


def promised_answer(case: Case, today: dt.date | None = None) -> dt.date | None:
    """The day the municipality promised to answer by: the deadline, moved on
    by the working days the case has waited for the citizen so far."""
    if case.deadline is None:
        return None
    if case.state == CaseState.AWAITING_CITIZEN and case.paused_since:
        waited = sla.working_days_between(
            timezone.localdate(case.paused_since), today or timezone.localdate()
        )
        return sla.add_working_days(case.deadline, waited)
    return case.deadline
