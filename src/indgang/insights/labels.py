"""Display names for the codes in the rollup (services, administrations, channels)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from indgang.catalogue import queries as catalogue
from indgang.contacts.constants import Channel
from indgang.core.models import Administration
from indgang.insights.models import SurveySource


def service_names(slugs: Iterable[str]) -> dict[str, str]:
    return catalogue.service_names(slugs)


def service_name(slug: str) -> str:
    return service_names([slug])[slug]


def service_administration(slug: str) -> str:
    """The administration that owns a service ('' when unknown)."""
    found = catalogue.known_services().get(slug)
    return found.administration if found is not None else ""


def services_of(administration: str) -> list[str]:
    return sorted(
        s
        for s, known in catalogue.known_services().items()
        if known.administration == administration
    )


def all_services() -> list[tuple[str, str]]:
    """(slug, name) of every known service, by name."""
    known = catalogue.known_services()
    return sorted(((s, k.name) for s, k in known.items()), key=lambda p: p[1])


def administration_names() -> dict[str, str]:
    return dict(Administration.objects.values_list("code", "name"))


def channel_label(code: str) -> str:
    try:
        return str(Channel(code).label)
    except ValueError:
        return code


def channel_pair(earlier: str, channel: str) -> str:
    first = channel_label(earlier) if earlier else gettext("Earlier case")
    return f"{first} → {channel_label(channel)}"


def survey_source(code: str) -> str:
    try:
        return str(SurveySource(code).label)
    except ValueError:
        return code
