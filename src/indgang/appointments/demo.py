"""Demo bookable services at the citizen-service centres."""

from __future__ import annotations

from django.db import transaction

from indgang.appointments.models import BookableService
from indgang.directory import queries as directory

SERVICES: list[tuple[str, int, int, str]] = [
    ("Pas", 15, 3, "Dit gamle pas (hvis du har et), og sygesikringskort eller anden legitimation."),
    ("Kørekort", 15, 2, "Dit gamle kørekort, lægeattest hvis du skal have en, og et nyt foto."),
    ("Sundhedskort og lægeskift", 10, 2, "Legitimation med billede."),
    ("Flytning og folkeregister", 20, 1, "Lejekontrakt eller skøde, og legitimation."),
]


@transaction.atomic
def load_services() -> int:
    count = 0
    for unit in directory.citizen_service_centres():
        for name, minutes, desks, documents in SERVICES:
            BookableService.objects.update_or_create(
                unit=unit,
                name=name,
                defaults={"duration_minutes": minutes, "desks": desks, "documents": documents},
            )
            count += 1
    return count
