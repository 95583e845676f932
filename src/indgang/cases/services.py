"""Public writes of the cases app: verbs taking the actor as keyword.

Every change records a ``CaseEvent`` (the event log process mining reads)
and, when staff touch a case, an audit entry against the citizen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.dk import cvr as cvr_number
from stdnum.exceptions import ValidationError as InvalidNumber

from indgang.cases import sla
from indgang.cases.constants import (
    TRANSITIONS,
    Activity,
    CaseChannel,
    CaseState,
    RecontactStatus,
    RoutedBy,
    WebhookEvent,
)
from indgang.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseSystemClient,
    SelfServiceOffer,
    StatusUpdate,
    Topic,
    TrainingExample,
    WebhookDelivery,
)
from indgang.cases.permissions import may_handle
from indgang.cases.routing import router
from indgang.cases.webhooks import emit
from indgang.core import audit, events
from indgang.core.models import Team
from indgang.core.pseudonym import citizen_key
from indgang.identity import services as identity
from indgang.identity.constants import StaffRole
from indgang.identity.queries import staff_label

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

    Actor = AbstractBaseUser | AnonymousUser | None

DEFAULT_SLA_DAYS = 10
logger = logging.getLogger(__name__)


class IllegalTransition(ValidationError):
    pass


def _event(
    case: Case,
    activity: Activity,
    actor: Actor,
    *,
    from_state: str = "",
    to_state: str = "",
    detail: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        activity=activity,
        resource=staff_label(actor)[0],
        from_state=from_state,
        to_state=to_state,
        detail=detail[:300],
    )


def _today() -> dt.date:
    return timezone.localdate()


def _sla_days(case: Case) -> int:
    return case.topic.sla_days if case.topic else DEFAULT_SLA_DAYS


def _check_actor(actor: Actor, case: Case) -> None:
    if actor is not None and not may_handle(actor, case):
        raise PermissionDenied(_("This case belongs to another administration."))


def _audit_change(actor: Actor, case: Case, what: str) -> None:
    if actor is not None and case.cpr:
        audit.citizen_data_changed(
            actor, case.cpr, what, _("case handling"), object_ref=f"case:{case.reference}"
        )


def _route_to(case: Case, team: Team, actor: Actor, routed_by: str, activity: Activity) -> None:
    case.administration_id = team.administration_id
    case.team = team
    case.routed_by = routed_by
    if case.topic is None or case.topic.administration_id != team.administration_id:
        case.topic = Topic.objects.filter(team=team).first()
    case.deadline = sla.add_working_days(timezone.localdate(case.created_at), _sla_days(case))
    previous = case.state
    case.state = CaseState.ROUTED
    case.save()
    if case.cpr:
        identity.open_citizen_relation(
            administration_code=team.administration_id,
            cpr=case.cpr,
            reason=_("Case %(reference)s") % {"reference": case.reference},
            object_ref=f"case:{case.reference}",
        )
    _event(
        case,
        activity,
        actor,
        from_state=previous,
        to_state=CaseState.ROUTED,
        detail=f"{team.administration_id}/{team.slug}",
    )


def business_key(cvr: str) -> str:
    """The pseudonymous key of a business: re-contacts link by CVR, not by person."""
    return citizen_key(f"CVR{cvr}")


def _link_recontact(case: Case) -> None:
    if not case.citizen_key:
        return  # anonymous: nothing tells two anonymous messages apart
    since = case.created_at - dt.timedelta(days=settings.RECONTACT_DAYS)
    earlier = Case.objects.filter(
        citizen_key=case.citizen_key, created_at__gte=since, created_at__lt=case.created_at
    ).exclude(pk=case.pk)
    if case.topic_id:
        earlier = earlier.filter(topic_id=case.topic_id)
    elif case.administration_id:
        earlier = earlier.filter(administration_id=case.administration_id)
    else:
        return
    match = earlier.order_by("-created_at").first()
    if match is None:
        return
    case.earlier_case = match
    case.recontact_status = RecontactStatus.SUGGESTED
    case.save(update_fields=["earlier_case", "recontact_status", "updated_at"])
    _event(case, Activity.RECONTACT_LINKED, None, detail=match.reference)


def route_inquiry(text: str, topic_slug: str | None = None) -> router.RouteResult | None:
    """Where the rules and the classifier would send an inquiry; ``None`` when
    the citizen's topic decides. Call it before a write transaction: the
    classifier takes a moment, and on SQLite a write transaction holds the
    database's only write lock (docs/operations.md)."""
    if topic_slug and Topic.objects.filter(slug=topic_slug).exists():
        return None
    try:
        return router.route(text, train_if_missing=False)
    except Exception:
        # Nothing is lost: the case is stored and waits in triage.
        logger.exception("routing an inquiry failed; the case waits in triage")
        return router.RouteResult(None, None, 0.0, False, "")


