"""Public writes to the catalogue."""

from __future__ import annotations

from django.db import transaction

from indgang.catalogue import search
from indgang.catalogue.models import Service

NAME, KEYWORDS, TEXT = 3, 2, 1


@transaction.atomic
def reindex(service: Service) -> Service:
    """Rebuild a service's search terms from its name, search words, texts and FAQ."""
    faq = [f"{f.question} {f.answer}" for f in service.faqs.all()]
    fields = [
        (service.name, NAME),
        (service.name_en, NAME),
        (f"{service.keywords} {service.keywords_en}", KEYWORDS),
        (" ".join([service.summary, service.who_can_get, service.what_you_need, *faq]), TEXT),
    ]
    lexicon = search.lexicon_for(text for text, _weight in fields)
    index: dict[str, int] = {}
    for text, weight in fields:
        for term in search.terms(text, lexicon):
            index[term] = max(index.get(term, 0), weight)
    service.search_index = index
    service.save(update_fields=["search_index"])
    return service
