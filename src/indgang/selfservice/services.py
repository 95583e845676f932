"""Public writes of self-service: definitions, drafts, submissions, funnel events."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from indgang.core import events
from indgang.registers import queries as registers
from indgang.selfservice import engine, uploads
from indgang.selfservice.constants import DraftStatus, FunnelEventKind
from indgang.selfservice.models import Draft, DraftFile, FunnelEvent, ServiceDefinition, Submission


class DefinitionError(ValueError):
    pass


class NotReady(ValueError):
    """A draft cannot be submitted yet; ``step`` is the first unfinished step."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


@transaction.atomic
def import_definition(data: dict[str, Any]) -> tuple[ServiceDefinition, bool]:
    """Store a definition as a new version unless the newest version equals it.

    Returns the version and whether it was created. Drafts keep the version
    they began with.
    """
    problems = engine.problems(data)
    if problems:
        raise DefinitionError("; ".join(problems))
    body = {k: v for k, v in data.items() if k != "version"}
    newest = (
        ServiceDefinition.objects.select_for_update()
        .filter(slug=data["slug"])
        .order_by("-version")
        .first()
    )
    if newest is not None and newest.definition == body:
        return newest, False
    version = (newest.version + 1) if newest else 1
    return ServiceDefinition.objects.create(
        slug=data["slug"], version=version, definition=body
    ), True


def export_definition(definition: ServiceDefinition) -> dict[str, Any]:
    return {"slug": definition.slug, "version": definition.version, **definition.definition}


def _event(
    draft: Draft, kind: FunnelEventKind, step: str = "", field: str = "", rule: str = ""
) -> None:
    FunnelEvent.objects.create(
        service=draft.definition.slug,
        version=draft.definition.version,
        draft_id=draft.id,
        kind=kind,
        step=step,
        field=field,
        rule=rule,
    )


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.SELFSERVICE_DRAFT_RETENTION_DAYS)


def context(draft: Draft) -> engine.Context:
    """The engine context for a draft: the person from the registers and the answers."""
    ctx = engine.Context(person=registers.person(draft.cpr), answers=dict(draft.answers))
    engine.compute(draft.definition.definition, ctx)
    return ctx


@transaction.atomic
def start_draft(definition: ServiceDefinition, *, cpr: str) -> Draft:
    """Begin a service for a citizen; the draft is kept on the server."""
    draft = Draft.objects.create(definition=definition, cpr=cpr, expires_at=_expiry())
    _event(draft, FunnelEventKind.STARTED)
    return draft


def step_shown(draft: Draft, step_id: str) -> None:
    _event(draft, FunnelEventKind.STEP_SHOWN, step_id)


@transaction.atomic
def complete_step(draft: Draft, step_id: str, answers: dict[str, Any]) -> Draft:
    """Save a valid step's answers and mark it done."""
    draft.answers = {**draft.answers, **{k: engine.to_json(v) for k, v in answers.items()}}
    draft.answers.pop(f"_raw_{step_id}", None)
    if step_id not in draft.completed_steps:
        draft.completed_steps = [*draft.completed_steps, step_id]
    draft.expires_at = _expiry()
    draft.save(update_fields=["answers", "completed_steps", "expires_at", "updated_at"])
    _event(draft, FunnelEventKind.STEP_COMPLETED, step_id)
    return draft


@transaction.atomic
def keep_invalid_step(
    draft: Draft, step_id: str, raw: dict[str, Any], failed_rules: dict[str, str]
) -> Draft:
    """Keep what the citizen typed on a step with errors, and record the errors."""
    draft.answers = {**draft.answers, f"_raw_{step_id}": raw}
    draft.expires_at = _expiry()
    draft.save(update_fields=["answers", "expires_at", "updated_at"])
    for field, rule in sorted(failed_rules.items()):
        _event(draft, FunnelEventKind.VALIDATION_ERROR, step_id, field, rule)
    return draft


@transaction.atomic
def attach_file(draft: Draft, item: dict[str, Any], upload: Any) -> tuple[str, str] | None:
    """Store an uploaded file with the draft after checking its size, scanning
    it for viruses and checking its real type (from its bytes); returns
    (rule, message) when it is refused. An infected file is never stored."""
    if draft.files.filter(field=item["name"]).count() >= uploads.max_files(item):
        return uploads.too_many(item)
    head = upload.read(16)
    upload.seek(0)
    problem = uploads.problem(item, upload.name, upload.size, head)
    if problem and problem[0] != "file_type":
        return problem
    data = upload.read()
    # Scanned before the type is judged, so an infected file is named as such.
    scanned = uploads.scan(data)
    problem = uploads.virus_problem(upload.name, scanned) or problem
    if problem:
        return problem
    kind = uploads.sniff(head)
    assert kind is not None
    DraftFile.objects.create(
        draft=draft,
        field=item["name"],
        name=upload.name[:200],
        content_type=uploads.mime_type(kind),
        size=len(data),
        data=data,
        scan_status=scanned.status,
    )
    _sync_files(draft, item["name"])
    return None


