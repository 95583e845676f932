import re

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indgang.cases.models import RoutingModel, RoutingRule, Topic, TrainingExample


class RoutingRuleForm(forms.ModelForm[RoutingRule]):
    class Meta:
        model = RoutingRule
        fields = ["position", "name", "pattern", "administration", "team", "active"]

    def clean_pattern(self) -> str:
        pattern: str = self.cleaned_data["pattern"]
        try:
            re.compile(pattern)
        except re.error as error:
            raise forms.ValidationError(_("Not a valid regular expression: %s") % error) from error
        return pattern


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    form = RoutingRuleForm
    list_display = ["position", "name", "pattern", "administration", "team", "active"]
    list_editable = ["active"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "administration", "team", "sla_days"]
    list_filter = ["administration"]


@admin.register(RoutingModel)
class RoutingModelAdmin(admin.ModelAdmin[RoutingModel]):
    list_display = ["version", "created_at", "active"]
    exclude = ["blob"]
    readonly_fields = ["version", "created_at", "metrics", "sha256"]


@admin.register(TrainingExample)
class TrainingExampleAdmin(admin.ModelAdmin[TrainingExample]):
    list_display = ["text", "administration", "team", "created_at"]
