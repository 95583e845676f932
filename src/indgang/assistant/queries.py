"""Public reads: conversations and the figures insights shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from indgang.assistant.constants import PRESENCE_SECONDS, LiveState, Outcome
from indgang.assistant.models import ChatMessage, Conversation, Presence, Turn
from indgang.directory import queries as directory
from indgang.directory.constants import ContactKind
from indgang.directory.hours import Status


def conversation(conversation_id: str) -> Conversation | None:
    try:
        return Conversation.objects.filter(pk=conversation_id).first()
    except Exception:  # not a UUID
        return None


def resolution(since: dt.datetime | None = None) -> dict[str, Any]:
    """How many conversations the assistant settled itself, how many went to a
    person (live or as a case), and how many citizens said it helped."""
    found = Conversation.objects.all()
    if since is not None:
        found = found.filter(started_at__gte=since)
    figures = found.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(outcome__in=[Outcome.ANSWERED, Outcome.OUT_OF_REMIT])),
        handed_over=Count("pk", filter=Q(outcome=Outcome.HANDED_OVER)),
        became_case=Count("pk", filter=Q(outcome=Outcome.BECAME_CASE)),
        said_helped=Count("pk", filter=Q(helped=True)),
        said_not_helped=Count("pk", filter=Q(helped=False)),
    )
    total = figures["total"] or 0
    figures["handed_off"] = figures["handed_over"] + figures["became_case"]
    figures["rate"] = figures["answered"] / total if total else None
    figures["handoff_rate"] = figures["handed_off"] / total if total else None
    said = figures["said_helped"] + figures["said_not_helped"]
    figures["said"] = said
    figures["helped_share"] = figures["said_helped"] / said if said else None
    return figures


def unanswered_questions(limit: int = 50, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Questions the assistant was not sure about, most asked first — gaps for editors."""
    found = Turn.objects.filter(confident=False)
    if since is not None:
        found = found.filter(asked_at__gte=since)
    return [
        dict(row)
        for row in found.exclude(question="")
        .values("question")
        .annotate(times=Count("pk"))
        .order_by("-times", "question")[:limit]
    ]


def _folded(question: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in question.casefold()).split())


def unanswered_by_service(since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The questions the assistant was not sure about, grouped by the service it
    found nearest (its first suggestion), biggest group first. The same
    question in other case or punctuation counts once, with how often it was
    asked. A group tells an editor which service's text lacks the words."""
    found = Turn.objects.filter(confident=False).exclude(question="")
    if since is not None:
        found = found.filter(asked_at__gte=since)
    groups: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for question, sources in found.order_by("asked_at").values_list("question", "sources"):
        nearest = sources[0] if sources else {}
        key = (nearest.get("title", ""), nearest.get("url", ""))
        questions = groups.setdefault(key, {})
        row = questions.setdefault(_folded(question), {"question": question, "times": 0})
        row["times"] += 1
    result = []
    for (title, url), questions in groups.items():
        rows = sorted(questions.values(), key=lambda r: (-r["times"], r["question"]))
        result.append(
            {
                "title": title,
                "url": url,
                "questions": rows,
                "times": sum(r["times"] for r in rows),
            }
        )
    result.sort(key=lambda g: (-g["times"], g["title"]))
    return result


# Live chat ------------------------------------------------------------------


def chat_hours(now: dt.datetime | None = None) -> Status | None:
    """The contact centre's chat hours now (the staff unit's phone hours in the
    directory: when a person is on duty), or None when the directory has none."""
    unit = directory.unit(settings.ASSISTANT_STAFF_UNIT)
    if unit is None:
        return None
    for point in unit.contact_points.all():
        if point.kind == ContactKind.PHONE and point.hours:
            return point.schedule().status(now or timezone.now())
    return None


def staff_online(now: dt.datetime | None = None) -> int:
    """How many members of staff are online (switched on, heartbeat recent)."""
    since = (now or timezone.now()) - dt.timedelta(seconds=PRESENCE_SECONDS)
    return Presence.objects.filter(online=True, seen_at__gte=since).count()


def live_available(now: dt.datetime | None = None) -> bool:
    """The citizen is offered a live chat only within chat hours and when
    someone is online to take it."""
    hours = chat_hours(now)
    return hours is not None and hours.is_open and staff_online(now) > 0


def presence(user: Any) -> Presence | None:
    return Presence.objects.filter(user=user).first()


def is_online(user: Any, now: dt.datetime | None = None) -> bool:
    found = presence(user)
    since = (now or timezone.now()) - dt.timedelta(seconds=PRESENCE_SECONDS)
    return found is not None and found.online and found.seen_at >= since


def waiting() -> QuerySet[Conversation]:
    """Conversations waiting for a person, longest waiting first, with what was
    asked and answered so far."""
    return (
        Conversation.objects.filter(live_state=LiveState.WAITING)
        .order_by("live_requested_at")
        .prefetch_related("turns", "messages")
    )


def live_with(user: Any) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(live_state=LiveState.LIVE, staff=user)
        .order_by("taken_at")
        .prefetch_related("turns", "messages")
    )


def messages_after(conversation: Conversation, after: int) -> list[ChatMessage]:
    return list(conversation.messages.filter(pk__gt=after))