@transaction.atomic
def remove_file(draft: Draft, file_id: str) -> str:
    """Remove an attached file; returns its field's name ("" when there was none)."""
    try:
        found = DraftFile.objects.filter(draft=draft, pk=file_id).first()
    except (ValueError, ValidationError):
        return ""
    if found is None:
        return ""
    found.delete()
    _sync_files(draft, found.field)
    return found.field


def _sync_files(draft: Draft, field: str) -> None:
    """A file field's answer is the list of files stored for it."""
    draft.answers = {
        **draft.answers,
        field: [f.summary() for f in DraftFile.objects.filter(draft=draft, field=field)],
    }
    draft.expires_at = _expiry()
    draft.save(update_fields=["answers", "expires_at", "updated_at"])


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "IG-" + "".join(secrets.choice(alphabet) for _ in range(8))


@transaction.atomic
def submit(draft: Draft) -> Submission:
    """Store the submission, then (after commit) run the downstream work as a task."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.status == DraftStatus.SUBMITTED:
        return Submission.objects.get(draft=draft)
    definition = draft.definition.definition
    ctx = context(draft)
    kept: dict[str, Any] = {}
    for step in engine.active_steps(definition, ctx):
        if step["id"] not in draft.completed_steps:
            raise NotReady(step["id"])
        for item in engine.visible_fields(step, ctx):
            if item["type"] != "info" and item["name"] in draft.answers:
                kept[item["name"]] = draft.answers[item["name"]]
    # Answers to steps the citizen's later choices skipped are not submitted.
    ctx = engine.Context(person=ctx.person, answers=kept)
    computed = engine.compute(definition, ctx)
    submission = Submission.objects.create(
        reference=_reference(),
        definition=draft.definition,
        draft=draft,
        cpr=draft.cpr,
        answers=kept,
        computed=computed,
        shown=shown_rows(definition, ctx),
    )
    draft.status = DraftStatus.SUBMITTED
    draft.save(update_fields=["status", "updated_at"])
    _event(draft, FunnelEventKind.SUBMITTED)

    from indgang.selfservice.tasks import process_submission

    transaction.on_commit(lambda: process_submission.enqueue(str(submission.pk)))
    # The contact register counts it; insights invites to a survey linked
    # from the receipt (both in this transaction, neither can lose it).
    events.publish(
        events.SubmissionReceived(
            submission_id=str(submission.pk),
            reference=submission.reference,
            service=draft.definition.slug,
            cpr=submission.cpr,
            submitted_at=submission.submitted_at,
        )
    )
    return submission


def shown_rows(definition: engine.Definition, ctx: engine.Context) -> dict[str, Any]:
    """The summary ("Tjek dine svar") in every language, as the receipt shows it."""
    shown: dict[str, Any] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            shown[language] = [
                {"title": engine.text(step["title"]), "answers": answers}
                for step, answers in engine.summary(definition, ctx)
            ]
    return shown


@transaction.atomic
def mark_abandoned(now: dt.datetime | None = None) -> int:
    """Drafts untouched for ``SELFSERVICE_ABANDON_AFTER_HOURS`` count as abandoned
    (for the funnel); the citizen can still resume them until they expire."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.SELFSERVICE_ABANDON_AFTER_HOURS)
    stale = Draft.objects.filter(status=DraftStatus.OPEN, updated_at__lt=cutoff).exclude(
        id__in=FunnelEvent.objects.filter(kind=FunnelEventKind.ABANDONED).values("draft_id")
    )
    count = 0
    for draft in stale.select_related("definition"):
        last = FunnelEvent.objects.filter(draft_id=draft.id).order_by("-at").first()
        _event(draft, FunnelEventKind.ABANDONED, last.step if last else "")
        count += 1
    return count


@transaction.atomic
def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete drafts past their retention period (their answers are personal data)."""
    now = now or timezone.now()
    expired = Draft.objects.filter(expires_at__lt=now).exclude(status=DraftStatus.SUBMITTED)
    count, _ = expired.delete()
    return count


@transaction.atomic
def discard_draft(draft: Draft) -> None:
    """The citizen throws a draft away; it counts as abandoned in the funnel."""
    _event(draft, FunnelEventKind.ABANDONED)
    draft.delete()


def import_built_in_definitions() -> list[tuple[ServiceDefinition, bool]]:
    """Import the services shipped with Indgang (``selfservice/definitions/*.json``)."""
    from indgang.selfservice.checks import DEFINITIONS

    return [
        import_definition(json.loads(p.read_text())) for p in sorted(DEFINITIONS.glob("*.json"))
    ]
