from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """The controlled list of channels a contact can arrive on."""

    SELFSERVICE = "selfservice", _("Self-service")
    WEB_FORM = "web_form", _("Web contact form")
    MESSAGE = "message", _("Digital Post / message")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    LETTER = "letter", _("Letter")


# Copenhagen's own grouping of its 13.07 M contacts a year.
DIGITAL_CHANNELS = frozenset({Channel.SELFSERVICE})
WRITTEN_CHANNELS = frozenset(
    {Channel.WEB_FORM, Channel.MESSAGE, Channel.EMAIL, Channel.CHAT, Channel.LETTER}
)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    FORWARDED = "forwarded", _("Forwarded")
    FOLLOW_UP = "follow_up", _("Needs follow-up")


class Reason(models.TextChoices):
    """Why the citizen made contact. The avoidable ones are the waste a
    better service removes."""

    NEW_MATTER = "new_matter", _("New matter")
    GUIDANCE = "guidance", _("Needs guidance")
    SUPPLEMENT = "supplement", _("Sends or supplements information")
    CHASING = "chasing", _("Chasing progress")
    NOT_UNDERSTOOD = "not_understood", _("Did not understand the text")
    TECHNICAL_ERROR = "technical_error", _("Technical error in self-service")
    WRONG_DETAILS = "wrong_details", _("Wrong contact details")
    OTHER = "other", _("Other")


AVOIDABLE_REASONS = frozenset(
    {Reason.CHASING, Reason.NOT_UNDERSTOOD, Reason.TECHNICAL_ERROR, Reason.WRONG_DETAILS}
)


class Source(models.TextChoices):
    """How the record reached the register."""

    AUTOMATIC = "automatic", _("Recorded by Indgang")
    STAFF = "staff", _("Registered by staff")
    IMPORT = "import", _("Imported")
    API = "api", _("REST API")
    DEMO = "demo", _("Synthetic demo data")


class RecontactStatus(models.TextChoices):
    """Whether staff have looked at an automatic re-contact link."""

    SUGGESTED = "suggested", _("Linked automatically")
    CONFIRMED = "confirmed", _("Confirmed by staff")
    UNDONE = "undone", _("Undone by staff")


# Copenhagen's contacts a year (2017) by channel group; the demo generator
# scales these. "Written" is split over the written channels below.
YEARLY_CONTACTS = {
    "in_person": 5_380_000,
    "phone": 3_340_000,
    "written": 2_540_000,
    "digital": 1_800_000,
}
# The change-of-GP / health-card service's phone calls a year, ~8 minutes each.
LAEGESKIFT_PHONE_CALLS = 19_460
LAEGESKIFT_CALL_SECONDS = 480

# Channel names in exports (Danish and English) → the controlled list.
CHANNEL_ALIASES: dict[str, str] = {
    **{c.value: c.value for c in Channel},
    "selvbetjening": Channel.SELFSERVICE,
    "self-service": Channel.SELFSERVICE,
    "self service": Channel.SELFSERVICE,
    "digital": Channel.SELFSERVICE,
    "webformular": Channel.WEB_FORM,
    "kontaktformular": Channel.WEB_FORM,
    "web form": Channel.WEB_FORM,
    "contact form": Channel.WEB_FORM,
    "web_form": Channel.WEB_FORM,
    "digital post": Channel.MESSAGE,
    "besked": Channel.MESSAGE,
    "e-boks": Channel.MESSAGE,
    "telefon": Channel.PHONE,
    "tlf": Channel.PHONE,
    "tlf.": Channel.PHONE,
    "opkald": Channel.PHONE,
    "call": Channel.PHONE,
    "personlig": Channel.IN_PERSON,
    "personligt fremmøde": Channel.IN_PERSON,
    "fremmøde": Channel.IN_PERSON,
    "skranke": Channel.IN_PERSON,
    "in person": Channel.IN_PERSON,
    "in-person": Channel.IN_PERSON,
    "walk-in": Channel.IN_PERSON,
    "e-mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "brev": Channel.LETTER,
}

OUTCOME_ALIASES: dict[str, str] = {
    **{o.value: o.value for o in Outcome},
    "løst": Outcome.RESOLVED,
    "afsluttet": Outcome.RESOLVED,
    "besvaret": Outcome.RESOLVED,
    "solved": Outcome.RESOLVED,
    "answered": Outcome.RESOLVED,
    "videresendt": Outcome.FORWARDED,
    "viderestillet": Outcome.FORWARDED,
    "omstillet": Outcome.FORWARDED,
    "transferred": Outcome.FORWARDED,
    "opfølgning": Outcome.FOLLOW_UP,
    "kræver opfølgning": Outcome.FOLLOW_UP,
    "follow-up": Outcome.FOLLOW_UP,
    "follow up": Outcome.FOLLOW_UP,
    "needs follow-up": Outcome.FOLLOW_UP,
}

REASON_ALIASES: dict[str, str] = {
    **{r.value: r.value for r in Reason},
    "ny sag": Reason.NEW_MATTER,
    "vejledning": Reason.GUIDANCE,
    "guidance": Reason.GUIDANCE,
    "supplerende oplysninger": Reason.SUPPLEMENT,
    "rykker": Reason.CHASING,
    "status": Reason.CHASING,
    "chasing progress": Reason.CHASING,
    "forstod ikke teksten": Reason.NOT_UNDERSTOOD,
    "teknisk fejl": Reason.TECHNICAL_ERROR,
    "technical error": Reason.TECHNICAL_ERROR,
    "forkerte kontaktoplysninger": Reason.WRONG_DETAILS,
    "andet": Reason.OTHER,
}


class LinkBasis(models.TextChoices):
    """How a contact came to be linked to a self-service attempt."""

    STAFF = "staff", _("Linked by staff with the citizen")
    INFERRED = "inferred", _("Inferred from time and service")


class AttemptOutcome(models.TextChoices):
    """Where the self-service attempt behind a contact ended."""

    IN_PROGRESS = "in_progress", _("Not sent yet")
    ABANDONED = "abandoned", _("Abandoned")
    SUBMITTED = "submitted", _("Submitted")


# Days after a failed or abandoned attempt within which a call about the same
# service is linked to it by the bulk rule (``indgang contacts link-attempts``).
INFERENCE_DAYS = 3
