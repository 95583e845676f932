"""The municipality's KLE map for administrators: which administration and
team handle each KLE main group, group or topic (``core.municipality``).
Routing reads the map at once after a change; a retrain (``indgang route
train``) relabels the training examples by it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.core import municipality as municipalities
from indgang.core.forms import DesignSystemForm
from indgang.core.models import Municipality, Team
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role


class MapEntryForm(DesignSystemForm):
    kle = forms.CharField(
        label=gettext_lazy("KLE number"),
        max_length=8,
        help_text=gettext_lazy("A main group (27), a group (27.36) or a topic (27.36.04)."),
    )
    administration = forms.ChoiceField(label=gettext_lazy("Administration"))
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        administrations = list(municipality.administrations.order_by("name"))
        choose_administration = cast(forms.ChoiceField, self.fields["administration"])
        choose_administration.choices = [(a.code, a.name) for a in administrations]
        teams = Team.objects.filter(administration__in=administrations).select_related(
            "administration"
        )
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("The administration decides"))
        ] + [
            (f"{t.administration_id}/{t.slug}", f"{t.administration.name}: {t.name}")
            for t in teams.order_by("administration__name", "name")
        ]

    def clean_kle(self) -> str:
        number: str = self.cleaned_data["kle"].strip()
        if not municipalities.known_number(number):
            raise forms.ValidationError(
                _("Write a KLE number that exists, as 27, 27.36 or 27.36.04.")
            )
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        administration, team = data.get("administration"), data.get("team") or ""
        if team and administration and not team.startswith(f"{administration}/"):
            self.add_error("team", _("The team must belong to the administration."))
        return data


@login_required
def kle_map(request: HttpRequest) -> HttpResponse:
    """View and edit the active municipality's KLE map (administrators only)."""
    if not has_role(request.user, StaffRole.ADMINISTRATOR):
        raise PermissionDenied(_("Only administrators edit the KLE map."))
    active = municipalities.ensure_default()
    form = MapEntryForm(municipality=active)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "remove":
        number = request.POST.get("kle", "")
        if municipalities.remove_entry(active, number):
            messages.success(request, _("%(kle)s is removed from the KLE map.") % {"kle": number})
        return redirect(reverse("cases:kle-map") + "#map-heading")
    if request.method == "POST":
        form = MapEntryForm(request.POST, municipality=active)
        if form.is_valid():
            data = form.cleaned_data
            team = data["team"].partition("/")[2] or None
            municipalities.set_entry(active, data["kle"], data["administration"], team)
            messages.success(request, _("%(kle)s is saved in the KLE map.") % {"kle": data["kle"]})
            return redirect(reverse("cases:kle-map") + "#map-heading")
        status = 400
    names = dict(active.administrations.values_list("code", "name"))
    rows = [
        {
            "kle": entry.kle,
            "title": municipalities.entry_title(entry.kle),
            "administration": names.get(entry.administration_id, entry.administration_id),
            "team": entry.team.name if entry.team else "",
        }
        for entry in active.kle_map.select_related("team").order_by("kle")
    ]
    context = {"municipality": active, "rows": rows, "form": form}
    return render(request, "cases/kle_map.html", context, status=status)
