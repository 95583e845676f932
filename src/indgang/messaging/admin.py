from django.contrib import admin

from indgang.messaging.models import ReplyTemplate


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin[ReplyTemplate]):
    list_display = ("title", "administration", "position", "active")
    list_filter = ("administration", "active")
    list_editable = ("position", "active")
    search_fields = ("title", "body")
