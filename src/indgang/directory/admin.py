"""Editors keep the directory in the admin; Django's admin log is the change
history ("Historik" on each entry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indgang.directory import services
from indgang.directory.models import ContactPoint, OpeningHoursException, OrganisationUnit
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile


class EditorPermissions:
    """Editors edit their own administration's entries; superusers all."""

    def _editor(self, request: HttpRequest) -> bool:
        return request.user.is_active and has_role(request.user, StaffRole.EDITOR)

    def _owns(self, request: HttpRequest, obj: Model | None) -> bool:
        if request.user.is_superuser:
            return True
        if not self._editor(request):
            return False
        if obj is None:
            return True
        profile = staff_profile(request.user)
        unit = obj if isinstance(obj, OrganisationUnit) else getattr(obj, "unit", None)
        return (
            profile is not None
            and unit is not None
            and (unit.administration_id == profile.administration_id)
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser or self._editor(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._owns(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._owns(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._owns(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._owns(request, obj)


class ContactPointInline(EditorPermissions, admin.TabularInline[ContactPoint, OrganisationUnit]):
    model = ContactPoint
    extra = 0


class ExceptionInline(
    EditorPermissions, admin.TabularInline[OpeningHoursException, OrganisationUnit]
):
    model = OpeningHoursException
    extra = 0


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(EditorPermissions, admin.ModelAdmin[OrganisationUnit]):
    list_display = ["name", "kind", "administration", "owner", "last_verified"]
    list_filter = ["administration", "kind"]
    search_fields = ["name", "street"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    raw_id_fields = ["owner"]
    inlines = [ContactPointInline, ExceptionInline]
    actions = ["mark_verified"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrganisationUnit]:
        found = super().get_queryset(request).select_related("administration", "owner")
        if request.user.is_superuser:
            return found
        profile = staff_profile(request.user)
        if profile is None:
            return found.none()
        return found.filter(administration_id=profile.administration_id)

    @admin.action(description=_("Mark as verified today"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[OrganisationUnit]) -> None:
        for unit in queryset:
            services.mark_verified(unit, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, _("Marked as verified."), messages.SUCCESS)
