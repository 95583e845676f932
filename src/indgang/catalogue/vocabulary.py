"""The service vocabulary: which slugs are one matter, and how the other
apps' names for a service map to the catalogue's slugs.

Plain data, no database; ``catalogue.queries`` answers the questions that
need it (a service's name, its owners). Every app asks here instead of
keeping its own table.
"""

from __future__ import annotations

from django.utils.text import slugify

# Catalogue services (and self-service forms) that share a case topic: a
# contact about one is a re-contact about the others (lægeskift and
# sundhedskort are one matter).
SERVICE_TOPICS: dict[str, str] = {
    "laegeskift": "sundhedskort-laege",
    "sundhedskort": "sundhedskort-laege",
    "pas": "pas-koerekort",
    "koerekort": "pas-koerekort",
    "flytning": "flytning-cpr",
    "navnebeskyttelse": "flytning-cpr",
    "vuggestue": "pladsanvisning",
    "skoleindskrivning": "skole",
    "beboerlicens": "parkering",
    "hjemmehjaelp": "hjemmepleje",
    "folkepension": "ydelser",
    "kontanthjaelp": "ydelser",
    "begravelseshjaelp": "ydelser",
    "enkeltydelse": "ydelser",
    "boernetilskud": "opkraevning",
}

# The self-service forms whose submissions are filed under their topic; any
# other form's case is routed by its text.
SELFSERVICE_TOPICS: dict[str, str] = {
    slug: SERVICE_TOPICS[slug] for slug in ("laegeskift", "sundhedskort", "enkeltydelse")
}

# Bookable services at the citizen-service centres (by name) → service slugs.
BOOKING_SERVICES: dict[str, str] = {
    "pas": "pas",
    "kørekort": "koerekort",
    "sundhedskort og lægeskift": "laegeskift",
    "flytning og folkeregister": "flytning",
}


def topic_of(service: str) -> str:
    """The matter a service belongs to: lægeskift and sundhedskort are one."""
    return SERVICE_TOPICS.get(service, service)


def service_family(service: str) -> set[str]:
    """Every service slug (and the case topic slug) that is the same matter."""
    topic = topic_of(service)
    return {service, topic} | {slug for slug, t in SERVICE_TOPICS.items() if t == topic}


def selfservice_topic(service: str) -> str | None:
    """The topic a self-service's submissions become cases under (None: route by text)."""
    return SELFSERVICE_TOPICS.get(service)


def slug_for(name: str) -> str:
    """The service slug for a name from elsewhere (a bookable service, an
    imported file's service column): the known ones by table, the rest
    transliterated ("Hjemmehjælp" → "hjemmehjaelp")."""
    name = name.strip().lower()
    if name in BOOKING_SERVICES:
        return BOOKING_SERVICES[name]
    for danish, latin in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        name = name.replace(danish, latin)
    return slugify(name)[:80]
