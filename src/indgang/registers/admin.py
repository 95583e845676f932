from django.contrib import admin

from indgang.registers import models


@admin.register(models.Clinic)
class ClinicAdmin(admin.ModelAdmin[models.Clinic]):
    list_display = ["id", "name", "postcode", "accepts_new_patients"]
    list_filter = ["accepts_new_patients", "postcode"]
    search_fields = ["id", "name"]