def warm_up() -> None:
    """Load the routing model now (a web process calls it when it starts), so
    the first citizen's contact form does not wait for it."""
    router.active_router(train_if_missing=False)


def create_case(
    *,
    cpr: str,
    text: str,
    channel: str = CaseChannel.CONTACT_FORM,
    topic_slug: str | None = None,
    citizen_name: str = "",
    subject: str = "",
    source_ref: str = "",
    cvr: str = "",
    reply_email: str = "",
    files: Iterable[events.UploadedFile] = (),
    actor: Actor = None,
    route: router.RouteResult | None = None,
) -> Case:
    """Create a case from an inquiry and route it.

    A topic the citizen chose decides; otherwise the rules and then the
    classifier do. When neither is sure, the case waits in central triage
    with the top-3 suggestions. A contact about the same topic within
    ``RECONTACT_DAYS`` is linked to the earlier case (by CPR number, or
    by CVR number when the citizen acts for a business; anonymous messages
    are never linked). ``files`` (already checked by ``core.files``) came
    with the inquiry; ``CaseCreated`` hands them to messaging.

    With a ``source_ref`` the call is idempotent per channel: a retried
    self-service task gets the case it created the first time. A failing
    router never loses the case: it waits in triage instead. Routing runs
    before the write transaction unless ``route`` (from ``route_inquiry``)
    is given.
    """
    cpr = cpr.replace("-", "").strip()
    if source_ref:
        existing = Case.objects.filter(channel=channel, source_ref=source_ref).first()
        if existing is not None:
            return existing
    if route is None and not transaction.get_connection().in_atomic_block:
        route = route_inquiry(text, topic_slug)
    with transaction.atomic():
        return _create_case(
            cpr=cpr,
            text=text,
            channel=channel,
            topic_slug=topic_slug,
            citizen_name=citizen_name,
            subject=subject,
            source_ref=source_ref,
            cvr=cvr,
            reply_email=reply_email,
            files=files,
            actor=actor,
            route=route,
        )


def _create_case(
    *,
    cpr: str,
    text: str,
    channel: str,
    topic_slug: str | None,
    citizen_name: str,
    subject: str,
    source_ref: str,
    cvr: str,
    reply_email: str,
    files: Iterable[events.UploadedFile],
    actor: Actor,
    route: router.RouteResult | None,
) -> Case:
    if cvr:
        try:
            cvr = cvr_number.validate(cvr)
        except InvalidNumber as error:
            raise ValidationError(_("%(cvr)s is not a valid CVR number.") % {"cvr": cvr}) from error
    key = business_key(cvr) if cvr else (citizen_key(cpr) if cpr else "")
    case = Case.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        citizen_key=key,
        cpr=cpr,
        cvr=cvr,
        citizen_name=citizen_name,
        subject=subject[:200],
        text=text,
        channel=channel,
        source_ref=source_ref,
        reply_email=reply_email,
    )
    case.reference = f"K-{timezone.localdate(case.created_at):%Y}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    _event(case, Activity.CREATED, actor, to_state=CaseState.RECEIVED, detail=channel)
    topic = (
        Topic.objects.select_related("team").filter(slug=topic_slug).first() if topic_slug else None
    )
    if topic is not None:
        case.topic = topic
        guess = router.kle_for(text, topic.administration_id)
        if guess is not None:
            case.kle, case.kle_title, case.kle_confidence = (
                guess.number,
                guess.title,
                guess.confidence,
            )
        _route_to(case, topic.team, actor, RoutedBy.TOPIC, Activity.ROUTED)
    else:
        result = route or route_inquiry(text)
        assert result is not None
        case.confidence = result.confidence
        case.suggestions = [list(s) for s in result.suggestions[:3]]
        case.kle, case.kle_title = result.kle or "", result.kle_title
        case.kle_confidence = result.kle_confidence if result.kle else None
        team = None
        if result.auto and result.administration:
            case.topic = Topic.objects.filter(slug=result.topic).first()
            team = Team.objects.filter(
                administration_id=result.administration, slug=result.team or ""
            ).first() or (case.topic.team if case.topic else None)
            if team is None:
                team = Team.objects.filter(administration_id=result.administration).first()
        if team is not None:
            _route_to(case, team, actor, result.routed_by, Activity.ROUTED)
        else:
            case.save()
    _link_recontact(case)
    # messaging opens the case's thread (so that reading a page never writes)
    # and keeps the files; the contact register counts the contact.
    events.publish(
        events.CaseCreated(
            case_id=case.pk, reference=case.reference, channel=case.channel, files=tuple(files)
        )
    )
    if case.administration_id:
        emit(case, WebhookEvent.CASE_CREATED, WebhookEvent.CASE_ROUTED)
    return case


