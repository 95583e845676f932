"""Public reads of self-service: definitions, a citizen's drafts and submissions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

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


# -- attempts and their errors in plain words (for the contact register) --------

# Rules every field has, explained when the definition gives no message.
BUILT_IN_RULES = {
    "required": gettext_lazy("The field was left empty."),
    "format": gettext_lazy("The answer was not in the expected form."),
    "min": gettext_lazy("The number was too small."),
    "max": gettext_lazy("The number was too large."),
    "min_length": gettext_lazy("The answer was too short."),
    "max_length": gettext_lazy("The answer was too long."),
    "pattern": gettext_lazy("The answer was not in the expected form."),
}


def _find_field(items: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    for item in items:
        if item.get("name") == name:
            return item
        found = _find_field(item.get("fields", []), name)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class ErrorExplained:
    """A validation error as staff and analysts read it: no answer, no person."""

    step: str
    field: str
    rule: str
    step_title: str
    field_label: str
    text: str


def explain_error(definition: dict[str, Any], step: str, field: str, rule: str) -> ErrorExplained:
    """The step's title, the field's label and the rule in plain words, from
    the service definition the citizen used (the message they were shown)."""
    step_def = next((s for s in definition.get("steps", []) if s.get("id") == step), None)
    item = _find_field(step_def.get("fields", []), field) if step_def else None
    explanation = ""
    if item is not None:
        if rule == "required" and item.get("required_message"):
            explanation = engine.text(item["required_message"])
        for candidate in item.get("rules", []):
            if explanation:
                break
            if rule in (candidate.get("function"), candidate.get("rule")):
                messages = candidate.get("messages") or {}
                texts = [engine.text(m) for m in messages.values()]
                if candidate.get("message"):
                    texts.append(engine.text(candidate["message"]))
                explanation = " ".join(t for t in texts if t)
    if not explanation:
        explanation = str(BUILT_IN_RULES.get(rule, gettext_lazy("A check of the answer failed.")))
    return ErrorExplained(
        step=step,
        field=field,
        rule=rule,
        step_title=engine.text(step_def.get("title")) if step_def else step,
        field_label=engine.text(item.get("label")) if item else field,
        text=explanation,
    )


def explain(service: str, version: int, step: str, field: str, rule: str) -> ErrorExplained:
    """``explain_error`` for a service version by slug (the version may be gone)."""
    definition = (
        ServiceDefinition.objects.filter(slug=service, version=version)
        .values_list("definition", flat=True)
        .first()
    ) or (
        ServiceDefinition.objects.filter(slug=service)
        .order_by("-version")
        .values_list("definition", flat=True)
        .first()
    )
    return explain_error(definition or {}, step, field, rule)


class AttemptState:
    IN_PROGRESS = "in_progress"
    ABANDONED = "abandoned"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class Attempt:
    """One self-service attempt of a citizen: a draft, sent or not."""

    draft_id: str
    service: str
    title: str
    version: int
    started_at: datetime
    last_activity: datetime
    # The last step the citizen was shown, and its title.
    step: str
    step_title: str
    state: str
    submission_id: str = ""
    submission_reference: str = ""
    # The errors of the citizen's last failed try, in plain words.
    errors: tuple[ErrorExplained, ...] = ()

    @property
    def failed(self) -> bool:
        return self.state != AttemptState.SUBMITTED and bool(self.errors)


def _state(draft: Draft | None, events: list[FunnelEvent], submitted: bool) -> str:
    if submitted:
        return AttemptState.SUBMITTED
    abandoned_after = timezone.now() - timedelta(hours=settings.SELFSERVICE_ABANDON_AFTER_HOURS)
    if any(e.kind == FunnelEventKind.ABANDONED for e in events) or (
        draft is not None and draft.updated_at < abandoned_after
    ):
        return AttemptState.ABANDONED
    return AttemptState.IN_PROGRESS


def _attempt(
    definition: ServiceDefinition,
    draft: Draft | None,
    draft_id: str,
    events: list[FunnelEvent],
    submission: Submission | None,
    created: datetime,
) -> Attempt:
    shown = [e for e in events if e.kind == FunnelEventKind.STEP_SHOWN]
    step = shown[-1].step if shown else ""
    errors = [e for e in events if e.kind == FunnelEventKind.VALIDATION_ERROR]
    last_try: list[FunnelEvent] = []
    if errors:
        # The errors recorded together at the last failed try of a step.
        last = errors[-1]
        last_try = [
            e for e in errors if e.step == last.step and abs((e.at - last.at).total_seconds()) < 2
        ]
        # A step completed after its errors was put right.
        if any(
            e.kind == FunnelEventKind.STEP_COMPLETED and e.step == last.step and e.at > last.at
            for e in events
        ):
            last_try = []
    body = definition.definition
    step_def = next((s for s in body.get("steps", []) if s.get("id") == step), None)
    return Attempt(
        draft_id=draft_id,
        service=definition.slug,
        title=engine.text(body.get("title")),
        version=definition.version,
        started_at=events[0].at if events else created,
        last_activity=events[-1].at if events else created,
        step=step,
        step_title=engine.text(step_def.get("title")) if step_def else "",
        state=_state(draft, events, submission is not None),
        submission_id=str(submission.pk) if submission else "",
        submission_reference=submission.reference if submission else "",
        errors=tuple(explain_error(body, e.step, e.field, e.rule) for e in last_try),
    )


def attempts_of(cpr: str, *, days: int = 14) -> list[Attempt]:
    """The citizen's self-service attempts of the last ``days`` days, newest
    first: drafts still kept and submissions. The caller audits the read."""
    since = timezone.now() - timedelta(days=days)
    drafts = list(Draft.objects.filter(cpr=cpr, updated_at__gte=since).select_related("definition"))
    sent = list(submissions(cpr).filter(submitted_at__gte=since))
    draft_ids = {str(d.id) for d in drafts} | {str(s.draft_id) for s in sent if s.draft_id}
    events: dict[str, list[FunnelEvent]] = {}
    for event in FunnelEvent.objects.filter(draft_id__in=draft_ids).order_by("at", "id"):
        events.setdefault(str(event.draft_id), []).append(event)
    by_draft = {str(s.draft_id): s for s in sent if s.draft_id}
    found = [
        _attempt(
            d.definition,
            d,
            str(d.id),
            events.get(str(d.id), []),
            by_draft.get(str(d.id)),
            d.created_at,
        )
        for d in drafts
    ]
    found += [
        _attempt(
            s.definition,
            None,
            str(s.draft_id or ""),
            events.get(str(s.draft_id), []),
            s,
            s.submitted_at,
        )
        for s in sent
        if str(s.draft_id) not in {a.draft_id for a in found}
    ]
    return sorted(found, key=lambda a: a.last_activity, reverse=True)


def attempt_of(cpr: str, draft_id: str, *, days: int = 14) -> Attempt | None:
    """One of ``attempts_of``, by its draft id."""
    return next((a for a in attempts_of(cpr, days=days) if a.draft_id == draft_id), None)


def draft_owner(draft_id: str) -> str | None:
    """The CPR number of the citizen a draft (or its submission) belongs to."""
    try:
        cpr = Draft.objects.filter(pk=draft_id).values_list("cpr", flat=True).first()
    except ValidationError:
        return None
    return cpr or Submission.objects.filter(draft_id=draft_id).values_list("cpr", flat=True).first()


def unfinished_attempts(since: datetime, until: datetime) -> Iterator[tuple[str, Attempt]]:
    """(CPR number, attempt) for every kept draft not submitted whose last
    activity falls in [since, until) and that was abandoned or stopped at a
    validation error: the attempts that may cause a call."""
    drafts = (
        Draft.objects.filter(updated_at__gte=since, updated_at__lt=until)
        .exclude(status=DraftStatus.SUBMITTED)
        .select_related("definition")
        .order_by("updated_at")
    )
    for chunk_start in range(0, drafts.count(), 2000):
        chunk = list(drafts[chunk_start : chunk_start + 2000])
        events: dict[str, list[FunnelEvent]] = {}
        for event in FunnelEvent.objects.filter(draft_id__in=[d.id for d in chunk]).order_by(
            "at", "id"
        ):
            events.setdefault(str(event.draft_id), []).append(event)
        for draft in chunk:
            attempt = _attempt(
                draft.definition,
                draft,
                str(draft.id),
                events.get(str(draft.id), []),
                None,
                draft.created_at,
            )
            if attempt.state == AttemptState.ABANDONED or attempt.errors:
                yield draft.cpr, attempt


def funnel_breakdown(
    since: datetime, until: datetime, services: list[str] | None = None
) -> list[dict[str, Any]]:
    """Funnel events in [since, until) counted per service, version, kind,
    step, field and rule: ``events`` and distinct ``drafts``. Pseudonymous
    (no draft is named), for the failure-demand figures."""
    events = FunnelEvent.objects.filter(at__gte=since, at__lt=until)
    if services is not None:
        events = events.filter(service__in=services)
    return [
        dict(row)
        for row in events.values("service", "version", "kind", "step", "field", "rule")
        .annotate(events=Count("id"), drafts=Count("draft_id", distinct=True))
        .order_by()
    ]


def funnel_version() -> int:
    """Changes when a funnel event is recorded (caches of funnel figures key on it)."""
    return FunnelEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
