"""Public reads of insights: survey invitations, the rollup's freshness."""

from __future__ import annotations

from django.db.models import QuerySet

from indgang.core.pseudonym import citizen_key
from indgang.insights.models import RollupRun, Survey


def survey(token: str) -> Survey | None:
    return Survey.objects.filter(token=token).first()


def survey_for(object_ref: str) -> Survey | None:
    """The newest invitation about a matter ("submission:REF", "case:REF")."""
    return Survey.objects.filter(object_ref=object_ref).order_by("-invited_at").first()


def pending_surveys(cpr: str) -> QuerySet[Survey]:
    """Unanswered invitations of a citizen (shown on "Mit overblik")."""
    return Survey.objects.filter(citizen_key=citizen_key(cpr), answered_at__isnull=True)


def last_rebuild() -> RollupRun | None:
    return RollupRun.objects.order_by("-finished_at").first()
