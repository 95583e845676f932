"""Public writes of insights: survey invitations and answers."""

from __future__ import annotations

import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.cases import queries as cases
from indgang.cases import services as case_services
from indgang.cases.constants import CaseState
from indgang.core.pseudonym import citizen_key
from indgang.insights import labels
from indgang.insights.models import Survey, SurveySource

logger = logging.getLogger(__name__)

COMMENT_MAX_LENGTH = 1000


class AlreadyAnswered(ValidationError):
    pass


def _invite(*, source: str, object_ref: str, key: str, service: str, administration: str) -> Survey:
    # One open invitation per matter: a retried hook does not invite twice.
    pending = Survey.objects.filter(object_ref=object_ref, answered_at__isnull=True).first()
    if pending is not None:
        return pending
    return Survey.objects.create(
        token=secrets.token_urlsafe(32),
        source=source,
        object_ref=object_ref,
        citizen_key=key,
        service=service,
        administration=administration,
    )


@transaction.atomic
def invite_after_selfservice(*, cpr: str, service: str, reference: str) -> Survey:
    """Invite the citizen to the survey after a completed self-service."""
    return _invite(
        source=SurveySource.SELFSERVICE,
        object_ref=f"submission:{reference}",
        key=citizen_key(cpr),
        service=service,
        administration=labels.service_administration(service),
    )


@transaction.atomic
def invite_after_case(case_id: int) -> Survey | None:
    """Invite the citizen to the survey when their case is closed (called on
    commit by cases.services.transition). Anonymous cases get no survey."""
    case = cases.case_for_survey(case_id)
    if case is None or not case.citizen_key or case.state != CaseState.CLOSED:
        return None
    return _invite(
        source=SurveySource.CASE,
        object_ref=f"case:{case.reference}",
        key=case.citizen_key,
        service=case.topic.slug if case.topic else "",
        administration=case.administration_id or "",
    )


@transaction.atomic
def answer(survey: Survey, *, satisfaction: int, settled: bool, comment: str = "") -> Survey:
    """Record the one answer to an invitation. An unhappy answer about a
    closed case (satisfaction 1–2 or "no") reopens the case, saying why."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:
        raise AlreadyAnswered(_("This survey has already been answered. Thank you."))
    if not 1 <= satisfaction <= 5:
        raise ValidationError(_("Choose how satisfied you are, from 1 to 5."))
    survey.satisfaction = satisfaction
    survey.settled = settled
    survey.comment = comment.strip()[:COMMENT_MAX_LENGTH]
    survey.answered_at = timezone.now()
    if survey.source == SurveySource.CASE and survey.unhappy:
        survey.reopened_case = _reopen(survey)
    survey.save()
    return survey


def _reopen(survey: Survey) -> bool:
    case = cases.case(survey.object_ref.removeprefix("case:"))
    if case is None or case.state not in (CaseState.RESOLVED, CaseState.CLOSED):
        return False
    why = _("Reopened by the satisfaction survey: satisfaction %(score)s of 5, %(settled)s.") % {
        "score": survey.satisfaction,
        "settled": _("matter settled") if survey.settled else _("matter not settled"),
    }
    # No staff actor: the system reopens it on the citizen's answer.
    case_services.transition(case, CaseState.IN_PROGRESS, actor=None, detail=why)
    return True
