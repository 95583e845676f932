"""Public writes to the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction

from indgang.catalogue import search
from indgang.catalogue.models import ChannelPriority, Service
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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


# Editors' changes (the staff workspace); kept in Django's admin log -------------

EDITABLE_FIELDS = (
    "summary",
    "who_can_get",
    "what_you_need",
    "fees",
    "keywords",
    "name_en",
    "summary_en",
    "who_can_get_en",
    "what_you_need_en",
    "fees_en",
    "keywords_en",
)


def may_edit(actor: User, service: Service) -> bool:
    """Editors edit their own administration's entries."""
    profile = staff_profile(actor)
    return (
        has_role(actor, StaffRole.EDITOR)
        and profile is not None
        and profile.administration_id == service.administration_id
    )


@transaction.atomic
def update_service(
    service: Service, *, actor: User, channels: list[dict[str, str]], **values: str
) -> list[str]:
    """Change the texts and the channel priority (in the order given); the
    search index follows. Returns what changed."""
    if not may_edit(actor, service):
        raise PermissionDenied("This entry belongs to another administration.")
    changed = [
        name
        for name, value in values.items()
        if name in EDITABLE_FIELDS and getattr(service, name) != value
    ]
    for name in changed:
        setattr(service, name, values[name])
    if changed:
        service.save(update_fields=changed)
    before = [(c.channel, c.reason, c.note) for c in service.channels.all()]
    after = [(c["channel"], c["reason"], c.get("note", "")) for c in channels]
    if before != after:
        service.channels.all().delete()
        ChannelPriority.objects.bulk_create(
            ChannelPriority(service=service, rank=rank, channel=channel, reason=reason, note=note)
            for rank, (channel, reason, note) in enumerate(after, start=1)
        )
        changed.append("channels")
    if changed:
        reindex(service)
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[service],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": changed}}],
            single_object=True,
        )
    return changed
