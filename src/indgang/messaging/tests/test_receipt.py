"""A copy of a self-service receipt lands in the citizen's messages (issue 3's seam)."""

from __future__ import annotations

import pytest

from indgang.cases import services as cases
from indgang.cases.constants import CaseChannel
from indgang.messaging import services
from indgang.messaging.constants import DeliveryStatus, Direction
from indgang.messaging.models import Message, Thread
from indgang.messaging.tasks import deliver_message

pytestmark = pytest.mark.django_db


def test_the_receipt_goes_into_the_thread_of_the_case_the_submission_opened(
    topics, parent_cpr, citizen_client
):
    case = cases.create_case(
        cpr=parent_cpr,
        text="Lægeskift (IG-ABCD2345)",
        subject="Lægeskift",
        channel=CaseChannel.SELFSERVICE,
        topic_slug="sundhedskort-laege",
        source_ref="submission-1",
    )
    message = services.copy_receipt(
        cpr=parent_cpr,
        reference="IG-ABCD2345",
        title="Lægeskift",
        source_ref="receipt:submission-1",
        case_source_ref="submission-1",
    )
    assert message.thread.case == case
    assert message.direction == Direction.TO_CITIZEN and not message.notify
    assert "Dit kvitteringsnummer er IG-ABCD2345." in message.body
    assert "<memo:recipientID>" + parent_cpr in message.memo_xml
    # A retried task makes no second copy.
    again = services.copy_receipt(
        cpr=parent_cpr,
        reference="IG-ABCD2345",
        title="Lægeskift",
        source_ref="receipt:submission-1",
        case_source_ref="submission-1",
    )
    assert again == message and Message.objects.filter(direction="to_citizen").count() == 1

    deliver_message.call(str(message.pk))
    assert Message.objects.get(pk=message.pk).delivery_status == DeliveryStatus.DELIVERED
    page = citizen_client.get(f"/beskeder/{message.thread_id}/").content.decode()
    assert "Vi har modtaget din ansøgning: Lægeskift." in page


def test_without_a_case_the_receipt_gets_a_thread_of_its_own(parent_cpr, population):
    message = services.copy_receipt(
        cpr=parent_cpr, reference="IG-ZZZZ2222", title="Sundhedskort", source_ref="receipt:x"
    )
    thread = Thread.objects.get()
    assert message.thread == thread and thread.case is None
    assert thread.subject == "Kvittering: Sundhedskort (IG-ZZZZ2222)"


def test_purge_removes_the_threads_of_purged_cases_and_old_receipts(
    case, caseworker_tmf, parent_cpr
):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from indgang.cases.services import purge_closed_cases
    from indgang.core.attachments import CheckedFile
    from indgang.messaging.conftest import PDF
    from indgang.messaging.models import Attachment

    pdf = CheckedFile("bilag.pdf", "application/pdf", PDF, "clean")
    services.staff_reply(case, "Svar", actor=caseworker_tmf, files=[pdf])
    old = services.copy_receipt(
        cpr=parent_cpr, reference="IG-OLD22222", title="Sundhedskort", source_ref="receipt:old"
    )
    Thread.objects.filter(pk=old.thread_id).update(
        last_message_at=timezone.now() - dt.timedelta(days=4000)
    )
    new = services.copy_receipt(
        cpr=parent_cpr, reference="IG-NEW22222", title="Sundhedskort", source_ref="receipt:new"
    )
    for state in ("resolved", "closed"):
        cases.transition(case, state, actor=None)
    type(case).objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=4000))

    call_command("messaging", "purge", "--dry-run")
    assert Thread.objects.count() == 3  # a dry run deletes nothing
    call_command("messaging", "purge")
    # The old receipt goes; the case's thread stays until the case itself is purged.
    assert set(Thread.objects.all()) == {new.thread, Thread.objects.get(case=case)}
    purge_closed_cases(older_than_days=1826)
    call_command("messaging", "purge")
    assert list(Thread.objects.all()) == [new.thread]
    assert not Message.objects.filter(body="Svar").exists()
    assert not Attachment.objects.exists()
