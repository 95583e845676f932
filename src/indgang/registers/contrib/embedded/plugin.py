"""The embedded register plugin: all four registers on local tables.

A working implementation on the synthetic population, used by the demo and
the tests, and a reference for production plugins.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.registers import models
from indgang.registers.base import (
    AddressRecord,
    AddressRegister,
    AssetRecord,
    BusinessRecord,
    BusinessRegister,
    ClinicRecord,
    FinancesRecord,
    GPRegister,
    IncomeRecord,
    IncomeRegister,
    PersonRecord,
    PersonRegister,
    ProductionUnitRecord,
    RelatedPerson,
)
from indgang.registers.registry import register

_HOUSE_NUMBER = re.compile(r"^\d+[A-Za-z]?$")


def address_record(row: models.Address) -> AddressRecord:
    return AddressRecord(
        id=row.id,
        street=row.street,
        house_number=row.house_number,
        floor=row.floor or None,
        door=row.door or None,
        postcode=row.postcode,
        city=row.city,
        municipality_code=row.municipality_code,
        lat=row.lat,
        lon=row.lon,
    )


def clinic_record(row: models.Clinic) -> ClinicRecord:
    return ClinicRecord(
        id=row.id,
        name=row.name,
        doctors=tuple(row.doctors),
        address=f"{row.street} {row.house_number}",
        postcode=row.postcode,
        city=row.city,
        lat=row.lat,
        lon=row.lon,
        phone=row.phone,
        accepts_new_patients=row.accepts_new_patients,
    )


def _related(person: models.Person, kind: str, custody: bool, home: str) -> RelatedPerson:
    return RelatedPerson(
        cpr=person.cpr,
        name=" ".join(p for p in (person.first_name, person.middle_name, person.last_name) if p),
        birth_date=person.birth_date,
        kind=kind,
        custody=custody,
        same_address=person.address_id == home,
    )


@register.register("embedded")
class EmbeddedRegisters(
    PersonRegister, AddressRegister, BusinessRegister, GPRegister, IncomeRegister
):
    """All five registers on the synthetic population's tables."""

    source_name = _("embedded demo register (synthetic data)")
    is_demo = True

    # -- person register -------------------------------------------------
    def get_person(self, cpr: str) -> PersonRecord | None:
        cpr = cpr.replace("-", "").strip()
        row = models.Person.objects.select_related("address", "gp_clinic").filter(cpr=cpr).first()
        if row is None:
            return None
        relations = tuple(
            _related(rel.to_person, rel.kind, rel.custody, row.address_id)
            for rel in row.relations.select_related("to_person").order_by("to_person__birth_date")
        )
        household = tuple(
            _related(member, "household", False, row.address_id)
            for member in models.Person.objects.filter(household_id=row.household_id)
            .exclude(pk=row.pk)
            .order_by("birth_date")
        )
        return PersonRecord(
            cpr=row.cpr,
            first_name=row.first_name,
            middle_name=row.middle_name,
            last_name=row.last_name,
            birth_date=row.birth_date,
            sex=row.sex,
            address=address_record(row.address),
            name_address_protected=row.name_address_protected,
            marital_status=row.marital_status,
            gp=clinic_record(row.gp_clinic) if row.gp_clinic else None,
            insurance_group=row.insurance_group,
            moved_in=row.moved_in,
            household=household,
            relations=relations,
            insurance_group_since=row.insurance_group_since,
        )

    def search_persons(self, text: str, limit: int = 20) -> list[PersonRecord]:
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__istartswith=word)
                | Q(last_name__istartswith=word)
                | Q(cpr__startswith=word.replace("-", ""))
            )
        cprs = models.Person.objects.filter(query).order_by("last_name", "first_name")
        records = (self.get_person(cpr) for cpr in cprs.values_list("cpr", flat=True)[:limit])
        return [record for record in records if record is not None]

    # -- address register ------------------------------------------------
    def search_addresses(self, text: str, limit: int = 10) -> list[AddressRecord]:
        """Autocomplete: street prefix, then optional house number and postcode."""
        words = text.replace(",", " ").split()
        if not words:
            return []
        street_words: list[str] = []
        number = postcode = None
        for word in words:
            if postcode is None and word.isdigit() and len(word) == 4 and street_words:
                postcode = word
            elif number is None and _HOUSE_NUMBER.match(word) and street_words:
                number = word
            elif number is None:
                street_words.append(word)
        qs = models.Address.objects.all()
        if street_words:
            qs = qs.filter(street__istartswith=" ".join(street_words))
        if number:
            qs = qs.filter(house_number__istartswith=number)
        if postcode:
            qs = qs.filter(postcode=postcode)
        rows = qs.order_by("street", "postcode", "house_number", "floor", "door")[:limit]
        return [address_record(row) for row in rows]

    def get_address(self, address_id: str) -> AddressRecord | None:
        row = models.Address.objects.filter(pk=address_id).first()
        return address_record(row) if row else None

    # -- business register -----------------------------------------------
    def _business(self, row: models.Business) -> BusinessRecord:
        return BusinessRecord(
            cvr=row.cvr,
            name=row.name,
            company_form=row.company_form,
            address=f"{row.street} {row.house_number}, {row.postcode} {row.city}",
            industry=row.industry,
            founded=row.founded,
            production_units=tuple(
                ProductionUnitRecord(
                    p_number=unit.p_number,
                    name=unit.name,
                    address=f"{unit.street} {unit.house_number}, {unit.postcode} {unit.city}",
                )
                for unit in row.production_units.order_by("p_number")
            ),
            owner_cprs=tuple(row.owners.order_by("cpr").values_list("cpr", flat=True)),
        )

    def get_business(self, cvr: str) -> BusinessRecord | None:
        row = models.Business.objects.filter(cvr=cvr.strip()).first()
        return self._business(row) if row else None

    def businesses_of(self, cpr: str) -> list[BusinessRecord]:
        rows = models.Business.objects.filter(owners__cpr=cpr).order_by("name")
        return [self._business(row) for row in rows]

    # -- GP register -----------------------------------------------------
    def get_clinic(self, clinic_id: str) -> ClinicRecord | None:
        row = models.Clinic.objects.filter(pk=clinic_id).first()
        return clinic_record(row) if row else None

    def clinics(self) -> list[ClinicRecord]:
        return [clinic_record(row) for row in models.Clinic.objects.order_by("name")]

    def record_gp_change(self, cpr: str, clinic_id: str | None, insurance_group: int) -> None:
        row = models.Person.objects.select_for_update().get(cpr=cpr)
        if row.insurance_group != insurance_group:
            row.insurance_group = insurance_group
            row.insurance_group_since = dt.date.today()
        row.gp_clinic_id = clinic_id
        row.save(update_fields=["insurance_group", "insurance_group_since", "gp_clinic"])

    # -- income register ---------------------------------------------------
    def get_finances(self, cpr: str) -> FinancesRecord | None:
        row = models.Person.objects.filter(cpr=cpr.replace("-", "").strip()).first()
        if row is None:
            return None
        return FinancesRecord(
            cpr=row.cpr,
            incomes=tuple(
                IncomeRecord(kind=i.kind, monthly=i.monthly, payer=i.payer)
                for i in row.incomes.order_by("-monthly", "kind")
            ),
            assets=tuple(
                AssetRecord(kind=a.kind, value=a.value)
                for a in row.assets.order_by("-value", "kind")
            ),
        )
