"""Public writes: notify someone by e-mail or SMS, or notify a citizen.

A notification is rendered in Danish or English from
``templates/notifications/<template>.txt`` (or ``<template>.<channel>.txt``)
with ``<template>_subject.txt`` as the e-mail subject, stored, and sent after
commit by a task that retries with growing delays. The same ``ref`` to the
same recipient on the same channel is sent once, however often it is asked.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils import timezone, translation

from indgang.core.pseudonym import citizen_key as make_citizen_key
from indgang.notifications import phone
from indgang.notifications.constants import LANGUAGES, Channel, Status
from indgang.notifications.models import CitizenContact, Notification

logger = logging.getLogger(__name__)

DEFAULT_SUBJECT = "Københavns Kommune"


class InvalidContactDetails(ValueError):
    """A phone number or e-mail address that cannot be used; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@functools.cache
def _engine() -> Engine:
    # Plain text: nothing is HTML-escaped ("Børn & Unge" stays as it is).
    return Engine(app_dirs=True, autoescape=False, libraries={"i18n": "django.templatetags.i18n"})


def language_of(code: str | None) -> str:
    """ "da" or "en" for any language code ("en-gb" → "en"); Danish by default."""
    short = (code or "da").split("-")[0].lower()
    return short if short in LANGUAGES else "da"


def render(template: str, context: dict[str, Any], language: str, channel: str) -> tuple[str, str]:
    """(subject, body) of a notification template in the given language."""
    engine = _engine()
    with translation.override(language_of(language)):
        body: str = engine.select_template(
            [f"notifications/{template}.{channel}.txt", f"notifications/{template}.txt"]
        ).render(Context(context, autoescape=False))
        try:
            subject: str = engine.get_template(f"notifications/{template}_subject.txt").render(
                Context(context, autoescape=False)
            )
        except TemplateDoesNotExist:
            subject = DEFAULT_SUBJECT
    return " ".join(subject.split())[:200], body.strip()


def normalise_phone(number: str) -> str | None:
    """A phone number in E.164 (a number without country code is Danish), or
    None when it is not a valid number."""
    return phone.normalise(number)


def _recipient(channel: str, to: str) -> tuple[str, str]:
    """(normalised recipient, error); the error is empty when it can be used."""
    if channel == Channel.SMS:
        number = phone.normalise(to)
        return (number, "") if number else (to.strip()[:254], "not a valid phone number")
    address = to.strip()
    try:
        validate_email(address)
    except ValidationError:
        return address[:254], "not a valid e-mail address"
    return address, ""


def notify(
    *,
    channel: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str = "da",
    ref: str,
    citizen_key: str = "",
    administration: str = "",
    attachment: tuple[str, bytes, str] | None = None,
) -> Notification:
    """Store a notification and send it after commit; returns it.

    ``ref`` is the caller's idempotency key (e.g. "booking:12:reminder"): the
    same ref, channel and recipient returns the notification already stored
    and sends nothing again. A recipient that is not a valid phone number or
    e-mail address gives a notification that is failed from the start (it is
    kept, so the error shows). ``attachment`` is (file name, bytes, MIME type)
    for e-mail. Never pass a CPR number: ``citizen_key`` is the pseudonym.
    """
    channel = Channel(channel)
    recipient, error = _recipient(channel, to)
    language = language_of(language)
    with transaction.atomic():
        existing = Notification.objects.filter(
            ref=ref, channel=channel, recipient=recipient
        ).first()
        if existing is not None:
            return existing
        subject, body = render(template, context, language, channel)
        values: dict[str, Any] = {
            "channel": channel,
            "recipient": recipient,
            "template": template,
            "language": language,
            "subject": subject,
            "body": body,
            "ref": ref[:200],
            "citizen_key": citizen_key,
            "administration_id": administration or None,
        }
        if attachment is not None and channel == Channel.EMAIL:
            values["attachment_name"], values["attachment"], values["attachment_type"] = attachment
        if error:
            values.update(status=Status.FAILED, error=error, failed_at=timezone.now())
        try:
            with transaction.atomic():
                notification = Notification.objects.create(**values)
        except IntegrityError:  # stored by a concurrent call a moment ago
            return Notification.objects.get(ref=ref, channel=channel, recipient=recipient)
        if not error:
            transaction.on_commit(lambda: _enqueue(notification.pk))
        else:
            logger.warning("notification %s not sent: %s", notification.pk, error)
    return notification


def _enqueue(notification_id: int) -> None:
    from indgang.notifications.tasks import send_notification

    send_notification.enqueue(notification_id)


def notify_citizen(
    *,
    cpr: str,
    template: str,
    context: dict[str, Any],
    ref: str,
    administration: str = "",
) -> list[Notification]:
    """Notify a citizen by SMS (and e-mail) at the contact details they gave,
    in their language; [] when they gave none. The person registers hold no
    phone number or e-mail, and the address is never used, so citizens with
    name and address protection are notified like everyone else."""
    key = make_citizen_key(cpr)
    contact = CitizenContact.objects.filter(citizen_key=key).first()
    if contact is None:
        return []
    common: dict[str, Any] = {
        "template": template,
        "context": context,
        "language": contact.language,
        "ref": ref,
        "citizen_key": key,
        "administration": administration,
    }
    sent = []
    if contact.phone:
        sent.append(notify(channel=Channel.SMS, to=contact.phone, **common))
    if contact.email:
        sent.append(notify(channel=Channel.EMAIL, to=contact.email, **common))
    return sent


@transaction.atomic
def set_contact_details(
    *, cpr: str, phone: str = "", email: str = "", language: str = "da"
) -> CitizenContact:
    """Record where a citizen wants notifications. Raises InvalidContactDetails
    for a number or address that cannot be used; empty values mean "not by
    this channel"."""
    number = ""
    if phone.strip():
        number, error = _recipient(Channel.SMS, phone)
        if error:
            raise InvalidContactDetails("phone", error)
    address = ""
    if email.strip():
        address, error = _recipient(Channel.EMAIL, email)
        if error:
            raise InvalidContactDetails("email", error)
    contact, _created = CitizenContact.objects.update_or_create(
        citizen_key=make_citizen_key(cpr),
        defaults={
            "phone": number,
            "email": address,
            "language": language_of(language),
            "updated_at": timezone.now(),
        },
    )
    return contact


def record_delivery_report(
    *, reference: str, delivered: bool, error: str = ""
) -> Notification | None:
    """Apply a gateway's delivery report ("notification-<id>" or the
    provider's own reference). A report that repeats the current status is
    ignored; one the state machine forbids raises IllegalTransition."""
    with transaction.atomic():
        query = Notification.objects.select_for_update()
        pk = reference.removeprefix("notification-")
        found = (
            query.filter(pk=int(pk)).first()
            if reference.startswith("notification-") and pk.isdigit()
            else query.filter(provider_ref=reference, channel=Channel.SMS).first()
        )
        if found is None:
            return None
        target = Status.DELIVERED if delivered else Status.FAILED
        if found.status != target:
            found.move_to(target, error=error or "reported undelivered by the gateway")
            found.save()
    return found
