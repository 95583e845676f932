from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ROUTED = "routed", _("Routed")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CITIZEN = "awaiting_citizen", _("Awaiting citizen")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# state → states it may move to. Reopening takes a resolved or closed case
# back to "in progress".
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.RECEIVED: frozenset({CaseState.ROUTED}),
    CaseState.ROUTED: frozenset({CaseState.IN_PROGRESS, CaseState.RESOLVED}),
    CaseState.IN_PROGRESS: frozenset({CaseState.AWAITING_CITIZEN, CaseState.RESOLVED}),
    CaseState.AWAITING_CITIZEN: frozenset({CaseState.IN_PROGRESS, CaseState.RESOLVED}),
    CaseState.RESOLVED: frozenset({CaseState.CLOSED, CaseState.IN_PROGRESS}),
    CaseState.CLOSED: frozenset({CaseState.IN_PROGRESS}),
}
OPEN_STATES = frozenset(
    {CaseState.RECEIVED, CaseState.ROUTED, CaseState.IN_PROGRESS, CaseState.AWAITING_CITIZEN}
)


class CaseChannel(models.TextChoices):
    CONTACT_FORM = "contact_form", _("Secure contact form")
    SELFSERVICE = "selfservice", _("Self-service")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    ANONYMOUS_FORM = "anonymous_form", _("Contact form without login")


class RoutedBy(models.TextChoices):
    RULE = "rule", _("Rule")
    CLASSIFIER = "classifier", _("Classifier")
    TOPIC = "topic", _("Topic chosen by the citizen")
    TRIAGE = "triage", _("Central triage")
    NONE = "", _("Not routed")


class RecontactStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Linked automatically")
    CONFIRMED = "confirmed", _("Confirmed by staff")
    UNDONE = "undone", _("Undone by staff")


class Activity(models.TextChoices):
    """Event-log activities (what process mining sees)."""

    CREATED = "created", _("Case created")
    ROUTED = "routed", _("Routed")
    TRIAGED = "triaged", _("Routed by central triage")
    ASSIGNED = "assigned", _("Assigned")
    TRANSFERRED = "transferred", _("Transferred to another team")
    STATE = "state", _("State changed")
    NOTE = "note", _("Internal note added")
    RECONTACT_LINKED = "recontact_linked", _("Linked as a re-contact")
    RECONTACT_CONFIRMED = "recontact_confirmed", _("Re-contact link confirmed")
    RECONTACT_UNDONE = "recontact_undone", _("Re-contact link undone")
    PURGED = "purged", _("Personal data removed (retention)")
    MESSAGE_SENT = "message_sent", _("Message sent to the citizen")
    MESSAGE_RECEIVED = "message_received", _("Message received from the citizen")


class WebhookEvent(models.TextChoices):
    CASE_CREATED = "case.created", _("Case created")
    CASE_ROUTED = "case.routed", _("Case routed to the administration")
    CASE_STATE_CHANGED = "case.state_changed", _("Case state changed")
    CASE_TRANSFERRED = "case.transferred", _("Case transferred")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
