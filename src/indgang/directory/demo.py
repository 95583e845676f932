"""Demo directory for Copenhagen: plausible departments and units under the
seven administrations. Addresses are real streets; hours are illustrative."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from indgang.directory.constants import ContactKind, UnitKind
from indgang.directory.models import ContactPoint, OpeningHoursException, OrganisationUnit

PHONE_HOURS = "Mo-We 09:00-15:00; Th 09:00-17:00; Fr 09:00-13:00"
# Indgang's own secure contact form (cases:contact).
CONTACT_FORM = "/kontakt/skriv/"
DIGITAL_POST = "https://post.borger.dk/"

DEPARTMENTS: list[tuple[str, str, str]] = [
    ("okf", "okf-koncernservice", "Koncernservice"),
    ("kff", "kff-borgerservice-biblioteker", "Borgerservice og Biblioteker"),
    ("buf", "buf-pladsanvisning", "Pladsanvisningen"),
    ("suf", "suf-sundhed-og-omsorg", "Sundhed og Omsorg"),
    ("sof", "sof-born-og-familier", "Børne- og Familieområdet"),
    ("tmf", "tmf-byens-drift", "Byens Drift"),
    ("bif", "bif-jobcenter-kobenhavn", "Jobcenter København"),
]

CENTRE_HOURS = "Mo-We,Fr 10:00-15:00; Th 10:00-17:30"
LIBRARY_HOURS = "Mo-Fr 08:00-22:00; Sa,Su 10:00-16:00"

# (administration, department slug, kind, slug, name, street, postcode, city, lat, lon, hours,
#  phone)
UNITS: list[tuple[Any, ...]] = [
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.CITIZEN_SERVICE_CENTRE,
        "borgerservice-kultorvet",
        "Borgerservice Kultorvet",
        "Krystalgade 15",
        "1172",
        "København K",
        "55.681400",
        "12.573900",
        CENTRE_HOURS,
        "33 66 33 66",
    ),
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.CITIZEN_SERVICE_CENTRE,
        "borgerservice-norrebro",
        "Borgerservice Nørrebro",
        "Bragesgade 8B",
        "2200",
        "København N",
        "55.700600",
        "12.541000",
        "Mo-We,Fr 10:00-15:00; Th 12:00-17:30",
        "33 66 33 66",
    ),
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.CITIZEN_SERVICE_CENTRE,
        "borgerservice-sundby",
        "Borgerservice Sundby",
        "Jemtelandsgade 3",
        "2300",
        "København S",
        "55.660900",
        "12.602300",
        "Mo,Tu,Th 10:00-15:00; We 12:00-17:30",
        "33 66 33 66",
    ),
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.CITIZEN_SERVICE_CENTRE,
        "borgerservice-valby",
        "Borgerservice Valby",
        "Annexstræde 2",
        "2500",
        "Valby",
        "55.662700",
        "12.515400",
        "Tu,Th 10:00-15:00; We 12:00-17:30",
        "33 66 33 66",
    ),
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.LIBRARY,
        "hovedbiblioteket",
        "Hovedbiblioteket",
        "Krystalgade 15",
        "1172",
        "København K",
        "55.681400",
        "12.573900",
        LIBRARY_HOURS,
        "33 66 30 00",
    ),
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.LIBRARY,
        "norrebro-bibliotek",
        "Nørrebro Bibliotek",
        "Bragesgade 8B",
        "2200",
        "København N",
        "55.700600",
        "12.541000",
        LIBRARY_HOURS,
        "33 66 30 00",
    ),
    (
        "kff",
        "kff-borgerservice-biblioteker",
        UnitKind.LIBRARY,
        "vesterbro-bibliotek",
        "Vesterbro Bibliotek",
        "Lyrskovgade 4",
        "1758",
        "København V",
        "55.670200",
        "12.547600",
        LIBRARY_HOURS,
        "33 66 30 00",
    ),
    (
        "bif",
        "bif-jobcenter-kobenhavn",
        UnitKind.JOB_CENTRE,
        "jobcenter-kobenhavn-centrum",
        "Jobcenter København, Centrum",
        "Kalvebod Brygge 45",
        "1560",
        "København V",
        "55.668500",
        "12.567900",
        "Mo-Th 09:00-15:00; Fr 09:00-13:00",
        "33 17 33 17",
    ),
    (
        "bif",
        "bif-jobcenter-kobenhavn",
        UnitKind.JOB_CENTRE,
        "jobcenter-kobenhavn-nord",
        "Jobcenter København, Nord",
        "Frederikssundsvej 11",
        "2400",
        "København NV",
        "55.703000",
        "12.533300",
        "Mo-Th 09:00-15:00; Fr 09:00-13:00",
        "33 17 33 17",
    ),
    (
        "tmf",
        "tmf-byens-drift",
        UnitKind.OTHER,
        "kundeservice-parkering",
        "Kundeservice Parkering",
        "Njalsgade 13",
        "2300",
        "København S",
        "55.662000",
        "12.588000",
        "Mo-Th 09:00-15:00; Fr 09:00-13:00",
        "33 66 33 20",
    ),
    (
        "buf",
        "buf-pladsanvisning",
        UnitKind.OTHER,
        "pladsanvisningen",
        "Pladsanvisningen",
        "Gyldenløvesgade 15",
        "1600",
        "København V",
        "55.678300",
        "12.562300",
        "Mo-We 09:00-15:00; Th 09:00-17:00; Fr 09:00-13:00",
        "33 17 75 00",
    ),
]


def _exceptions(year: int) -> list[tuple[dt.date, str, str]]:
    return [
        (dt.date(year, 12, 24), "", "Juleaftensdag"),
        (dt.date(year, 12, 31), "", "Nytårsaftensdag"),
        (dt.date(year, 6, 5), "10:00-12:00", "Grundlovsdag"),
    ]


@transaction.atomic
def load_directory() -> int:
    """Create or refresh the demo directory; returns the number of units."""
    today = timezone.localdate()
    departments = {}
    for admin_code, slug, name in DEPARTMENTS:
        departments[slug], _ = OrganisationUnit.objects.update_or_create(
            slug=slug,
            defaults={
                "administration_id": admin_code,
                "kind": UnitKind.DEPARTMENT,
                "name": name,
                "last_verified": today,
            },
        )
    for index, row in enumerate(UNITS):
        admin_code, parent, kind, slug, name, street, postcode, city, lat, lon, hours, phone = row
        unit, _ = OrganisationUnit.objects.update_or_create(
            slug=slug,
            defaults={
                "administration_id": admin_code,
                "parent": departments[parent],
                "kind": kind,
                "name": name,
                "street": street,
                "postcode": postcode,
                "city": city,
                "latitude": lat,
                "longitude": lon,
                "opening_hours": hours,
                # Every third entry is overdue for verification, so the list has content.
                "last_verified": today - dt.timedelta(days=250 if index % 3 == 2 else 30),
            },
        )
        unit.contact_points.all().delete()
        ContactPoint.objects.bulk_create(
            [
                ContactPoint(
                    unit=unit, kind=ContactKind.PHONE, value=phone, hours=PHONE_HOURS, position=1
                ),
                ContactPoint(
                    unit=unit, kind=ContactKind.CONTACT_FORM, value=CONTACT_FORM, position=2
                ),
                ContactPoint(
                    unit=unit, kind=ContactKind.DIGITAL_POST, value=DIGITAL_POST, position=3
                ),
            ]
        )
        for year in (today.year, today.year + 1):
            for date, exception_hours, reason in _exceptions(year):
                OpeningHoursException.objects.update_or_create(
                    unit=unit, date=date, defaults={"hours": exception_hours, "reason": reason}
                )
    return len(UNITS)