@transaction.atomic
def transition(case: Case, to_state: str, *, actor: Actor, detail: str = "") -> Case:
    """Move a case to another state; refuses moves the state machine does not allow.
    ``detail`` says why, in the case's event log (e.g. a system reopening it)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_actor(actor, case)
    if to_state not in TRANSITIONS.get(case.state, frozenset()):
        raise IllegalTransition(
            _("A case that is “%(from)s” cannot become “%(to)s”.")
            % {"from": CaseState(case.state).label, "to": CaseState(to_state).label}
        )
    now = timezone.now()
    previous = case.state
    if previous == CaseState.AWAITING_CITIZEN and case.paused_since:
        # The clock stood still while we waited for the citizen.
        paused = sla.working_days_between(timezone.localdate(case.paused_since), _today())
        case.paused_days += paused
        if case.deadline:
            case.deadline = sla.add_working_days(case.deadline, paused)
        case.paused_since = None
    if to_state == CaseState.AWAITING_CITIZEN:
        case.paused_since = now
    if to_state == CaseState.RESOLVED:
        case.resolved_at = now
    case.closed_at = now if to_state == CaseState.CLOSED else None
    if previous in (CaseState.RESOLVED, CaseState.CLOSED) and to_state == CaseState.IN_PROGRESS:
        case.resolved_at = None
        if previous == CaseState.CLOSED and case.cpr and case.administration_id:
            identity.open_citizen_relation(
                administration_code=case.administration_id,
                cpr=case.cpr,
                reason=_("Case %(reference)s") % {"reference": case.reference},
                object_ref=f"case:{case.reference}",
            )
    case.state = to_state
    case.save()
    if to_state == CaseState.CLOSED and case.administration_id:
        identity.close_citizen_relation(
            administration_code=case.administration_id, object_ref=f"case:{case.reference}"
        )
    _event(case, Activity.STATE, actor, from_state=previous, to_state=to_state, detail=detail)
    _audit_change(actor, case, f"case {case.reference}: {previous} → {to_state}")
    emit(case, WebhookEvent.CASE_STATE_CHANGED, extra={"from_state": previous})
    events.publish(
        events.CaseStateChanged(
            case_id=case.pk, reference=case.reference, from_state=previous, to_state=to_state
        )
    )
    return case


@transaction.atomic
def assign(case: Case, assignee: AbstractBaseUser | None, *, actor: Actor) -> Case:
    """Give the case to a staff member of its administration (None: back to the queue)."""
    _check_actor(actor, case)
    if assignee is not None and not may_handle(assignee, case):
        raise ValidationError(_("The case can only go to staff of its administration."))
    case.assignee = assignee  # type: ignore[assignment]
    case.save(update_fields=["assignee", "updated_at"])
    _event(case, Activity.ASSIGNED, actor, detail=staff_label(assignee)[0] if assignee else "")
    return case


@transaction.atomic
def add_note(case: Case, text: str, *, actor: User) -> CaseNote:
    """An internal note; citizens never see it."""
    _check_actor(actor, case)
    note = CaseNote.objects.create(case=case, author=actor, text=text)
    _event(case, Activity.NOTE, actor)
    _audit_change(actor, case, f"case {case.reference}: internal note")
    return note


def record_message(case: Case, *, outgoing: bool, actor: Actor = None) -> None:
    """A message in the case's thread, for the event log (process mining sees
    how often a case goes back and forth with the citizen)."""
    activity = Activity.MESSAGE_SENT if outgoing else Activity.MESSAGE_RECEIVED
    _event(case, activity, actor)


def _refile(case: Case, administration: str) -> None:
    """A case moved to another administration gets a KLE topic that
    administration handles (a triage suggestion's, else the strongest found)."""
    for suggestion in case.suggestions:
        if len(suggestion) > 3 and suggestion[0] == administration and suggestion[2]:
            case.kle, case.kle_title = suggestion[2], suggestion[3]
            return
    guess = router.kle_for(case.text, administration)
    if guess is not None:
        case.kle, case.kle_title, case.kle_confidence = guess.number, guess.title, guess.confidence
    else:
        # None found: better no KLE number than one of another administration.
        case.kle, case.kle_title, case.kle_confidence = "", "", None


def _learn(case: Case, team: Team) -> None:
    # Called after _refile: the case's KLE topic is one the new administration handles.
    TrainingExample.objects.create(
        text=case.text,
        administration_id=team.administration_id,
        team=team,
        case=case,
        kle=case.kle,
    )


@transaction.atomic
def transfer(case: Case, team: Team, *, actor: Actor, reason: str = "") -> Case:
    """Move a case to another team, maybe in another administration.

    A transfer means the case was misrouted: it is recorded in the event log
    and, across administrations, becomes a training example for the classifier.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_actor(actor, case)
    if case.team_id == team.pk:
        raise ValidationError(_("The case is already with that team."))
    old = f"{case.administration_id}/{case.team.slug if case.team else '-'}"
    old_administration = case.administration_id
    case.team = team
    case.assignee = None
    if old_administration != team.administration_id:
        if old_administration:
            identity.close_citizen_relation(
                administration_code=old_administration, object_ref=f"case:{case.reference}"
            )
        case.administration_id = team.administration_id
        case.topic = Topic.objects.filter(team=team).first()
        _refile(case, team.administration_id)
        if case.cpr:
            identity.open_citizen_relation(
                administration_code=team.administration_id,
                cpr=case.cpr,
                reason=_("Case %(reference)s") % {"reference": case.reference},
                object_ref=f"case:{case.reference}",
            )
        _learn(case, team)
    case.save()
    _event(
        case,
        Activity.TRANSFERRED,
        actor,
        detail=f"misroute {old} → {team.administration_id}/{team.slug} {reason}".strip(),
    )
    _audit_change(actor, case, f"case {case.reference}: transferred to {team}")
    moved = {"from": old, "to": f"{team.administration_id}/{team.slug}"}
    emit(case, WebhookEvent.CASE_TRANSFERRED, extra=moved)
    if old_administration and old_administration != team.administration_id:
        # The old administration's system learns the case left, not its content.
        emit(
            case,
            WebhookEvent.CASE_TRANSFERRED,
            administration=old_administration,
            full=False,
            extra=moved,
        )
    return case


@transaction.atomic
def triage(case: Case, team: Team, *, actor: Actor) -> Case:
    """Central triage decides where an unrouted case goes; the choice trains the classifier."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.administration_id is not None or case.state != CaseState.RECEIVED:
        raise IllegalTransition(_("The case has already been routed."))
    _check_actor(actor, case)
    _refile(case, team.administration_id)
    _route_to(case, team, actor, RoutedBy.TRIAGE, Activity.TRIAGED)
    _learn(case, team)
    _link_recontact(case)
    emit(case, WebhookEvent.CASE_ROUTED)
    return case


@transaction.atomic
def confirm_recontact(case: Case, *, actor: Actor) -> Case:
    _check_actor(actor, case)
    if case.earlier_case_id is None:
        raise ValidationError(_("The case is not linked to an earlier one."))
    case.recontact_status = RecontactStatus.CONFIRMED
    case.save(update_fields=["recontact_status", "updated_at"])
    _event(case, Activity.RECONTACT_CONFIRMED, actor, detail=str(case.earlier_case))
    return case


@transaction.atomic
def undo_recontact(case: Case, *, actor: Actor) -> Case:
    _check_actor(actor, case)
    if case.earlier_case_id is None:
        raise ValidationError(_("The case is not linked to an earlier one."))
    detail = str(case.earlier_case)
    case.earlier_case = None
    case.recontact_status = RecontactStatus.UNDONE
    case.save(update_fields=["earlier_case", "recontact_status", "updated_at"])
    _event(case, Activity.RECONTACT_UNDONE, actor, detail=detail)
    return case


@transaction.atomic
def record_selfservice_offer(
    *, service_slug: str, taken: bool, case: Case | None = None
) -> SelfServiceOffer:
    """The contact form offered a self-service; record whether the citizen took it."""
    return SelfServiceOffer.objects.create(service_slug=service_slug, taken=taken, case=case)


def _purgeable(older_than_days: int) -> Any:
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return Case.objects.filter(state=CaseState.CLOSED, purged_at__isnull=True).filter(
        Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, updated_at__lt=cutoff)
    )


