from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.core.cpr import clean_cpr
from indgang.core.forms import DesignSystemForm
from indgang.selfservice import engine, queries
from indgang.selfservice.models import AssistConsent


def _services() -> list[tuple[str, str]]:
    return [(d.slug, engine.text(d.definition["title"])) for d in queries.services()]


class AssistConsentForm(DesignSystemForm):
    """Front desk or caseworker records the citizen's consent to be helped."""

    cpr = forms.CharField(label=_("The citizen's CPR number"), max_length=11)
    service = forms.ChoiceField(label=_("Self-service"), choices=_services)
    place = forms.ChoiceField(
        label=_("Where are you helping?"), choices=AssistConsent.Place.choices
    )
    valid_days = forms.TypedChoiceField(
        label=_("The consent is valid for"),
        coerce=int,
        choices=[(1, _("today")), (7, _("7 days")), (30, _("30 days"))],
        help_text=_("The citizen can finish the form at home within this time."),
    )
    consent = forms.BooleanField(
        label=_(
            "The citizen has agreed that I fill in this self-service in their name "
            "and see the data it shows."
        )
    )

    def clean_cpr(self) -> str:
        return clean_cpr(self.cleaned_data["cpr"])
