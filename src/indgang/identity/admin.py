from django.contrib import admin

from indgang.identity.models import StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin[StaffProfile]):
    list_display = ["user", "administration", "team"]
    list_filter = ["administration", "roles"]
    filter_horizontal = ["roles"]
