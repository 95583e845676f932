from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from indgang.catalogue import queries


def service_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "catalogue/index.html",
        {
            "query": query,
            "results": queries.search(query) if query else None,
            "life_situations": queries.life_situation_list(),
        },
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = queries.service(slug)
    if service is None:
        raise Http404
    lang = "en" if (get_language() or "da").startswith("en") else "da"
    texts = {
        field: service.text(field, lang)
        for field in ("name", "summary", "who_can_get", "what_you_need", "fees")
    }
    return render(request, "catalogue/service.html", {"service": service, "texts": texts})


def life_situation(request: HttpRequest, slug: str) -> HttpResponse:
    situation = queries.life_situations().filter(slug=slug).first()
    if situation is None:
        raise Http404
    return render(request, "catalogue/life_situation.html", {"situation": situation})
