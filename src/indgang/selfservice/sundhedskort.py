"""Sundhedskort (health card): order a new card when it is lost, damaged or
the name has changed. The fee per reason is configuration
(``SELFSERVICE_HEALTH_CARD_FEES``). Citizens with name and address
protection collect the card at Borgerservice instead of getting it by post."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from indgang.registers import queries as registers
from indgang.selfservice import functions
from indgang.selfservice.engine import Context
from indgang.selfservice.models import HealthCardOrder, Submission


@functions.computation("sundhedskort.protected")
def protected(ctx: Context) -> bool:
    return bool(ctx.person and ctx.person.name_address_protected)


@functions.computation("sundhedskort.fee")
def fee(ctx: Context) -> int:
    fees: dict[str, int] = settings.SELFSERVICE_HEALTH_CARD_FEES
    return fees.get(str(ctx.answers.get("reason", "")), 0)


@functions.computation("sundhedskort.lost_fee")
def lost_fee(ctx: Context) -> int:
    fees: dict[str, int] = settings.SELFSERVICE_HEALTH_CARD_FEES
    return fees.get("lost", 0)


@functions.check("sundhedskort.name_matches_register")
def name_matches_register(ctx: Context, value: Any) -> str | None:
    """A name change is free only when the person register has a name other
    than the one on the last card ordered here (as lægeskift checks a move)."""
    if value != "name_change" or ctx.person is None:
        return None
    last = (
        HealthCardOrder.objects.filter(cpr=ctx.person.cpr)
        .exclude(name_on_card="")
        .order_by("-ordered_at")
        .first()
    )
    return "same_name" if last and last.name_on_card == ctx.person.name else None


@functions.handler("sundhedskort.submit")
def submit(submission: Submission) -> dict[str, Any]:
    """Order the card. Safe to run twice: one order per submission."""
    person = registers.person(submission.cpr)
    if person is None:
        raise LookupError("the citizen is no longer in the person register")
    order, _created = HealthCardOrder.objects.get_or_create(
        submission=submission,
        cpr=submission.cpr,
        defaults={
            "reason": submission.answers["reason"],
            "deliver_via_municipality": person.name_address_protected,
            "name_on_card": person.name,
        },
    )
    return {"card_order": order.pk, "via_municipality": order.deliver_via_municipality}
