from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from indgang.selfservice import engine
from indgang.selfservice.models import ServiceDefinition


class ServiceDefinitionForm(forms.ModelForm[ServiceDefinition]):
    class Meta:
        model = ServiceDefinition
        fields = ["slug", "definition", "active"]

    def clean_definition(self) -> Any:
        definition = self.cleaned_data["definition"]
        problems = engine.problems({"slug": self.cleaned_data.get("slug", ""), **definition})
        if problems:
            raise forms.ValidationError("; ".join(problems))
        return definition


@admin.register(ServiceDefinition)
class ServiceDefinitionAdmin(admin.ModelAdmin[ServiceDefinition]):
    """Editors change a service by adding a new version (or importing JSON);
    a saved version is never edited in place, because drafts and submissions
    refer to it. Only ``active`` can be switched off."""

    form = ServiceDefinitionForm
    list_display = ["slug", "version", "active", "created_at"]
    list_filter = ["slug", "active"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ServiceDefinition | None = None
    ) -> list[str]:
        return ["slug", "version", "definition"] if obj else []

    def save_model(
        self, request: HttpRequest, obj: ServiceDefinition, form: Any, change: bool
    ) -> None:
        if not change:
            newest = ServiceDefinition.objects.filter(slug=obj.slug).order_by("-version").first()
            obj.version = newest.version + 1 if newest else 1
            # Stored like an import, so re-importing the same JSON adds no version.
            body = {k: v for k, v in obj.definition.items() if k not in ("slug", "version")}
            obj.definition = {"slug": obj.slug, **body}
        super().save_model(request, obj, form, change)
