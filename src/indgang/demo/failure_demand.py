"""Demo: lægeskift's failure demand with a cause, and a fix half-way through the year.

Over the last 365 days citizens try the change-of-GP form. Before the fix
(form version 1) a quarter of them tell the form they have moved when the
population register shows no move, are stopped at the fee step by the
register check and give up; some stop at the choice of doctor. Many of them
then phone or come to the counter. Half-way through the year version 2
explains the fee choice better ("only if you have reported the move"):
fewer are stopped, and the calls fall. The calls and visits are linked to
the attempt before them, as the front desk and the import rule would link
them, so the failure-demand page and the metrics tell the story end to end.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import uuid
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from indgang.catalogue import queries as catalogue
from indgang.contacts import services as contacts
from indgang.contacts.constants import (
    INFERENCE_DAYS,
    AttemptOutcome,
    Channel,
    LinkBasis,
    Outcome,
    Reason,
    Source,
)
from indgang.contacts.models import AttemptLink, Contact
from indgang.selfservice import queries as selfservice
from indgang.selfservice import services as selfservice_services
from indgang.selfservice.constants import FunnelEventKind
from indgang.selfservice.models import FunnelEvent, ServiceDefinition

SERVICE = "laegeskift"
RULE = "laegeskift.reason_matches_register"
NAMESPACE = uuid.UUID("5f0c1e9a-7d1b-4d4e-9a51-1a2b3c4d5e6f")
REF = "failure-demand:"
# Attempts a year at scale 1 (Copenhagen's change-of-GP form).
ATTEMPTS_A_YEAR = 60_000
# Where an attempt ends, per form version: submitted, stopped by the
# register check at the fee, stopped at the choice of doctor, gave up early.
ENDINGS = {
    1: (("submitted", 0.55), ("fee_rule", 0.25), ("doctor", 0.12), ("early", 0.08)),
    2: (("submitted", 0.76), ("fee_rule", 0.07), ("doctor", 0.09), ("early", 0.08)),
}
# Of the attempts that ended so, the share followed by a call or a visit.
CONTACT_AFTER = {"fee_rule": 0.7, "doctor": 0.45, "early": 0.1}
STEPS = ("om-dig", "sygesikring", "laege", "boern", "gebyr")
FIX_TEXT = {
    "da": "Vælg kun »Jeg er flyttet«, hvis du har meldt flytningen til folkeregistret. "
    "Har du ikke meldt den endnu, så gør det først – så er skiftet gratis.",
    "en": "Only choose “I have moved” if you have reported the move to the population "
    "register. If you have not yet, do that first – then the change is free.",
}


def fixed_version() -> ServiceDefinition:
    """Version 2 of lægeskift: the fee choice explained (kept inactive, so the
    built-in form the demo serves stays the one the tests know)."""
    found = ServiceDefinition.objects.filter(slug=SERVICE, version=2).first()
    if found is not None:
        return found
    selfservice_services.import_built_in_definitions()
    first = ServiceDefinition.objects.get(slug=SERVICE, version=1)
    body = copy.deepcopy(first.definition)
    for step in body["steps"]:
        for item in step.get("fields", []):
            if step["id"] == "gebyr" and item.get("name") == "reason":
                item["help"] = FIX_TEXT
    return ServiceDefinition.objects.create(slug=SERVICE, version=2, definition=body, active=False)


def _ending(rng: random.Random, version: int) -> str:
    roll = rng.random()
    for ending, share in ENDINGS[version]:
        roll -= share
        if roll < 0:
            return ending
    return "early"


def _events(
    draft: uuid.UUID, version: int, ending: str, start: dt.datetime
) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    at = start

    def add(kind: str, step: str = "", field: str = "", rule: str = "") -> None:
        nonlocal at
        at += dt.timedelta(seconds=40)
        rows.append((SERVICE, version, str(draft), kind, step, field, rule, at))

    add(FunnelEventKind.STARTED)
    last = {"early": "om-dig", "doctor": "laege"}.get(ending, "gebyr")
    for step in STEPS:
        add(FunnelEventKind.STEP_SHOWN, step)
        if step == last and ending == "doctor":
            add(FunnelEventKind.VALIDATION_ERROR, step, "clinic", "required")
            break
        if step == last and ending == "early":
            break
        if step == "gebyr" and ending in ("fee_rule", "submitted") and version == 1:
            # Most who meet the check in version 1 give up; some put it right.
            add(FunnelEventKind.VALIDATION_ERROR, step, "reason", RULE)
            if ending == "fee_rule":
                break
        elif step == "gebyr" and ending == "fee_rule":
            add(FunnelEventKind.VALIDATION_ERROR, step, "reason", RULE)
            break
        add(FunnelEventKind.STEP_COMPLETED, step)
    if ending == "submitted":
        add(FunnelEventKind.STEP_SHOWN, "check")
        add(FunnelEventKind.SUBMITTED)
    else:
        at += dt.timedelta(hours=24)
        add(FunnelEventKind.ABANDONED, last)
    return rows


def _insert_events(rows: list[tuple[Any, ...]]) -> None:
    # FunnelEvent.at is set on save; the demo's events keep their own times.
    table = FunnelEvent._meta.db_table
    sql = (
        f"INSERT INTO {table} (service, version, draft_id, kind, step, field, rule, at) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                sql,
                [
                    (s, v, d if connection.vendor == "postgresql" else d.replace("-", ""),
                     k, st, f, r, adapt(a))
                    for s, v, d, k, st, f, r, a in rows[start : start + 5000]
                ],
            )  # fmt: skip


@transaction.atomic
def load_failure_demand(scale: float = 0.01, seed: int = 1, today: dt.date | None = None) -> int:
    """Add a year of lægeskift attempts, the contacts after the failed ones
    and their links (once). Returns the number of linked contacts."""
    if Contact.objects.filter(source=Source.DEMO, source_ref__startswith=REF).exists():
        return 0
    fixed_version()
    rng = random.Random(seed)
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=364)
    fix_day = today - dt.timedelta(days=182)
    administration, team = catalogue.home_of(SERVICE)
    rule = contacts.inference_rule(INFERENCE_DAYS, (Channel.PHONE,))
    events: list[tuple[Any, ...]] = []
    made: list[tuple[Contact, dict[str, Any]]] = []
    now = timezone.now()
    for n in range(max(1, round(ATTEMPTS_A_YEAR * scale))):
        day = first + dt.timedelta(days=rng.randrange(365))
        start = timezone.make_aware(
            dt.datetime.combine(day, dt.time(rng.randrange(7, 22), rng.randrange(60)))
        )
        version = 1 if day < fix_day else 2
        ending = _ending(rng, version)
        draft = uuid.uuid5(NAMESPACE, f"{seed}:{n}")
        rows = _events(draft, version, ending, start)
        events += rows
        if ending == "submitted" or rng.random() >= CONTACT_AFTER[ending]:
            continue
        when = rows[-1][-1] - dt.timedelta(hours=24) + dt.timedelta(hours=rng.uniform(2, 60))
        if when > now:
            continue
        phone = rng.random() < 0.7
        step, field, error_rule = {
            "fee_rule": ("gebyr", "reason", RULE),
            "doctor": ("laege", "clinic", "required"),
            "early": ("om-dig", "", ""),
        }[ending]
        contact = Contact(
            channel=Channel.PHONE if phone else Channel.IN_PERSON,
            service=SERVICE,
            administration_id=administration,
            team_id=team,
            citizen_key=uuid.uuid5(NAMESPACE, f"citizen:{seed}:{n}").hex,
            started_at=when,
            duration_s=int(rng.gammavariate(4, 120)) if phone else int(rng.gammavariate(4, 180)),
            outcome=Outcome.RESOLVED,
            reason=Reason.NOT_UNDERSTOOD if field else Reason.GUIDANCE,
            source=Source.DEMO,
            source_ref=f"{REF}{seed}:{n}",
        )
        made.append(
            (
                contact,
                {
                    "draft_id": draft,
                    "service": SERVICE,
                    "version": version,
                    "step": step,
                    "field": field,
                    "rule": error_rule,
                    "attempt_outcome": AttemptOutcome.ABANDONED,
                    # Calls are linked by the import rule, visits by the front desk.
                    "basis": LinkBasis.INFERRED if phone else LinkBasis.STAFF,
                    "basis_rule": rule[:200] if phone else "",
                },
            )
        )
    _insert_events(events)
    Contact.objects.bulk_create([c for c, _link in made], batch_size=2000)
    AttemptLink.objects.bulk_create(
        [
            AttemptLink(
                contact_id=c.pk,
                channel=c.channel,
                started_at=c.started_at,
                duration_s=c.duration_s,
                **link,
            )
            for c, link in made
        ],
        batch_size=2000,
    )
    return len(made)


def story(today: dt.date | None = None) -> dict[str, Any]:
    """The demo's story in figures: linked contacts before and after the fix."""
    today = today or timezone.localdate()
    fix_day = today - dt.timedelta(days=182)
    links = AttemptLink.objects.filter(service=SERVICE)
    return {
        "fix_day": fix_day,
        "before": links.filter(version=1).count(),
        "after": links.filter(version=2).count(),
        "explained": selfservice.explain(SERVICE, 1, "gebyr", "reason", RULE).text,
    }
