import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indgang.cases import webhooks
from indgang.cases.constants import WebhookEvent
from indgang.cases.models import (
    CaseSystemClient,
    RoutingModel,
    RoutingRule,
    Topic,
    TrainingExample,
    WebhookDelivery,
    WebhookSubscription,
)


class RoutingRuleForm(forms.ModelForm[RoutingRule]):
    class Meta:
        model = RoutingRule
        fields = ["position", "name", "pattern", "administration", "team", "kle", "active"]

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
    list_display = ["position", "name", "pattern", "administration", "team", "kle", "active"]
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
    list_display = ["text", "administration", "team", "kle", "created_at"]


class WebhookSubscriptionForm(forms.ModelForm[WebhookSubscription]):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "secret", "administration", "events", "active"]

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not settings.DEBUG and not url.startswith("https://"):
            raise forms.ValidationError(_("Case data is only sent over HTTPS."))
        return url

    def clean_events(self) -> list[str]:
        events = self.cleaned_data["events"]
        if not isinstance(events, list) or not set(events) <= set(WebhookEvent.values):
            raise forms.ValidationError(
                _("A list of events, from: %(events)s") % {"events": ", ".join(WebhookEvent.values)}
            )
        return events

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data["secret"]
        if len(secret) < 24:
            raise forms.ValidationError(_("Use a secret of at least 24 characters."))
        return secret


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin[WebhookSubscription]):
    form = WebhookSubscriptionForm
    list_display = ["name", "administration", "url", "active"]
    list_filter = ["administration", "active"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    """The delivery log: failed deliveries are found here and retried by hand."""

    list_display = [
        "created_at",
        "event",
        "case_reference",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    ]
    list_filter = ["status", "event", "subscription"]
    search_fields = ["case_reference", "event_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry_deliveries"]

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry_deliveries(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = webhooks.retry(queryset)
        self.message_user(request, _("%(count)d deliveries put back in line.") % {"count": count})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CaseSystemClient)
class CaseSystemClientAdmin(admin.ModelAdmin[CaseSystemClient]):
    """Clients are created with `indgang cases client` (the token is shown once);
    here they can be deactivated."""

    list_display = ["name", "administration", "active", "last_used_at"]
    readonly_fields = ["name", "administration", "user", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
