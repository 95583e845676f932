from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from indgang.core.models import Administration, AuditEntry, KleMapping, Municipality, Team


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin[Administration]):
    list_display = ["code", "name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "administration", "slug"]
    list_filter = ["administration"]


class KleMappingInline(admin.TabularInline[KleMapping, Municipality]):
    """The municipality's KLE map: which administration and team handle a
    KLE main group, group or topic (the most specific entry wins)."""

    model = KleMapping
    extra = 1
    fields = ["kle", "administration", "team"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["name", "code", "triage_administration", "active"]
    inlines = [KleMappingInline]
    filter_horizontal = ["administrations"]


@admin.register(KleMapping)
class KleMappingAdmin(admin.ModelAdmin[KleMapping]):
    list_display = ["kle", "administration", "team", "municipality"]
    list_filter = ["municipality", "administration"]
    search_fields = ["kle"]
    ordering = ["municipality", "kle"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the audit log is append-only."""

    list_display = ["at", "actor_name", "actor_administration", "action", "what", "purpose"]
    list_filter = ["action", "actor_administration"]
    search_fields = ["actor_name", "citizen_key"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
