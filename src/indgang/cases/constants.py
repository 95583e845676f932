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
