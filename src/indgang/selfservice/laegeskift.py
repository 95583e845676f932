"""Lægeskift (change of GP): the legal rules behind the form.

The rules (sundhedsloven and the bekendtgørelse on choice of GP):

- a citizen in group 1 may choose a clinic open to new patients within
  5 km of home in København, Frederiksberg, Tårnby and Dragør, 15 km elsewhere;
- a clinic closed to new patients may be chosen only when a spouse/partner or
  someone at the same address has that clinic, when a child who turns 15
  keeps a parent's clinic, or when fewer than two clinics within the limit
  are open (then the doctor must accept);
- children under 15 in the citizen's custody and at the same address may move along;
- changing costs a fee set per year (settings), waived when the citizen has
  moved, the GP closes the practice, or within 60 days after turning 15;
- a change of health insurance group (1 ↔ 2) needs a year in the current group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from indgang.registers import queries as registers
from indgang.registers import services as register_services
from indgang.registers.base import ClinicRecord, PersonRecord, age_on
from indgang.registers.synthetic import distance_km
from indgang.selfservice import functions
from indgang.selfservice.engine import Context
from indgang.selfservice.functions import Option
from indgang.selfservice.models import HealthCardOrder, Submission

SHORT_DISTANCE_MUNICIPALITIES = {"0101", "0147", "0155", "0185"}  # Kbh, Frb, Dragør, Tårnby
MOVED_WITHIN_DAYS = 90
TURNED_15_WITHIN_DAYS = 60


def legal_distance_km(municipality_code: str) -> int:
    return 5 if municipality_code in SHORT_DISTANCE_MUNICIPALITIES else 15


def fee_for(day: dt.date) -> int:
    """The fee for the year of ``day``: the latest configured year not after it."""
    fees: dict[int, int] = settings.SELFSERVICE_GP_CHANGE_FEES
    years = [year for year in fees if year <= day.year]
    return fees[max(years)] if years else fees[min(fees)]


@dataclass(frozen=True)
class ClinicChoice:
    clinic: ClinicRecord
    distance_km: float
    # "" when open to new patients; else why this closed clinic may still be chosen
    exception: str


def _gp_of(cpr: str) -> str | None:
    other = registers.person(cpr)
    return other.gp.id if other and other.gp else None


def clinic_choices(person: PersonRecord, today: dt.date) -> list[ClinicChoice]:
    """The clinics this citizen may choose, nearest first."""
    if person.address is None:
        return []
    limit = legal_distance_km(person.address.municipality_code)
    current = person.gp.id if person.gp else None
    near = sorted(
        (
            (distance_km(person.address.lat, person.address.lon, c.lat, c.lon), c)
            for c in registers.clinics()
            if c.id != current
        ),
        key=lambda pair: pair[0],
    )
    near = [(d, c) for d, c in near if d <= limit]
    # Each relative's register entry is read once (one is often both a relation
    # and a member of the household).
    family = {
        _gp_of(cpr)
        for cpr in {
            r.cpr
            for r in (*person.relations, *person.household)
            if r.kind in ("spouse", "partner") or r.same_address
        }
    }
    turned_15 = age_on(person.birth_date, today) == 15
    parents = (
        {_gp_of(cpr) for cpr in {r.cpr for r in person.relations if r.kind == "parent"}}
        if turned_15
        else set()
    )
    few_open = sum(1 for _d, c in near if c.accepts_new_patients) < 2
    choices = []
    for distance, clinic in near:
        if clinic.accepts_new_patients:
            exception = ""
        elif clinic.id in family:
            exception = "family"
        elif clinic.id in parents:
            exception = "parent_at_15"
        elif few_open:
            exception = "few_open"
        else:
            continue
        choices.append(ClinicChoice(clinic, distance, exception))
    return choices


EXCEPTION_TEXTS = {
    "family": lambda: _(
        "Closed to new patients, but you may choose it: your spouse, partner or someone "
        "at your address has this doctor."
    ),
    "parent_at_15": lambda: _(
        "Closed to new patients, but you may choose it: you have turned 15 and it is "
        "your parent's doctor."
    ),
    "few_open": lambda: _(
        "Closed to new patients. You may ask for it because fewer than two doctors near you "
        "are open, but the doctor must accept you."
    ),
}


def _person(ctx: Context) -> PersonRecord:
    assert ctx.person is not None
    return ctx.person


def _choices(ctx: Context) -> list[ClinicChoice]:
    if "clinic_choices" not in ctx.cache:
        ctx.cache["clinic_choices"] = clinic_choices(_person(ctx), ctx.today)
    choices: list[ClinicChoice] = ctx.cache["clinic_choices"]
    return choices


@functions.option_source("laegeskift.clinics")
def clinics(ctx: Context) -> list[Option]:
    options = []
    for choice in _choices(ctx):
        c = choice.clinic
        hint = _("%(distance)s km from your home · %(address)s, %(postcode)s %(city)s") % {
            "distance": f"{choice.distance_km:.1f}".replace(".", ","),
            "address": c.address,
            "postcode": c.postcode,
            "city": c.city,
        }
        if choice.exception:
            hint = f"{hint}. {EXCEPTION_TEXTS[choice.exception]()}"
        options.append(Option(c.id, c.name, hint))
    return options


def _children(person: PersonRecord, today: dt.date) -> list[Any]:
    return [
        r
        for r in person.relations
        if r.kind == "child" and r.custody and r.same_address and age_on(r.birth_date, today) < 15
    ]


@functions.option_source("laegeskift.children")
def children(ctx: Context) -> list[Option]:
    return [
        Option(r.cpr, r.name, _("%(age)s years") % {"age": age_on(r.birth_date, ctx.today)})
        for r in _children(_person(ctx), ctx.today)
    ]


@functions.option_source("laegeskift.insurance")
def insurance(ctx: Context) -> list[Option]:
    current = _person(ctx).insurance_group
    other = 3 - current
    return [
        Option("keep", _("Stay in group %(group)s") % {"group": current}),
        Option(
            "change",
            _("Change to group %(group)s") % {"group": other},
            _("Group 2: free choice of doctor, but you pay part of the bill.")
            if other == 2
            else _("Group 1: you have a regular doctor and pay nothing for visits."),
        ),
    ]


@functions.computation("laegeskift.household")
def household(ctx: Context) -> str:
    return ", ".join(r.name for r in _person(ctx).household)


@functions.computation("laegeskift.has_children")
def has_children(ctx: Context) -> bool:
    return bool(_children(_person(ctx), ctx.today))


@functions.computation("laegeskift.can_change_group")
def can_change_group(ctx: Context) -> bool:
    since = _person(ctx).insurance_group_since
    return since is None or since <= ctx.today.replace(year=ctx.today.year - 1)


@functions.computation("laegeskift.new_group")
def new_group(ctx: Context) -> int:
    current = _person(ctx).insurance_group
    return 3 - current if ctx.answers.get("insurance") == "change" else current


@functions.computation("laegeskift.legal_distance_km")
def legal_distance(ctx: Context) -> int:
    address = _person(ctx).address
    return legal_distance_km(address.municipality_code if address else "")


@functions.computation("laegeskift.exception")
def exception(ctx: Context) -> str:
    chosen = ctx.answers.get("clinic")
    for choice in _choices(ctx) if chosen else []:
        if choice.clinic.id == chosen:
            return choice.exception
    return ""


def turned_15_recently(person: PersonRecord, today: dt.date) -> bool:
    birthday = person.birth_date.replace(year=person.birth_date.year + 15)
    return birthday <= today <= birthday + dt.timedelta(days=TURNED_15_WITHIN_DAYS)


@functions.computation("laegeskift.waiver")
def waiver(ctx: Context) -> str:
    """Why no fee is due ("" when the fee applies)."""
    if turned_15_recently(_person(ctx), ctx.today):
        return "turned_15"
    reason = ctx.answers.get("reason")
    return reason if reason in ("moved", "practice_closing") else ""


@functions.computation("laegeskift.fee")
def fee(ctx: Context) -> int:
    return 0 if ctx.computed.get("waiver") else fee_for(ctx.today)


@functions.computation("laegeskift.full_fee")
def full_fee(ctx: Context) -> int:
    return fee_for(ctx.today)


@functions.check("laegeskift.reason_matches_register")
def reason_matches_register(ctx: Context, value: Any) -> str | None:
    """Moving waives the fee only when the register shows a recent move."""
    if value != "moved":
        return None
    moved_in = _person(ctx).moved_in
    recent = moved_in and moved_in >= ctx.today - dt.timedelta(days=MOVED_WITHIN_DAYS)
    return None if recent else "no_recent_move"


@functions.handler("laegeskift.submit")
def submit(submission: Submission) -> dict[str, Any]:
    """Update the GP register and order new health cards. Safe to run twice."""
    computed = submission.computed
    group = int(computed["new_group"])
    clinic_id = submission.answers.get("clinic") if group == 1 else None
    person = registers.person(submission.cpr)
    if person is None:
        raise LookupError("the citizen is no longer in the person register")
    movers = [submission.cpr, *submission.answers.get("children", [])]
    for cpr in movers:
        register_services.change_gp(cpr, clinic_id=clinic_id, insurance_group=group)
        holder = person if cpr == person.cpr else registers.person(cpr)
        HealthCardOrder.objects.get_or_create(
            submission=submission,
            cpr=cpr,
            defaults={
                "reason": "gp_change",
                "deliver_via_municipality": person.name_address_protected,
                "name_on_card": holder.name if holder else "",
            },
        )
    return {"clinic": clinic_id or "", "insurance_group": group, "persons": len(movers)}
