from __future__ import annotations

import datetime as dt

import factory

from indgang.core.constants import AdministrationCode
from indgang.core.models import Administration
from indgang.directory.constants import ContactKind, UnitKind
from indgang.directory.models import ContactPoint, OpeningHoursException, OrganisationUnit


class UnitFactory(factory.django.DjangoModelFactory[OrganisationUnit]):
    class Meta:
        model = OrganisationUnit

    # get_or_create: a transactional test elsewhere may have flushed the reference data.
    administration = factory.LazyAttribute(
        lambda o: Administration.objects.get_or_create(
            code=o.admin_code, defaults={"name": AdministrationCode(o.admin_code).label}
        )[0]
    )
    kind = UnitKind.CITIZEN_SERVICE_CENTRE
    name = factory.Sequence(lambda n: f"Borgerservice Testby {n}")
    slug = factory.Sequence(lambda n: f"borgerservice-testby-{n}")
    street = "Krystalgade 15"
    postcode = "1172"
    city = "København K"
    latitude = "55.681400"
    longitude = "12.573900"
    opening_hours = "Mo-We,Fr 10:00-15:00; Th 10:00-17:30"
    last_verified = factory.LazyFunction(dt.date.today)

    class Params:
        admin_code = "kff"
        stale = factory.Trait(last_verified=dt.date(2020, 1, 1))


class ContactPointFactory(factory.django.DjangoModelFactory[ContactPoint]):
    class Meta:
        model = ContactPoint

    unit = factory.SubFactory(UnitFactory)
    kind = ContactKind.PHONE
    value = "33 66 33 66"
    hours = "Mo-Fr 09:00-15:00"


class ExceptionFactory(factory.django.DjangoModelFactory[OpeningHoursException]):
    class Meta:
        model = OpeningHoursException

    unit = factory.SubFactory(UnitFactory)
    date = dt.date(2026, 12, 24)
    hours = ""
    reason = "Juleaftensdag"
