"""Shared helpers for the self-service tests."""

from __future__ import annotations

import re

from django.test import Client

from indgang.registers import models as register_models
from indgang.registers.synthetic import distance_km


def start(client: Client, slug: str = "laegeskift") -> str:
    """Start a service; returns the first step's URL."""
    response = client.post(f"/selvbetjening/{slug}/")
    assert response.status_code == 302, response.content
    return str(response["Location"])


def draft_id(url: str) -> str:
    match = re.search(r"/kladde/([0-9a-f-]{36})/", url)
    assert match, url
    return match.group(1)


def near_clinics(
    cpr: str, limit_km: float = 5.0, open_only: bool = True
) -> list[tuple[float, register_models.Clinic]]:
    """Clinics within ``limit_km`` of the person's home, nearest first, except their own."""
    person = register_models.Person.objects.select_related("address").get(cpr=cpr)
    rows = [
        (distance_km(person.address.lat, person.address.lon, c.lat, c.lon), c)
        for c in register_models.Clinic.objects.exclude(pk=person.gp_clinic_id)
        if c.accepts_new_patients or not open_only
    ]
    return sorted([r for r in rows if r[0] <= limit_km], key=lambda r: r[0])
