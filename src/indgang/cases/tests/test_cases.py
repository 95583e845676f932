import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indgang.cases import queries, services, sla
from indgang.cases.constants import CaseChannel, CaseState, RecontactStatus
from indgang.cases.models import TrainingExample
from indgang.core.models import AuditEntry, Team
from indgang.core.pseudonym import citizen_key
from indgang.identity.models import CitizenRelation
from indgang.identity.permissions import citizen_access

pytestmark = pytest.mark.django_db

WASTE = "Min skraldespand er ikke blevet tømt i tre uger, hvad sker der"


def test_a_contact_becomes_a_routed_case_with_a_deadline(routing, parent_cpr, caseworker_tmf):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    assert case.reference.startswith("K-")
    assert (case.administration_id, case.team.slug, case.state) == (
        "tmf",
        "affald",
        CaseState.ROUTED,
    )
    assert case.routed_by == "classifier"
    assert case.deadline == sla.add_working_days(
        timezone.localdate(case.created_at), case.topic.sla_days
    )
    assert [e.activity for e in case.events.all()] == ["created", "routed"]
    # The owning administration may now see the citizen; another may not.
    assert citizen_access(caseworker_tmf, parent_cpr).allowed


def test_the_state_machine_refuses_illegal_transitions(routing, parent_cpr, caseworker_tmf):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    with pytest.raises(services.IllegalTransition, match="kan ikke få status"):
        services.transition(case, CaseState.CLOSED, actor=caseworker_tmf)
    for state in [
        CaseState.IN_PROGRESS,
        CaseState.AWAITING_CITIZEN,
        CaseState.IN_PROGRESS,
        CaseState.RESOLVED,
        CaseState.CLOSED,
        CaseState.IN_PROGRESS,
    ]:
        case = services.transition(case, state, actor=caseworker_tmf)
    assert case.state == CaseState.IN_PROGRESS
    states = [(e.from_state, e.to_state) for e in case.events.filter(activity="state")]
    assert states[-1] == (CaseState.CLOSED, CaseState.IN_PROGRESS)
    assert AuditEntry.objects.filter(
        actor=caseworker_tmf, citizen_key=citizen_key(parent_cpr)
    ).exists()


def test_closing_a_case_ends_the_administrations_access(routing, parent_cpr, caseworker_tmf):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    for state in [CaseState.IN_PROGRESS, CaseState.RESOLVED, CaseState.CLOSED]:
        case = services.transition(case, state, actor=caseworker_tmf)
    assert not CitizenRelation.objects.filter(
        object_ref=f"case:{case.reference}", closed_at__isnull=True
    ).exists()
    assert not citizen_access(caseworker_tmf, parent_cpr).allowed


def test_a_caseworker_of_another_administration_cannot_touch_the_case(
    routing, parent_cpr, caseworker_sof
):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    with pytest.raises(PermissionDenied):
        services.transition(case, CaseState.IN_PROGRESS, actor=caseworker_sof)
    with pytest.raises(PermissionDenied):
        services.add_note(case, "hej", actor=caseworker_sof)


def test_the_clock_pauses_while_awaiting_the_citizen(
    routing, parent_cpr, caseworker_tmf, monkeypatch
):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    deadline = case.deadline
    case = services.transition(case, CaseState.IN_PROGRESS, actor=caseworker_tmf)
    case = services.transition(case, CaseState.AWAITING_CITIZEN, actor=caseworker_tmf)
    later = timezone.localdate() + dt.timedelta(days=7)
    monkeypatch.setattr(services, "_today", lambda: later)
    case = services.transition(case, CaseState.IN_PROGRESS, actor=caseworker_tmf)
    paused = sla.working_days_between(timezone.localdate(), later)
    assert case.paused_days == paused == 5
    assert case.deadline == sla.add_working_days(deadline, paused)


def test_working_days_skip_weekends_and_danish_holidays():
    # Maundy Thursday 2026-04-02, Good Friday 04-03, Easter Monday 04-06.
    assert sla.add_working_days(dt.date(2026, 4, 1), 1) == dt.date(2026, 4, 7)
    assert sla.add_working_days(dt.date(2026, 12, 23), 2) == dt.date(2026, 12, 28)
    assert sla.working_days_between(dt.date(2026, 4, 1), dt.date(2026, 4, 7)) == 1


