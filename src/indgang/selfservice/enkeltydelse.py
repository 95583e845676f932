"""Enkeltydelse (one-off financial help, aktivloven § 81), handled by `bif`.

The form is prefilled with household, income and assets from the registers.
The rules it explains, before the citizen sends:

- assets above the limit (``SELFSERVICE_ASSET_LIMIT_PERSON``, or
  ``SELFSERVICE_ASSET_LIMIT_COUPLE`` for a married or cohabiting couple)
  usually mean help is refused, since the citizen is expected to pay from them;
- each purpose needs its attachments (``REQUIRED_ATTACHMENTS``), and the form
  says which are missing.

The citizen may still send against that advice, but only after ticking an
explicit confirmation. A ``bif`` caseworker sees a completeness checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.core import numbers
from indgang.identity import services as identity
from indgang.registers import queries as registers
from indgang.registers.base import RelatedPerson
from indgang.registers.constants import INCOME_KIND_LABELS
from indgang.selfservice import functions
from indgang.selfservice.engine import Context
from indgang.selfservice.models import Submission

SLUG = "enkeltydelse"
ADMINISTRATION = "bif"

# The attachments (file fields of the definition) each purpose needs.
REQUIRED_ATTACHMENTS: dict[str, tuple[str, ...]] = {
    "dental": ("price_quote",),
    "furniture": ("price_quote",),
    "medicine": ("doctor_statement",),
    "other": (),
}
ATTACHMENT_LABELS = {
    "price_quote": gettext_lazy("price quote"),
    "doctor_statement": gettext_lazy("statement from your doctor"),
}


def kroner(amount: Any) -> str:
    """10000 → "10.000" (the amount without the unit, in the language's format)."""
    return numbers.kroner(amount, unit=False)


def partner(ctx: Context) -> RelatedPerson | None:
    """A spouse or partner at the same address: the limit is then the couple's."""
    if ctx.person is None:
        return None
    return next(
        (r for r in ctx.person.relations if r.kind in ("spouse", "partner") and r.same_address),
        None,
    )


def register_assets(cpr: str) -> int:
    finances = registers.finances(cpr)
    return finances.total_assets if finances else 0


def asset_limit(couple: bool) -> int:
    limit: int = (
        settings.SELFSERVICE_ASSET_LIMIT_COUPLE
        if couple
        else settings.SELFSERVICE_ASSET_LIMIT_PERSON
    )
    return limit


def _incomes_text(cpr: str) -> str:
    finances = registers.finances(cpr)
    if finances is None or not finances.incomes:
        return _("No income registered")
    return "; ".join(
        _("%(kind)s %(amount)s kr. a month (%(payer)s)")
        % {
            "kind": str(INCOME_KIND_LABELS.get(i.kind, i.kind)).capitalize(),
            "amount": kroner(i.monthly),
            "payer": i.payer,
        }
        for i in finances.incomes
    )


@functions.computation("enkeltydelse.partner")
def partner_name(ctx: Context) -> str:
    found = partner(ctx)
    return found.name if found else ""


@functions.computation("enkeltydelse.household")
def household(ctx: Context) -> str:
    return ", ".join(r.name for r in ctx.person.household) if ctx.person else ""


@functions.computation("enkeltydelse.income")
def income(ctx: Context) -> str:
    return _incomes_text(ctx.person.cpr) if ctx.person else ""


@functions.computation("enkeltydelse.partner_income")
def partner_income(ctx: Context) -> str:
    found = partner(ctx)
    return _incomes_text(found.cpr) if found else ""


@functions.computation("enkeltydelse.register_assets")
def household_register_assets(ctx: Context) -> int:
    """The citizen's assets, and the partner's, as the income register has them."""
    if ctx.person is None:
        return 0
    found = partner(ctx)
    return register_assets(ctx.person.cpr) + (register_assets(found.cpr) if found else 0)


@functions.computation("enkeltydelse.asset_limit")
def limit(ctx: Context) -> str:
    return kroner(asset_limit(partner(ctx) is not None))


@functions.computation("enkeltydelse.over_limit")
def over_limit(ctx: Context) -> bool:
    assets = ctx.answers.get("assets")
    if assets in (None, ""):
        return False
    return float(assets) > asset_limit(partner(ctx) is not None)


@functions.computation("enkeltydelse.assets_text")
def assets_text(ctx: Context) -> str:
    assets = ctx.answers.get("assets")
    return kroner(assets) if assets not in (None, "") else ""


def missing(purpose: str, answers: dict[str, Any]) -> list[str]:
    """The attachments the purpose needs that are not attached."""
    return [name for name in REQUIRED_ATTACHMENTS.get(purpose, ()) if not answers.get(name)]


@functions.computation("enkeltydelse.missing")
def missing_text(ctx: Context) -> str:
    """The missing attachments in words ("" when none); only once the
    attachments step has been answered."""
    if not any(name in ctx.answers for name in ATTACHMENT_LABELS):
        return ""
    return ", ".join(
        str(ATTACHMENT_LABELS[name])
        for name in missing(str(ctx.answers.get("purpose", "")), ctx.answers)
    )


@functions.computation("enkeltydelse.against_advice")
def against_advice(ctx: Context) -> bool:
    return bool(ctx.computed.get("over_limit") or ctx.computed.get("missing"))


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    ok: bool
    detail: str


def checklist(submission: Submission) -> list[ChecklistItem]:
    """What a caseworker checks first: is the application complete?"""
    answers, computed = submission.answers, submission.computed
    purpose = str(answers.get("purpose", ""))
    items = [
        ChecklistItem(
            _("Assets within the limit"),
            not computed.get("over_limit"),
            _("%(assets)s kr. stated; limit %(limit)s kr.; %(register)s kr. in the register")
            % {
                "assets": computed.get("assets_text", ""),
                "limit": computed.get("asset_limit", ""),
                "register": kroner(int(computed.get("register_assets") or 0)),
            },
        )
    ]
    for name in REQUIRED_ATTACHMENTS.get(purpose, ()):
        files = answers.get(name) or []
        items.append(
            ChecklistItem(
                _("Attachment: %(what)s") % {"what": ATTACHMENT_LABELS[name]},
                bool(files),
                ", ".join(str(f.get("name")) for f in files) or _("Missing"),
            )
        )
    items.append(
        ChecklistItem(
            _("Items and prices stated"),
            bool(answers.get("items")),
            "; ".join(
                f"{row.get('description')}: {numbers.kroner(row.get('price'))}"
                for row in answers.get("items") or []
            ),
        )
    )
    if computed.get("against_advice"):
        items.append(
            ChecklistItem(
                _("Sent against the advice"),
                bool(answers.get("submit_anyway")),
                _("The citizen confirmed they want to apply anyway."),
            )
        )
    return items


@functions.handler("enkeltydelse.submit")
def submit(submission: Submission) -> dict[str, Any]:
    """Give `bif` a matter with the citizen, so its caseworkers may see them."""
    relation = identity.open_citizen_relation(
        administration_code=ADMINISTRATION,
        cpr=submission.cpr,
        reason="enkeltydelse",
        object_ref=submission.reference,
    )
    return {"relation": relation.pk}
