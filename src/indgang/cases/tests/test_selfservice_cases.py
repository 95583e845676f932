"""Self-service submissions become cases, once, under the service's topic."""

from __future__ import annotations

import pytest

from indgang.cases.constants import CaseChannel, CaseState
from indgang.cases.models import Case
from indgang.selfservice import services
from indgang.selfservice.constants import ProcessingStatus
from indgang.selfservice.models import Submission
from indgang.selfservice.tasks import process_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(routing, laegeskift_draft):
    return services.submit(laegeskift_draft)


def test_a_submission_becomes_a_case_with_the_services_topic(submission, parent_cpr):
    assert process_submission.call(str(submission.pk)) == "done"
    case = Case.objects.get()
    assert (case.channel, case.source_ref) == (CaseChannel.SELFSERVICE, str(submission.pk))
    assert case.topic.slug == "sundhedskort-laege" and case.administration_id == "kff"
    assert case.cpr == parent_cpr and case.state == CaseState.ROUTED
    assert submission.reference in case.text


def test_a_retried_task_does_not_open_a_second_case(submission):
    assert process_submission.call(str(submission.pk)) == "done"
    # As if the worker died before it could record the outcome: it runs again.
    Submission.objects.filter(pk=submission.pk).update(status=ProcessingStatus.PENDING)
    assert process_submission.call(str(submission.pk)) == "done"
    assert Case.objects.filter(source_ref=str(submission.pk)).count() == 1


def test_create_case_with_the_same_source_is_idempotent(routing, parent_cpr):
    from indgang.cases import services as cases

    first = cases.create_case(
        cpr=parent_cpr, text="Lægeskift", channel=CaseChannel.SELFSERVICE, source_ref="abc"
    )
    again = cases.create_case(
        cpr=parent_cpr, text="Lægeskift", channel=CaseChannel.SELFSERVICE, source_ref="abc"
    )
    assert again == first and Case.objects.count() == 1
