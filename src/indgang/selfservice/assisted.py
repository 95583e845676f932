"""Assisted self-service ("medbetjening"): staff fill in a form in a citizen's
name, with the citizen's recorded consent; the citizen finishes and sends it.

Every staff action is audited (``core.audit``) and shown to the citizen.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indgang.core import audit
from indgang.identity import services as identity
from indgang.identity.permissions import citizen_access
from indgang.identity.queries import staff_label
from indgang.selfservice import engine, queries, services
from indgang.selfservice.constants import DraftStatus
from indgang.selfservice.models import AssistAction, AssistConsent, Draft

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser

PURPOSE = gettext_noop("assisted self-service: a member of staff filled in the form with you")


def _allowed(actor: Actor, cpr: str, what: str) -> None:
    decision = citizen_access(actor, cpr)
    if not decision.allowed:
        audit.citizen_access_refused(actor, cpr, what, decision.reason)
        raise PermissionDenied(decision.reason)


def _act(actor: Actor, draft: Draft, consent: AssistConsent, action: str, step: str = "") -> None:
    name, administration = staff_label(actor)
    AssistAction.objects.create(
        draft=draft,
        consent=consent,
        actor=actor if isinstance(actor, User) else None,
        actor_name=name,
        administration=administration,
        action=action,
        step=step,
    )
    # Stored in English with codes; audit.describe reads it (below).
    what = f"{draft.definition.slug}: {action} {step}".strip()
    audit.acted_for_citizen(actor, draft.cpr, what, PURPOSE, str(draft.id))


def record_consent(
    *, actor: Actor, cpr: str, service: str, place: str, valid_days: int
) -> AssistConsent:
    """Record the citizen's consent; refused (and audited) without access."""
    what = f"consent to assisted self-service: {service}"
    # Checked outside the transaction so that a refusal's audit entry is kept.
    _allowed(actor, cpr, what)
    name, administration = staff_label(actor)
    with transaction.atomic():
        consent = AssistConsent.objects.create(
            cpr=cpr,
            service=service,
            place=place,
            recorded_by=actor if isinstance(actor, User) else None,
            recorded_by_name=name,
            administration=administration,
            expires_at=timezone.now() + dt.timedelta(days=valid_days),
        )
        audit.acted_for_citizen(actor, cpr, what, PURPOSE, str(consent.id))
    return consent


def consent_for(actor: Actor, draft: Draft) -> AssistConsent:
    """The valid consent that lets ``actor`` work in ``draft``, else PermissionDenied."""
    _allowed(actor, draft.cpr, f"{draft.definition.slug}: draft")
    _name, administration = staff_label(actor)
    consent = (
        AssistConsent.objects.filter(
            cpr=draft.cpr,
            service=draft.definition.slug,
            administration=administration,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-given_at")
        .first()
    )
    if consent is None or draft.status != DraftStatus.OPEN:
        raise PermissionDenied("no valid consent from the citizen for this form")
    return consent


def start(*, actor: Actor, consent: AssistConsent) -> Draft:
    """Continue the citizen's open draft of the service, or start one."""
    _allowed(actor, consent.cpr, f"{consent.service}: draft")
    with transaction.atomic():
        draft = queries.open_drafts(consent.cpr).filter(definition__slug=consent.service).first()
        if draft is not None:
            _act(actor, draft, consent, AssistAction.Action.CONTINUED)
            return draft
        definition = queries.current_definition(consent.service)
        if definition is None:
            raise LookupError(consent.service)
        # The prefilled facts the staff member is about to see are an audited read.
        identity.view_citizen(actor=actor, cpr=consent.cpr, purpose=PURPOSE)
        draft = services.start_draft(definition, cpr=consent.cpr)
        _act(actor, draft, consent, AssistAction.Action.STARTED)
        return draft


def complete_step(*, actor: Actor, draft: Draft, step_id: str, answers: dict[str, Any]) -> Draft:
    """Save a step filled in by staff, under the citizen's consent."""
    consent = consent_for(actor, draft)
    with transaction.atomic():
        services.complete_step(draft, step_id, answers)
        _act(actor, draft, consent, AssistAction.Action.STEP_COMPLETED, step_id)
    return draft


def hand_over(*, actor: Actor, draft: Draft) -> None:
    """Staff are done: the citizen checks the answers and sends the form."""
    consent = consent_for(actor, draft)
    with transaction.atomic():
        _act(actor, draft, consent, AssistAction.Action.HANDED_OVER)


# -- audit texts written here (see core.audit.describe) -------------------------------


def _service_title(slug: str) -> str:
    found = queries.current_definition(slug)
    return engine.text(found.definition["title"]) if found else slug


def _step_title(slug: str, step_id: str) -> str:
    found = queries.current_definition(slug)
    steps = found.definition.get("steps", []) if found else []
    return next((engine.text(s["title"]) for s in steps if s["id"] == step_id), step_id)


_ACTIONS = "|".join(AssistAction.Action.values)


@audit.describer(
    rf"(?P<slug>[a-z0-9_-]+): (?P<action>{_ACTIONS})(?: (?P<step>[a-z0-9_-]+))?",
    "sundhedskort: step_completed aarsag",
)
def _assist_text(match: re.Match[str]) -> str:
    text = f"{_service_title(match['slug'])}: {AssistAction.Action(match['action']).label}"
    if match["step"]:
        text += f" ({_step_title(match['slug'], match['step'])})"
    return text


@audit.describer(r"(?P<slug>[a-z0-9_-]+): draft", "laegeskift: draft")
def _draft_text(match: re.Match[str]) -> str:
    return _("%(service)s: draft") % {"service": _service_title(match["slug"])}


@audit.describer(
    r"consent to assisted self-service: (?P<service>[a-z0-9_-]+)",
    "consent to assisted self-service: laegeskift",
)
def _consent_text(match: re.Match[str]) -> str:
    return _("consent to assisted self-service: %(service)s") % {
        "service": _service_title(match["service"])
    }


# Entries written before the texts above were read this way.
audit.describer(r"assisted self-service \(medbetjening\)", "assisted self-service (medbetjening)")(
    lambda _match: _(PURPOSE)
)
