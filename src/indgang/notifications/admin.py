from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from indgang.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["created_at", "channel", "template", "status", "attempts"]
    list_filter = ["status", "channel", "template"]
    # Recipients and texts are personal data: the list shows none of them.
    fields = ("channel", "template", "language", "status", "attempts", "error", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
