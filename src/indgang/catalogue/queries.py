"""Public reads of the catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from indgang.catalogue import search as text_search
from indgang.catalogue.models import LifeSituation, Service


def services() -> QuerySet[Service]:
    return Service.objects.select_related("administration", "team").prefetch_related(
        "channels", "faqs", "life_situations"
    )


def service(slug: str) -> Service | None:
    return services().filter(slug=slug).first()


def life_situations() -> QuerySet[LifeSituation]:
    return LifeSituation.objects.prefetch_related("services")


def search(query: str, limit: int = 20) -> list[Service]:
    """Services best matching a Danish query; most query words matched first."""
    candidates = list(services())
    lexicon = text_search.seed_lexicon() | {term for s in candidates for term in s.search_index}
    wanted = text_search.terms(query, frozenset(lexicon))
    if not wanted:
        return []
    ranked = [(text_search.score(wanted, s.search_index), s.name, s) for s in candidates]
    ranked = [r for r in ranked if r[0][0] > 0]
    ranked.sort(key=lambda r: (-r[0][0], -r[0][1], r[1]))
    return [s for _score, _name, s in ranked[:limit]]
