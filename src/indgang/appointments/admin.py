from __future__ import annotations

from django.contrib import admin

from indgang.appointments.models import BookableService


@admin.register(BookableService)
class BookableServiceAdmin(admin.ModelAdmin[BookableService]):
    list_display = ["name", "unit", "duration_minutes", "desks", "active"]
    list_filter = ["unit", "active"]