@transaction.atomic
def purge_closed_cases(*, older_than_days: int, dry_run: bool = False) -> dict[str, int]:
    """Blank the personal data of cases closed more than ``older_than_days`` ago.

    The CPR and CVR numbers, the pseudonymous key, name, reply address,
    subject, text, internal notes, status notes from case systems and the
    webhook payloads go; the case's reference, administration, team, topic,
    states, dates and its event log stay for statistics and process mining.
    Each purged case is audited. Returns counts; ``dry_run`` changes nothing.
    """
    cases = _purgeable(older_than_days)
    references = list(cases.values_list("reference", flat=True))
    counts = {
        "cases": len(references),
        "notes": CaseNote.objects.filter(case__in=cases).count(),
        "webhook_deliveries": WebhookDelivery.objects.filter(case_reference__in=references).count(),
        "training_examples": TrainingExample.objects.filter(case__in=cases).count(),
    }
    if dry_run:
        return counts
    now = timezone.now()
    for case in cases.select_for_update():
        audit.citizen_data_changed(
            None,
            case.cpr,
            f"case {case.reference}: personal data removed after the retention period",
            _("retention"),
            object_ref=f"case:{case.reference}",
        )
        case.notes.update(text="")
        case.status_updates.update(request={}, response={})
        TrainingExample.objects.filter(case=case).delete()
        for delivery in WebhookDelivery.objects.filter(case_reference=case.reference):
            delivery.payload = {"id": str(delivery.event_id), "event": delivery.event}
            delivery.save(update_fields=["payload"])
        Case.objects.filter(pk=case.pk).update(
            cpr="",
            cvr="",
            citizen_key="",
            citizen_name="",
            reply_email="",
            subject="",
            text="",
            purged_at=now,
        )
        _event(case, Activity.PURGED, None)
    return counts


