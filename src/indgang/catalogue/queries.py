"""Public reads of the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from indgang.catalogue import search as text_search
from indgang.catalogue import vocabulary
from indgang.catalogue.models import LifeSituation, Service
from indgang.core.memo import Memo


def services() -> QuerySet[Service]:
    return Service.objects.select_related("administration", "team").prefetch_related(
        "channels", "faqs", "life_situations"
    )


def service(slug: str) -> Service | None:
    return services().filter(slug=slug).first()


def life_situations() -> QuerySet[LifeSituation]:
    return LifeSituation.objects.prefetch_related("services")


@dataclass(frozen=True)
class SearchIndex:
    """What a search reads: every service's index terms, and the lexicon they make."""

    services: list[Service]  # slug, name, summary and search_index loaded
    lexicon: frozenset[str]


def _search_index() -> SearchIndex:
    rows = list(Service.objects.only("slug", "name", "summary", "search_index").order_by("pk"))
    lexicon = text_search.seed_lexicon() | {term for s in rows for term in s.search_index}
    return SearchIndex(rows, frozenset(lexicon))


# Read by every search; rebuilt when a service changes (services.reindex saves it).
search_index = Memo("catalogue.search", _search_index)
search_index.watch(Service)


def life_situation_list() -> list[LifeSituation]:
    """Every life situation (slug and name), for the service index page."""
    return _life_situations.get()


_life_situations = Memo("catalogue.life-situations", lambda: list(LifeSituation.objects.all()))
_life_situations.watch(LifeSituation)


def search(query: str, limit: int = 20) -> list[Service]:
    """Services best matching a Danish query; most query words matched first.

    The services come with slug, name and summary loaded (what a result list
    shows); other fields are read from the database when asked for."""
    index = search_index.get()
    wanted = text_search.terms(query, index.lexicon)
    if not wanted:
        return []
    ranked = [(text_search.score(wanted, s.search_index), s.name, s) for s in index.services]
    ranked = [r for r in ranked if r[0][0] > 0]
    ranked.sort(key=lambda r: (-r[0][0], -r[0][1], r[1]))
    return [s for _score, _name, s in ranked[:limit]]


# The service vocabulary ---------------------------------------------------------
#
# A service slug can name a catalogue service, a case topic, a self-service
# form or a bookable service. The apps that own the last three are downstream
# of the catalogue, so they add a source in their ``ready()``; the catalogue
# answers for all of them.


@dataclass(frozen=True)
class KnownService:
    slug: str
    name: str
    administration: str = ""  # the owning administration's code ('' when unknown)
    team_id: int | None = None


Source = Callable[[], Iterable[KnownService]]
_owners: list[Source] = []  # sources that say who owns a service (case topics)
_names: list[Source] = []  # sources that only name services (forms, bookable services)


def add_source(source: Source, *, owners: bool = False) -> None:
    """Let an app's services be named (and, with ``owners``, owned) here."""
    found = _owners if owners else _names
    if source not in found:
        found.append(source)


def _catalogue_entries(slug: str = "") -> Iterator[KnownService]:
    # In the order the catalogue got them: its first, everyday services (pas,
    # lægeskift, flytning) come before the long tail, so the front desk's
    # buttons without any contact history yet are the everyday ones.
    rows = Service.objects.filter(slug=slug) if slug else Service.objects.order_by("pk")
    for found, name, administration, team_id in rows.values_list(
        "slug", "name", "administration_id", "team_id"
    ):
        yield KnownService(found, name, administration or "", team_id)


def _topics() -> dict[str, KnownService]:
    return {entry.slug: entry for source in _owners for entry in source()}


def _owned() -> dict[str, KnownService]:
    """Case topics and catalogue services, by slug (the catalogue wins)."""
    return _topics() | {entry.slug: entry for entry in _catalogue_entries()}


def known_services() -> dict[str, KnownService]:
    """Every service slug Indgang knows, with its name (and owners where known)."""
    known: dict[str, KnownService] = {}
    for source in _names:
        for entry in source():
            known.setdefault(entry.slug, entry)
    known.update(_owned())
    return known


def service_names(slugs: Iterable[str] | None = None) -> dict[str, str]:
    """Display names by slug (all known ones without ``slugs``). An unknown
    slug keeps its slug; no slug at all is "No service"."""
    known = known_services()
    if slugs is None:
        return {slug: entry.name for slug, entry in known.items()}
    return {
        slug: (known[slug].name if slug in known else slug or gettext("No service"))
        for slug in slugs
    }


def home_of(service: str) -> tuple[str | None, int | None]:
    """The administration and team that own a service, or else the case topic
    it belongs to (``vocabulary.topic_of``), if known."""
    if not service:
        return None, None
    found = next(_catalogue_entries(service), None)
    if found is None:
        found = _topics().get(vocabulary.topic_of(service))
    if found is None:
        return None, None
    return found.administration or None, found.team_id


def services_of(administration: str, team_id: int | None = None) -> list[str]:
    """Slugs of the catalogue services, then the case topics, that an
    administration (or one of its teams) owns."""
    catalogue = list(_catalogue_entries())
    topics = [entry for source in _owners for entry in source()]
    return [
        entry.slug
        for entry in catalogue + topics
        if entry.administration == administration and (not team_id or entry.team_id == team_id)
    ]
