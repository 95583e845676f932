from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from indgang.core.models import Administration, AuditEntry, Team


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin[Administration]):
    list_display = ["code", "name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "administration", "slug"]
    list_filter = ["administration"]


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