# Case systems ---------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_case_system_client(
    *, name: str, administration_code: str
) -> tuple[CaseSystemClient, str]:
    """Register a case system for one administration; returns the client and its
    token, which is shown this once (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    user = identity.create_staff_member(
        username=f"casesystem-{administration_code}-{secrets.token_hex(4)}",
        password=None,
        first_name=_("Case system"),
        last_name=name[:140],
        administration_code=administration_code,
        roles=[StaffRole.CASEWORKER],
    )
    client = CaseSystemClient.objects.create(
        name=name,
        administration_id=administration_code,
        user=user,
        token_hash=token_hash(token),
    )
    return client, token


class DifferentRequestForKey(ValidationError):
    pass


@transaction.atomic
def post_status(
    case: Case,
    *,
    client: CaseSystemClient,
    key: str,
    state: str,
    note: str = "",
    external_reference: str = "",
) -> tuple[dict[str, Any], bool]:
    """A case system reports a new state (and maybe a note) for a case.

    Idempotent per client and key: a repeated request gets the first answer
    and changes nothing (second value ``False``); the same key with another
    request is refused. Goes through ``transition``, so illegal moves raise
    ``IllegalTransition`` and nothing is written.
    """
    request = {"state": state, "note": note, "external_reference": external_reference}
    earlier = StatusUpdate.objects.filter(client=client, key=key).first()
    if earlier is not None:
        if earlier.request != request or earlier.case_id != case.pk:
            raise DifferentRequestForKey(
                _("This idempotency key was already used for another request.")
            )
        return earlier.response, False
    actor = client.user
    case = transition(case, state, actor=actor)
    if note:
        add_note(case, note, actor=actor)
    if external_reference and external_reference != case.external_reference:
        case.external_reference = external_reference[:100]
        case.save(update_fields=["external_reference", "updated_at"])
    response = {"reference": case.reference, "state": case.state}
    StatusUpdate.objects.create(
        client=client, key=key, case=case, request=request, response=response
    )
    return response, True
