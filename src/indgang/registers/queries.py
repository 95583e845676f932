"""Public reads of the base registers, through the configured plugins.

These do no access control and no audit: callers that act for staff go
through ``indgang.identity.services.view_citizen``, which does both.
"""

from __future__ import annotations

from indgang.registers.base import (
    AddressRecord,
    BusinessRecord,
    ClinicRecord,
    FinancesRecord,
    PersonRecord,
)
from indgang.registers.constants import REGISTER_TITLES
from indgang.registers.registry import (
    address_register,
    business_register,
    gp_register,
    income_register,
    person_register,
)


def person(cpr: str) -> PersonRecord | None:
    return person_register().get_person(cpr)


def search_persons(text: str, limit: int = 20) -> list[PersonRecord]:
    return person_register().search_persons(text, limit)


def search_addresses(text: str, limit: int = 10) -> list[AddressRecord]:
    return address_register().search_addresses(text, limit)


def address(address_id: str) -> AddressRecord | None:
    return address_register().get_address(address_id)


def business(cvr: str) -> BusinessRecord | None:
    return business_register().get_business(cvr)


def businesses_of(cpr: str) -> list[BusinessRecord]:
    return business_register().businesses_of(cpr)


def clinic(clinic_id: str) -> ClinicRecord | None:
    return gp_register().get_clinic(clinic_id)


def clinics() -> list[ClinicRecord]:
    return gp_register().clinics()


def finances(cpr: str) -> FinancesRecord | None:
    """Monthly income by type and assets from the income register."""
    return income_register().get_finances(cpr)


def source_names() -> dict[str, str]:
    """Which register each kind of fact comes from, for "where is this from?"."""
    return {kind: str(title) for kind, title in REGISTER_TITLES.items()}


def source_notes() -> list[str]:
    """What serves the registers, when it is worth telling (e.g. demo data)."""
    plugins = [
        person_register(),
        address_register(),
        business_register(),
        gp_register(),
        income_register(),
    ]
    return sorted({str(plugin.source_name) for plugin in plugins if plugin.source_name})


def demo_personas(per_kind: int = 2) -> list[tuple[str, PersonRecord]]:
    """A few varied synthetic citizens for the test login page.

    Only meaningful with the embedded plugin (the test IdP is demo-only).
    """
    import datetime as dt

    from django.db.models import Count
    from django.utils.translation import gettext as _

    from indgang.registers import models
    from indgang.registers.base import age_on

    today = dt.date.today()
    adults = models.Person.objects.filter(
        birth_date__lte=today.replace(year=today.year - 18)
    ).order_by("cpr")
    kinds: list[tuple[str, object]] = [
        (
            _("Parent with children at home"),
            adults.filter(relations__kind="child", relations__custody=True)
            .annotate(n=Count("relations"))
            .filter(n__gte=2),
        ),
        (_("Lives alone"), adults.annotate(n=Count("relations")).filter(n=0)),
        (_("Over 75"), adults.filter(birth_date__lte=today.replace(year=today.year - 75))),
        (_("Name and address protection"), adults.filter(name_address_protected=True)),
        (_("Runs a business"), adults.filter(businesses__isnull=False)),
        (_("Health insurance group 2"), adults.filter(insurance_group=2)),
    ]
    personas: list[tuple[str, PersonRecord]] = []
    seen: set[str] = set()
    for label, qs in kinds:
        count = 0
        for cpr in qs.values_list("cpr", flat=True).distinct()[: per_kind * 3]:  # type: ignore[attr-defined]
            if cpr in seen or count >= per_kind:
                continue
            record = person(cpr)
            if record is not None and age_on(record.birth_date, today) >= 18:
                personas.append((label, record))
                seen.add(cpr)
                count += 1
    return personas
