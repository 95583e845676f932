"""Display names for the codes in the rollup (services, administrations, channels)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from indgang.cases import queries as cases
from indgang.catalogue import queries as catalogue
from indgang.contacts.constants import Channel
from indgang.core.models import Administration
from indgang.insights.models import SurveySource


def _known_services() -> dict[str, tuple[str, str]]:
    """slug → (name, administration code), from case topics and the catalogue
    (the catalogue wins where both name a slug)."""
    known: dict[str, tuple[str, str]] = {}
    for slug, name, administration in cases.topics().values_list(
        "slug", "name", "administration_id"
    ):
        known[slug] = (name, administration or "")
    for slug, name, administration in catalogue.services().values_list(
        "slug", "name", "administration_id"
    ):
        known[slug] = (name, administration or "")
    return known


def service_names(slugs: Iterable[str]) -> dict[str, str]:
    known = _known_services()
    return {
        slug: (known[slug][0] if slug in known else slug or gettext("No service")) for slug in slugs
    }


def service_name(slug: str) -> str:
    return service_names([slug])[slug]


def service_administration(slug: str) -> str:
    """The administration that owns a service ('' when unknown)."""
    return _known_services().get(slug, ("", ""))[1]


def services_of(administration: str) -> list[str]:
    return sorted(s for s, (_n, a) in _known_services().items() if a == administration)


def all_services() -> list[tuple[str, str]]:
    """(slug, name) of every known service, by name."""
    return sorted(((s, n) for s, (n, _a) in _known_services().items()), key=lambda p: p[1])


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