def test_overdue_and_due_soon_views(routing, parent_cpr, caseworker_tmf):
    overdue = services.create_case(cpr=parent_cpr, text=WASTE)
    soon = services.create_case(cpr=parent_cpr, text="Der er et stort hul i vejen ved min opgang")
    waiting = services.create_case(
        cpr=parent_cpr, text="Hvornår bliver storskrald hentet i min gade"
    )
    today = timezone.localdate()
    type(overdue).objects.filter(pk=overdue.pk).update(deadline=today - dt.timedelta(days=1))
    type(soon).objects.filter(pk=soon.pk).update(deadline=today)
    waiting = services.transition(waiting, CaseState.IN_PROGRESS, actor=caseworker_tmf)
    waiting = services.transition(waiting, CaseState.AWAITING_CITIZEN, actor=caseworker_tmf)
    type(waiting).objects.filter(pk=waiting.pk).update(deadline=today - dt.timedelta(days=3))
    assert list(queries.queue(administration="tmf", view="overdue")) == [overdue]
    assert list(queries.queue(administration="tmf", view="due_soon")) == [soon]


def test_a_new_contact_within_14_days_is_linked_across_channels(
    routing, parent_cpr, other_cpr, caseworker_tmf
):
    first = services.create_case(cpr=parent_cpr, text=WASTE)
    again = services.create_case(
        cpr=parent_cpr, text="Skraldet er stadig ikke hentet!", channel=CaseChannel.SELFSERVICE
    )
    stranger = services.create_case(cpr=other_cpr, text=WASTE)
    assert again.earlier_case == first and again.recontact_status == RecontactStatus.SUGGESTED
    assert stranger.earlier_case is None
    services.undo_recontact(again, actor=caseworker_tmf)
    again.refresh_from_db()
    assert again.earlier_case is None and again.recontact_status == RecontactStatus.UNDONE


def test_an_old_contact_is_not_a_recontact(routing, parent_cpr, settings):
    settings.RECONTACT_DAYS = 14
    first = services.create_case(cpr=parent_cpr, text=WASTE)
    type(first).objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(days=15)
    )
    again = services.create_case(cpr=parent_cpr, text=WASTE)
    assert again.earlier_case is None


def test_a_transfer_to_another_administration_is_a_recorded_misroute(
    routing, parent_cpr, caseworker_tmf, caseworker_sof
):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    team = Team.objects.get(administration_id="sof", slug="handicap")
    case = services.transfer(case, team, actor=caseworker_tmf, reason="wrong")
    assert case.administration_id == "sof"
    assert "misroute tmf/affald → sof/handicap" in case.events.get(activity="transferred").detail
    assert TrainingExample.objects.filter(case=case, administration_id="sof").exists()
    assert citizen_access(caseworker_sof, parent_cpr).allowed
    assert not citizen_access(caseworker_tmf, parent_cpr).allowed


def test_an_unclear_contact_waits_in_triage_and_the_decision_trains_the_classifier(
    routing, parent_cpr, front_desk_kff
):
    case = services.create_case(cpr=parent_cpr, text="Jeg har et spørgsmål")
    assert case.administration is None and case.state == CaseState.RECEIVED
    assert len(case.suggestions) == 3
    assert list(queries.triage_queue()) == [case]
    team = Team.objects.get(administration_id="bif", slug="ydelser")
    case = services.triage(case, team, actor=front_desk_kff)
    assert (case.administration_id, case.state, case.routed_by) == (
        "bif",
        CaseState.ROUTED,
        "triage",
    )
    assert TrainingExample.objects.get(case=case).administration_id == "bif"
    with pytest.raises(services.IllegalTransition):
        services.triage(case, team, actor=front_desk_kff)


def test_a_topic_chosen_by_the_citizen_decides(routing, parent_cpr):
    case = services.create_case(cpr=parent_cpr, text="Jeg har et spørgsmål", topic_slug="parkering")
    assert (case.administration_id, case.team.slug, case.routed_by) == ("tmf", "parkering", "topic")


def test_assignment_only_to_staff_of_the_administration(
    routing, parent_cpr, caseworker_tmf, caseworker_sof
):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    services.assign(case, caseworker_tmf, actor=caseworker_tmf)
    assert list(queries.queue(administration="tmf", view="mine", user=caseworker_tmf)) == [case]
    with pytest.raises(ValidationError):
        services.assign(case, caseworker_sof, actor=caseworker_tmf)


def test_the_event_log_names_case_activity_time_and_resource(routing, parent_cpr, caseworker_tmf):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    services.transition(case, CaseState.IN_PROGRESS, actor=caseworker_tmf)
    rows = [r for r in queries.event_log() if r["case_id"] == case.reference]
    assert [r["activity"] for r in rows] == ["created", "routed", "state:in_progress"]
    assert rows[-1]["resource"] == "Tove Testesen"


def test_the_event_log_can_be_narrowed_to_one_administration(routing, parent_cpr):
    case = services.create_case(cpr=parent_cpr, text=WASTE)
    assert {r["case_id"] for r in queries.event_log(administration_code="tmf")} == {case.reference}
    assert list(queries.event_log(administration_code="sof")) == []
