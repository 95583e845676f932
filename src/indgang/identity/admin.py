from django.contrib import admin

from indgang.identity.forms import AdminLoginForm
from indgang.identity.models import StaffProfile

# The admin's login counts failures with the staff login (one rate limit).
admin.site.login_form = AdminLoginForm


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin[StaffProfile]):
    list_display = ["user", "administration", "team"]
    list_filter = ["administration", "roles"]
    filter_horizontal = ["roles"]
