"""A logged-in citizen's own matters, drafts and bookings, read through the
owning apps' queries. Every read is audited: the citizen sees it on "Mit overblik"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indgang.appointments import queries as appointments
from indgang.assistant.answers import BOOKING_WORDS, DRAFT_WORDS, Answer, Kind, Source
from indgang.cases import queries as cases
from indgang.cases.constants import OPEN_STATES
from indgang.core import audit
from indgang.core.pseudonym import citizen_key
from indgang.selfservice import engine
from indgang.selfservice import queries as selfservice


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'j. F Y')} {local.hour}.{local.minute:02d}"


def _cases(cpr: str) -> tuple[list[str], list[Source]]:
    found = [c for c in cases.cases_of_citizen(citizen_key(cpr))[:20] if c.state in OPEN_STATES]
    lines = []
    for case in found[:3]:
        line = _("Your case %(reference)s is %(state)s.") % {
            "reference": case.reference,
            "state": case.get_state_display().lower(),
        }
        if case.deadline:
            line += " " + _("We will answer by %(date)s.") % {
                "date": formats.date_format(case.deadline, "j. F Y")
            }
        lines.append(line)
    sources = [Source(_("Your messages"), reverse("messaging:inbox"))] if found else []
    return lines, sources


def _drafts(cpr: str) -> tuple[list[str], list[Source]]:
    lines, sources = [], []
    for draft in selfservice.open_drafts(cpr)[:3]:
        title = engine.text(draft.definition.definition["title"])
        lines.append(
            _("You have an unfinished application: %(title)s, saved %(when)s.")
            % {"title": title, "when": _when(draft.updated_at)}
        )
        sources.append(Source(title, reverse("selfservice:resume", args=[draft.id])))
    return lines, sources


def _bookings(cpr: str, now: dt.datetime) -> tuple[list[str], list[Source]]:
    lines, sources = [], []
    for booking in appointments.upcoming_bookings_of(cpr, now)[:3]:
        lines.append(
            _("Your appointment: %(service)s, %(when)s at %(place)s.")
            % {
                "service": booking.service.name,
                "when": _when(booking.starts_at),
                "place": booking.service.unit.name,
            }
        )
        sources.append(
            Source(
                booking.service.name,
                reverse("appointments:manage", args=[appointments.manage_token(booking)]),
            )
        )
    return lines, sources


def answer(question: str, citizen: Any, now: dt.datetime) -> Answer:
    cpr = citizen.cpr
    audit.citizen_data_viewed(
        None,
        cpr,
        gettext_noop("Spørg kommunen: own cases, drafts and appointments"),
        gettext_noop("answering the citizen's own question"),
    )
    q = question.lower()
    Reader = Callable[[], tuple[list[str], list[Source]]]
    readers: list[tuple[str, Reader]] = [("cases", lambda: _cases(cpr))]
    if BOOKING_WORDS.search(q):
        readers.insert(0, ("bookings", lambda: _bookings(cpr, now)))
    if DRAFT_WORDS.search(q):
        readers.insert(0, ("drafts", lambda: _drafts(cpr)))
    if len(readers) == 1:
        readers += [("drafts", lambda: _drafts(cpr)), ("bookings", lambda: _bookings(cpr, now))]
    lines: list[str] = []
    sources: list[Source] = []
    for _name, read in readers:
        found, cited = read()
        lines += found
        sources += cited
        if found:
            break
    if not lines:
        return Answer(
            Kind.OWN,
            [_("I cannot find any open cases, unfinished applications or appointments for you.")],
            [Source(_("My page"), reverse("minside:home"))],
            next_label=_("See my overview"),
            next_url=reverse("minside:home"),
        )
    return Answer(
        Kind.OWN,
        lines,
        sources,
        next_label=_("Open it") if sources else _("See my overview"),
        next_url=sources[0].url if sources else reverse("minside:home"),
    )
