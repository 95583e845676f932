"""A few Danish reply templates per administration for the demo (idempotent)."""

from __future__ import annotations

from indgang.core.models import Administration
from indgang.messaging.models import ReplyTemplate

DEMO_TEMPLATES = (
    (
        "Tak for din henvendelse",
        "Kære {name}\n\nTak for din henvendelse. Vi har modtaget den og behandler den nu "
        "under sagsnummer {reference}. Du hører fra os, så snart vi ved mere.\n\n"
        "Venlig hilsen\n{caseworker}",
    ),
    (
        "Vi mangler oplysninger",
        "Kære {name}\n\nFor at kunne behandle din sag ({reference}) mangler vi nogle "
        "oplysninger. Svar venligst på denne besked og vedhæft eventuel dokumentation.\n\n"
        "Vi venter med at behandle sagen, til vi har hørt fra dig.\n\n"
        "Venlig hilsen\n{caseworker}",
    ),
    (
        "Sagen er afsluttet",
        "Kære {name}\n\nVi har nu afsluttet din sag ({reference}). Har du spørgsmål, er du "
        "velkommen til at svare på denne besked.\n\nVenlig hilsen\n{caseworker}",
    ),
)


def load_reply_templates() -> int:
    """Create the demo templates for every administration; returns how many were new."""
    created = 0
    for administration in Administration.objects.all():
        for position, (title, body) in enumerate(DEMO_TEMPLATES):
            _template, new = ReplyTemplate.objects.get_or_create(
                administration=administration,
                title=title,
                defaults={"body": body, "position": position},
            )
            created += new
    return created
