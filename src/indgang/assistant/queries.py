"""Public reads: conversations and the figures insights shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from indgang.assistant.constants import Outcome
from indgang.assistant.models import Conversation, Turn


def conversation(conversation_id: str) -> Conversation | None:
    try:
        return Conversation.objects.filter(pk=conversation_id).first()
    except Exception:  # not a UUID
        return None


def resolution(since: dt.datetime | None = None) -> dict[str, Any]:
    """How many conversations the assistant settled itself, and how many helped."""
    found = Conversation.objects.all()
    if since is not None:
        found = found.filter(started_at__gte=since)
    figures = found.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(outcome__in=[Outcome.ANSWERED, Outcome.OUT_OF_REMIT])),
        became_case=Count("pk", filter=Q(outcome=Outcome.BECAME_CASE)),
        said_helped=Count("pk", filter=Q(helped=True)),
        said_not_helped=Count("pk", filter=Q(helped=False)),
    )
    total = figures["total"] or 0
    figures["rate"] = figures["answered"] / total if total else None
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
