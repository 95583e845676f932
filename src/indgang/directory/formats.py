"""schema.org JSON-LD and vCard for a unit, built from the directory."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from indgang.directory.constants import ContactKind
from indgang.directory.models import OrganisationUnit

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(unit: OrganisationUnit, url: str, days: int = 14) -> dict[str, Any]:
    """A GovernmentOffice with dated opening hours for the coming ``days``."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOffice",
        "name": unit.name,
        "url": url,
        "parentOrganization": {"@type": "GovernmentOrganization", "name": str(unit.administration)},
    }
    if unit.street:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": unit.street,
            "postalCode": unit.postcode,
            "addressLocality": unit.city,
            "addressCountry": "DK",
        }
    if unit.latitude is not None and unit.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(unit.latitude),
            "longitude": float(unit.longitude),
        }
    for point in unit.contact_points.all():
        if point.kind == ContactKind.PHONE and "telephone" not in data:
            data["telephone"] = point.value
        elif point.kind == ContactKind.EMAIL and "email" not in data:
            data["email"] = point.value
    specs = []
    for day in unit.schedule().week(timezone.localdate(), days):
        base = {
            "@type": "OpeningHoursSpecification",
            "validFrom": day.day.isoformat(),
            "validThrough": day.day.isoformat(),
        }
        if not day.intervals:
            # schema.org's way to say "closed": opens and closes at midnight.
            specs.append({**base, "opens": "00:00", "closes": "00:00"})
        for start, end in day.intervals:
            closes = "23:59" if end.date() > day.day else f"{end:%H:%M}"
            specs.append({**base, "opens": f"{start:%H:%M}", "closes": closes})
    data["openingHoursSpecification"] = specs
    return data


def json_ld_script_body(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard(unit: OrganisationUnit, url: str, now: dt.datetime | None = None) -> str:
    """A vCard 3.0 (RFC 2426) with the unit's address and contact points."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(unit.name)}",
        f"ORG:Københavns Kommune;{_escape(str(unit.administration))}",
        "KIND:org",
    ]
    if unit.street:
        lines.append(
            f"ADR;TYPE=WORK:;;{_escape(unit.street)};{_escape(unit.city)};;{unit.postcode};Danmark"
        )
    if unit.latitude is not None and unit.longitude is not None:
        lines.append(f"GEO:{unit.latitude};{unit.longitude}")
    for point in unit.contact_points.all():
        if point.kind == ContactKind.PHONE:
            lines.append(f"TEL;TYPE=WORK,VOICE:{point.value}")
        elif point.kind == ContactKind.EMAIL:
            lines.append(f"EMAIL;TYPE=INTERNET:{point.value}")
    lines.append(f"URL:{url}")
    lines.append(f"REV:{(now or timezone.now()):%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
