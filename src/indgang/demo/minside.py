"""Min side for one demo parent: a contact-form case with a status and a
promised date, a sent health-card order with its PDF receipt (and the "on
its way" suggestion that follows), a lægeskift draft Borgerservice Nørrebro
started at the counter, a booked appointment, and a child to act for.

Everything goes through the owning apps' services, as the clicks would.
Idempotent: a second load adds nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from indgang.appointments import queries as appointments
from indgang.appointments import services as booking
from indgang.cases import services as cases
from indgang.cases.constants import CaseState
from indgang.cases.models import Case
from indgang.identity import services as identity
from indgang.identity.citizen import CitizenIdentity
from indgang.registers import queries as registers
from indgang.registers.models import Relation
from indgang.selfservice import assisted
from indgang.selfservice import queries as selfservice_queries
from indgang.selfservice import services as selfservice
from indgang.selfservice.tasks import process_submission

FRONT_DESK = "borgerservice"
WORKPLACE = "Borgerservice Nørrebro"
SUBJECT = "Storskrald i gården"
TEXT = (
    "Der står storskrald i gården bag vores opgang, og det er ikke blevet hentet i "
    "to uger. Hvornår bliver det hentet?"
)


def demo_parent() -> str:
    """The first adult (by CPR number) with a child under 18 in custody."""
    for cpr in (
        Relation.objects.filter(kind="child", custody=True)
        .order_by("from_person__cpr")
        .values_list("from_person__cpr", flat=True)[:50]
    ):
        person = registers.person(cpr)
        if person is not None and person.children_in_custody and person.address is not None:
            return cpr
    raise LookupError("no parent with custody in the population")


def _case(cpr: str, name: str) -> bool:
    if Case.objects.filter(cpr=cpr, subject=SUBJECT).exists():
        return False
    case = cases.create_case(
        cpr=cpr, citizen_name=name, text=TEXT, subject=SUBJECT, topic_slug="affald"
    )
    if case.state == CaseState.ROUTED:
        cases.transition(case, CaseState.IN_PROGRESS, actor=None)
    return True


def _health_card(cpr: str) -> bool:
    if selfservice_queries.submissions(cpr).filter(definition__slug="sundhedskort").exists():
        return False
    definition = selfservice_queries.current_definition("sundhedskort")
    if definition is None:
        return False
    draft = selfservice.start_draft(definition, cpr=cpr)
    selfservice.complete_step(draft, "aarsag", {"reason": "lost"})
    selfservice.complete_step(draft, "levering", {"confirm": True})
    submission = selfservice.submit(draft)
    process_submission.call(str(submission.pk))
    return True


def _draft_from_the_counter(cpr: str) -> bool:
    desk = get_user_model().objects.filter(username=FRONT_DESK).first()
    if (
        desk is None
        or selfservice_queries.open_drafts(cpr).filter(definition__slug="laegeskift").exists()
    ):
        return False
    identity.set_workplace(FRONT_DESK, WORKPLACE)
    consent = assisted.record_consent(
        actor=desk, cpr=cpr, service="laegeskift", place="counter", valid_days=14
    )
    assisted.start(actor=desk, consent=consent)
    return True


def _booking(cpr: str, name: str) -> bool:
    if appointments.upcoming_bookings_of(cpr).exists():
        return False
    for service in appointments.services():
        free = appointments.slots(service)
        if free:
            citizen = CitizenIdentity(cpr=cpr, name=name, idp="test")
            booking.book(service=service, starts_at=free[len(free) // 3].starts_at, citizen=citizen)
            return True
    return False


def load_minside_demo() -> str:
    """Seed Min side for the demo parent; says who to log in as."""
    cpr = demo_parent()
    person = registers.person(cpr)
    assert person is not None
    added = [
        label
        for label, done in (
            ("contact-form case", _case(cpr, person.name)),
            ("health card order", _health_card(cpr)),
            ("draft from Borgerservice", _draft_from_the_counter(cpr)),
            ("booking", _booking(cpr, person.name)),
        )
        if done
    ]
    children = ", ".join(c.name for c in person.children_in_custody)
    return (
        f"Min side demo: log in as {person.name} ({cpr}), parent of {children}; "
        f"new: {', '.join(added) or 'nothing'}"
    )
