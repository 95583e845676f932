from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from indgang.catalogue import services
from indgang.catalogue.models import ChannelPriority, Faq, LifeSituation, Service
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile


def _administration_of(obj: Any) -> str | None:
    service = obj if isinstance(obj, Service) else getattr(obj, "service", None)
    return service.administration_id if service is not None else None


class EditorPermissions:
    """Editors edit their own administration's services; superusers all."""

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        if request.user.is_superuser:
            return True
        if not (request.user.is_active and has_role(request.user, StaffRole.EDITOR)):
            return False
        if obj is None:
            return True
        profile = staff_profile(request.user)
        return profile is not None and _administration_of(obj) == profile.administration_id

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj)


class ChannelInline(EditorPermissions, admin.TabularInline[ChannelPriority, Service]):
    model = ChannelPriority
    extra = 0


class FaqInline(EditorPermissions, admin.StackedInline[Faq, Service]):
    model = Faq
    extra = 0


@admin.register(Service)
class ServiceAdmin(EditorPermissions, admin.ModelAdmin[Service]):
    list_display = ["name", "administration", "team"]
    list_filter = ["administration", "life_situations"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["life_situations"]
    inlines = [ChannelInline, FaqInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        found = super().get_queryset(request)
        if request.user.is_superuser:
            return found
        profile = staff_profile(request.user)
        return (
            found.filter(administration_id=profile.administration_id) if profile else found.none()
        )

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Service],
        formsets: list[BaseInlineFormSet[Any, Any, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        services.reindex(form.instance)


@admin.register(LifeSituation)
class LifeSituationAdmin(admin.ModelAdmin[LifeSituation]):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}
