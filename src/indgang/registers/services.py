"""Writes to the registers: loading the synthetic population, recording a change of GP."""

from __future__ import annotations

from django.db import transaction

from indgang.registers import models
from indgang.registers.registry import gp_register
from indgang.registers.synthetic import Population

BATCH = 2000


@transaction.atomic
def load_population(population: Population) -> dict[str, int]:
    """Replace the embedded registers' contents with ``population``."""
    models.Relation.objects.all().delete()
    models.ProductionUnit.objects.all().delete()
    models.Business.objects.all().delete()
    models.Person.objects.all().delete()
    models.Clinic.objects.all().delete()
    models.Address.objects.all().delete()

    models.Address.objects.bulk_create(
        (
            models.Address(
                id=a.id,
                street=a.street,
                house_number=a.house_number,
                floor=a.floor or "",
                door=a.door or "",
                postcode=a.postcode,
                city=a.city,
                municipality_code=a.municipality_code,
                lat=a.lat,
                lon=a.lon,
            )
            for a in population.addresses
        ),
        batch_size=BATCH,
    )
    models.Clinic.objects.bulk_create(
        (
            models.Clinic(
                id=c.id,
                name=c.name,
                doctors=list(c.doctors),
                street=c.street,
                house_number=c.house_number,
                postcode=c.postcode,
                city=c.city,
                lat=c.lat,
                lon=c.lon,
                phone=c.phone,
                accepts_new_patients=c.accepts_new_patients,
                capacity=c.capacity,
            )
            for c in population.clinics
        ),
        batch_size=BATCH,
    )
    models.Person.objects.bulk_create(
        (
            models.Person(
                cpr=p.cpr,
                first_name=p.first_name,
                middle_name=p.middle_name,
                last_name=p.last_name,
                birth_date=p.birth_date,
                sex=p.sex,
                address_id=p.address_id,
                household_id=p.household_id,
                gp_clinic_id=p.gp_clinic_id,
                insurance_group=p.insurance_group,
                name_address_protected=p.name_address_protected,
                marital_status=p.marital_status,
                moved_in=p.moved_in,
                citizenship=p.citizenship,
            )
            for p in population.persons
        ),
        batch_size=BATCH,
    )
    person_ids = dict(models.Person.objects.values_list("cpr", "id"))
    models.Relation.objects.bulk_create(
        (
            models.Relation(
                from_person_id=person_ids[r.from_cpr],
                to_person_id=person_ids[r.to_cpr],
                kind=r.kind,
                custody=r.custody,
            )
            for r in population.relations
        ),
        batch_size=BATCH,
    )
    models.Business.objects.bulk_create(
        (
            models.Business(
                cvr=b.cvr,
                name=b.name,
                company_form=b.company_form,
                street=b.street,
                house_number=b.house_number,
                postcode=b.postcode,
                city=b.city,
                industry=b.industry,
                founded=b.founded,
            )
            for b in population.businesses
        ),
        batch_size=BATCH,
    )
    business_ids = dict(models.Business.objects.values_list("cvr", "id"))
    models.ProductionUnit.objects.bulk_create(
        (
            models.ProductionUnit(
                p_number=u.p_number,
                business_id=business_ids[b.cvr],
                name=u.name,
                street=u.street,
                house_number=u.house_number,
                postcode=u.postcode,
                city=u.city,
            )
            for b in population.businesses
            for u in b.production_units
        ),
        batch_size=BATCH,
    )
    models.Income.objects.bulk_create(
        (
            models.Income(
                person_id=person_ids[i.cpr], kind=i.kind, monthly=i.monthly, payer=i.payer
            )
            for i in population.incomes
        ),
        batch_size=BATCH,
    )
    models.Asset.objects.bulk_create(
        (
            models.Asset(person_id=person_ids[a.cpr], kind=a.kind, value=a.value)
            for a in population.assets
        ),
        batch_size=BATCH,
    )
    owners = models.Business.owners.through
    owners.objects.bulk_create(
        (
            owners(business_id=business_ids[b.cvr], person_id=person_ids[cpr])
            for b in population.businesses
            for cpr in b.owners
        ),
        batch_size=BATCH,
    )
    return population.summary()


@transaction.atomic
def change_gp(cpr: str, *, clinic_id: str | None, insurance_group: int) -> None:
    """Record a citizen's new GP clinic and health insurance group.

    Idempotent: recording the same change twice leaves the register as after once.
    Group 2 has no GP (``clinic_id=None``).
    """
    if insurance_group not in (1, 2):
        raise ValueError("insurance group must be 1 or 2")
    if insurance_group == 1 and not clinic_id:
        raise ValueError("insurance group 1 needs a GP clinic")
    gp_register().record_gp_change(
        cpr, clinic_id if insurance_group == 1 else None, insurance_group
    )
