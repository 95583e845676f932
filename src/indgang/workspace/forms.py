from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.cases.constants import CaseState


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Case number, citizen or words"),
        required=False,
        max_length=200,
        help_text=_("A search by CPR number is recorded, and the citizen can see it."),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *CaseState.choices]
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Only overdue cases"), required=False)

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Any team")), *teams]  # type: ignore[attr-defined]
