"""Public reads of self-service: definitions, a citizen's drafts and submissions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone

from indgang.catalogue import queries as catalogue
from indgang.selfservice import engine
from indgang.selfservice.constants import DraftStatus, FunnelEventKind
from indgang.selfservice.models import (
    AssistAction,
    Draft,
    DraftFile,
    FunnelEvent,
    HealthCardOrder,
    ServiceDefinition,
    Submission,
)


def current_definition(slug: str) -> ServiceDefinition | None:
    """The newest active version of a service."""
    return ServiceDefinition.objects.filter(slug=slug, active=True).order_by("-version").first()


def services() -> list[ServiceDefinition]:
    """The newest active version of every service, by slug."""
    newest: dict[str, ServiceDefinition] = {}
    for definition in ServiceDefinition.objects.filter(active=True).order_by("slug", "-version"):
        newest.setdefault(definition.slug, definition)
    return list(newest.values())


def open_drafts(cpr: str) -> QuerySet[Draft]:
    return (
        Draft.objects.filter(cpr=cpr, status=DraftStatus.OPEN, expires_at__gt=timezone.now())
        .select_related("definition")
        .order_by("-updated_at")
    )


def draft_of(cpr: str, draft_id: str) -> Draft | None:
    """The citizen's own open draft, or None (also for someone else's draft)."""
    return open_drafts(cpr).filter(pk=draft_id).first()


def submissions(cpr: str) -> QuerySet[Submission]:
    return Submission.objects.filter(cpr=cpr).select_related("definition")


def submission_of(cpr: str, submission_id: str) -> Submission | None:
    return submissions(cpr).filter(pk=submission_id).first()


def submission_from_draft(cpr: str, draft_id: str) -> Submission | None:
    """The citizen's own submission sent from this draft, if it was sent."""
    return submissions(cpr).filter(draft_id=draft_id).first()


def funnel(service: str) -> QuerySet[FunnelEvent]:
    return FunnelEvent.objects.filter(service=service)


def assists(draft: Draft) -> QuerySet[AssistAction]:
    """Who on the staff helped with a draft, and when (shown to the citizen)."""
    return AssistAction.objects.filter(draft=draft)


def funnel_summary(
    service: str, *, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """Where citizens drop out of a service and which fields trouble them
    (for the insights dashboards): drafts started and submitted, per step how
    many drafts saw and completed it, and validation errors by field and rule.
    ``since``/``until`` limit it to events at or after / before those times."""
    events = funnel(service)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    started = events.filter(kind=FunnelEventKind.STARTED).count()
    submitted = events.filter(kind=FunnelEventKind.SUBMITTED).count()
    per_step = (
        events.filter(kind__in=[FunnelEventKind.STEP_SHOWN, FunnelEventKind.STEP_COMPLETED])
        .values("step", "kind")
        .annotate(drafts=Count("draft_id", distinct=True))
    )
    steps: dict[str, dict[str, int]] = {}
    for row in per_step:
        steps.setdefault(row["step"], {"shown": 0, "completed": 0})[
            "shown" if row["kind"] == FunnelEventKind.STEP_SHOWN else "completed"
        ] = row["drafts"]
    errors = list(
        events.filter(kind=FunnelEventKind.VALIDATION_ERROR)
        .values("step", "field", "rule")
        .annotate(count=Count("id"))
        .order_by("-count", "step", "field")
    )
    return {
        "started": started,
        "submitted": submitted,
        "abandoned": events.filter(kind=FunnelEventKind.ABANDONED).count(),
        "steps": steps,
        "errors": errors,
    }


def attached_files(draft: Draft) -> dict[str, list[dict[str, Any]]]:
    """The files stored with a draft, by field."""
    files: dict[str, list[dict[str, Any]]] = {}
    for f in DraftFile.objects.filter(draft=draft).defer("data"):
        files.setdefault(f.field, []).append(f.summary())
    return files


def submissions_of_service(slug: str) -> QuerySet[Submission]:
    """All submissions of a service, newest first (for its caseworkers)."""
    return Submission.objects.filter(definition__slug=slug).select_related("definition")


def submission_for_service(slug: str, submission_id: str) -> Submission | None:
    return submissions_of_service(slug).filter(pk=submission_id).first()


def submission_files(submission: Submission) -> list[DraftFile]:
    if submission.draft_id is None:
        return []
    return list(DraftFile.objects.filter(draft_id=submission.draft_id).defer("data"))


def submission_file(submission: Submission, file_id: str) -> DraftFile | None:
    if submission.draft_id is None:
        return None
    try:
        return DraftFile.objects.filter(draft_id=submission.draft_id, pk=file_id).first()
    except ValidationError:
        return None


def named_services() -> Iterator[catalogue.KnownService]:
    """Self-service forms for the catalogue's service vocabulary (names only)."""
    for definition in services():
        yield catalogue.KnownService(definition.slug, engine.text(definition.definition["title"]))


def draft_starters(draft_ids: list[Any]) -> dict[Any, AssistAction]:
    """Who on the staff started each of these drafts with the citizen, by
    draft id (drafts the citizen started alone are absent); one query."""
    started = (
        AssistAction.objects.filter(draft_id__in=draft_ids, action=AssistAction.Action.STARTED)
        .select_related("actor__staff_profile__team")
        .order_by("at", "id")
    )
    found: dict[Any, AssistAction] = {}
    for action in started:
        found.setdefault(action.draft_id, action)
    return found


def starter_label(action: AssistAction) -> str:
    """Where the staff member who started a draft works, as citizens know it
    ("Borgerservice Nørrebro"), else their team or their name."""
    profile = getattr(action.actor, "staff_profile", None) if action.actor else None
    if profile is not None and profile.workplace:
        return str(profile.workplace)
    if profile is not None and profile.team is not None:
        return str(profile.team.name)
    return action.actor_name


def health_cards_ordered(cpr: str, since: datetime) -> QuerySet[HealthCardOrder]:
    """Health cards ordered for this person since ``since`` (by them or by a parent)."""
    return HealthCardOrder.objects.filter(cpr=cpr, ordered_at__gte=since).order_by("-ordered_at")


def allows_acting_for_child(definition: ServiceDefinition) -> bool:
    """Whether a parent with custody may fill in this service for a child."""
    return bool(definition.definition.get("for_children", False))
