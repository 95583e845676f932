import pytest
from django.db.models import Count
from django.utils import timezone

from indgang.cases.conftest import ensure_routing
from indgang.cases.constants import CaseState
from indgang.cases.models import Case, CaseEvent
from indgang.demo.caseload import load_caseload
from indgang.demo.services import load_staff
from indgang.messaging.demo import load_reply_templates
from indgang.messaging.models import Message
from indgang.registers.models import Person

pytestmark = pytest.mark.django_db


def test_the_demo_caseload_is_a_month_of_work_in_every_administration(population):
    ensure_routing()
    load_staff()
    load_reply_templates()
    assert load_caseload(140, seed=2) == 140
    by_administration = dict(Case.objects.values_list("administration_id").annotate(n=Count("id")))
    assert sorted(by_administration) == ["bif", "buf", "kff", "okf", "sof", "suf", "tmf"]
    assert set(by_administration.values()) == {20}
    states = set(Case.objects.values_list("state", flat=True))
    assert {CaseState.ROUTED, CaseState.AWAITING_CITIZEN, CaseState.CLOSED} <= states
    today = timezone.localdate()
    oldest = Case.objects.order_by("created_at").first()
    assert oldest is not None and (today - oldest.created_at.date()).days >= 20
    running = Case.objects.filter(state=CaseState.IN_PROGRESS)
    assert running.filter(deadline__lt=today).exists()  # some are overdue
    assert Message.objects.filter(direction="to_citizen").count() > 50  # replies
    assert Case.objects.filter(notes__isnull=False).exists()
    # Some closed cases were reopened by the citizen's unhappy survey answer.
    assert CaseEvent.objects.filter(
        activity="state", resource="system", from_state="closed", to_state="in_progress"
    ).exists()
    # Every citizen is from the synthetic population; history runs forward.
    cprs = set(Case.objects.values_list("cpr", flat=True))
    assert cprs <= set(Person.objects.values_list("cpr", flat=True))
    for case in Case.objects.all()[:30]:
        times = list(case.events.order_by("id").values_list("at", flat=True))
        assert times[0] == case.created_at and times == sorted(times)

    assert load_caseload(140, seed=2) == 0  # loaded once


def test_the_front_desk_has_appointments_on_the_demo_day(population):
    import datetime as dt

    from indgang.appointments.models import Booking
    from indgang.demo.caseload import load_bookings_today
    from indgang.demo.services import load_directory_and_appointments
    from indgang.directory.hours import holiday_name

    load_directory_and_appointments()
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() >= 5 or holiday_name(day):
        day += dt.timedelta(days=1)
    booked = load_bookings_today(day=day)
    assert booked > 10
    bookings = Booking.objects.filter(starts_at__date=day)
    assert bookings.count() == booked
    assert set(bookings.values_list("citizen_cpr", flat=True)) <= set(
        Person.objects.values_list("cpr", flat=True)
    )
    assert load_bookings_today(day=day) == 0
