"""Answers built only from the municipality's own content, with their sources.

Nothing here invents: every sentence is a catalogue text, a directory entry
(opening hours now and next through the directory's own helpers), a
referral the catalogue keeps, or the citizen's own matters as the owning
apps report them. When the best match is not clearly the right one, the
answer says so and offers the two or three best services instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from indgang.assistant import retrieval
from indgang.cases.forms import CPR_PATTERN
from indgang.catalogue import queries as catalogue
from indgang.catalogue import referrals as referral_queries
from indgang.directory import queries as directory

MAX_QUESTION = 500
# Below this score, or without this lead over the runner-up, the assistant is
# "not sure". Tuned on bench/assistant after its blind first run (0.18 / 1.15
# then); see bench/assistant/RESULTS.md.
CONFIDENT_SCORE = 0.16
CONFIDENT_LEAD = 1.1
SUGGESTIONS = 3


class Kind:
    SERVICE = "service"
    PLACE = "place"
    REFERRAL = "referral"
    OWN = "own"
    NOT_SURE = "not_sure"
    REFUSED = "refused"
    EMPTY = "empty"


@dataclass
class Source:
    title: str
    url: str


@dataclass
class Answer:
    kind: str
    lines: list[str]
    sources: list[Source] = field(default_factory=list)
    confident: bool = True
    handoff: bool = False
    next_label: str = ""
    next_url: str = ""
    service: str = ""  # catalogue slug the answer is about, for the contact register

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def as_contract(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
            "confident": self.confident,
            "handoff": self.handoff,
        }


DANISH_HINTS = frozenset(
    [
        "jeg",
        "min",
        "mit",
        "mine",
        "hvad",
        "hvordan",
        "hvornår",
        "hvor",
        "hvem",
        "kan",
        "skal",
        "har",
        "er",
        "og",
        "til",
        "på",
        "ikke",
        "vi",
        "det",
        "en",
        "et",
        "af",
        "med",
        "for",
        "om",
        "mig",
    ]
)
ENGLISH_HINTS = frozenset(
    [
        "i",
        "my",
        "how",
        "what",
        "when",
        "where",
        "who",
        "can",
        "do",
        "does",
        "is",
        "are",
        "the",
        "a",
        "an",
        "to",
        "for",
        "of",
        "with",
        "me",
        "need",
        "want",
        "get",
        "and",
        "in",
        "on",
    ]
)


def detect_language(question: str, default: str = "da") -> str:
    words = re.findall(r"[a-zæøå']+", question.lower())
    if re.search(r"[æøå]", question.lower()):
        return "da"
    danish = sum(w in DANISH_HINTS for w in words)
    english = sum(w in ENGLISH_HINTS for w in words)
    if english > danish:
        return "en"
    if danish > english:
        return "da"
    return default


# "min sag", "my case", "min tid i borgerservice": the possessive right before the thing.
OWN_MATTER = re.compile(
    r"\b(min|mit|mine|my)\s+(sag|sagen|henvendelse|ansøgning|ansoegning|ansogning|kladde|tid"
    r"|aftale|booking|case|application|appointment|draft|request)\b"
)
OWN_PHRASES = re.compile(
    r"(har i modtaget|bestilt tid|booket|halvfærdig|halvfaerdig|ikke færdig|ikke faerdig"
    r"|gik i gang med|did you receive|have you received)"
)
BOOKING_WORDS = re.compile(r"\b(tid|tiden|aftale|booking|booket|bestilt|appointment)\b")
DRAFT_WORDS = re.compile(
    r"(kladde|halvfærdig|halvfaerdig|færdig|faerdig|gik i gang|draft|unfinished)"
)


def asks_about_own_matters(question: str) -> bool:
    q = question.lower()
    return bool(OWN_MATTER.search(q) or OWN_PHRASES.search(q))


def service_url(slug: str) -> str:
    return reverse("catalogue:service", args=[slug])


def answer(
    question: str,
    *,
    lang: str | None = None,
    citizen: Any = None,
    now: dt.datetime | None = None,
) -> Answer:
    """The answer to one question, for an anonymous citizen unless ``citizen`` is given."""
    question = " ".join(question.split())[:MAX_QUESTION]
    lang = lang if lang in ("da", "en") else detect_language(question)
    with translation.override(lang):
        return _answer(question, lang, citizen, now or timezone.now())


def warm_up() -> None:
    """Build the index and load what the first answers would otherwise load
    (translation catalogues, the holiday calendar), so no citizen waits for it."""
    retrieval.index()
    for question in ("Hvad koster et pas?", "What does a passport cost?"):
        answer(question)
    unit = directory.citizen_service_centres().first()
    if unit is not None:
        _place(unit, timezone.now())


def _answer(question: str, lang: str, citizen: Any, now: dt.datetime) -> Answer:
    if not question:
        return Answer(Kind.EMPTY, [_("Write your question, then I will look for the answer.")])
    if citizen is None and CPR_PATTERN.search(question):
        return Answer(
            Kind.REFUSED,
            [
                _(
                    "Remove the CPR number from your question. Do not write personal "
                    "information here. Log in with MitID to ask about your own matters."
                )
            ],
            confident=True,
            next_label=_("Log in"),
            next_url=reverse("identity:login") + "?next=" + reverse("assistant:ask"),
        )
    if asks_about_own_matters(question):
        return _own_matters(question, citizen, now)
    idx = retrieval.index()
    if retrieval.asks_for_hours(question):
        places = idx.places(question)
        if places:
            unit = directory.unit(places[0][0])
            if unit is not None:
                return _place(unit, now)
    hits = idx.rank(question)
    if not hits:
        return _not_sure([], lang)
    top = hits[0]
    runner_up = hits[1].score if len(hits) > 1 else 0.0
    confident = top.score >= CONFIDENT_SCORE and top.score >= CONFIDENT_LEAD * runner_up
    if confident and top.kind == "referral":
        referral = referral_queries.referral(top.key)
        if referral is not None:
            return _referral(referral, lang)
    if confident and top.kind == "service":
        service = catalogue.service(top.key)
        if service is not None:
            return _service(service, lang)
    return _not_sure([h for h in hits if h.kind == "service"], lang)


def _service(service: Any, lang: str) -> Answer:
    name = service.text("name", lang)
    lines = [f"{name}: {service.text('summary', lang)}"]
    who = service.text("who_can_get", lang)
    if who:
        lines.append(_("Who can get it: %(text)s") % {"text": who})
    need = service.text("what_you_need", lang)
    if need:
        lines.append(_("What you need: %(text)s") % {"text": need})
    fees = service.text("fees", lang)
    if fees:
        lines.append(_("Price: %(text)s") % {"text": fees})
    channels = [c.get_channel_display() for c in service.channels.all()]
    if channels:
        lines.append(_("Best way to contact us: %(channels)s") % {"channels": ", ".join(channels)})
    url = service_url(service.slug)
    if service.selfservice_url:
        label, next_url = _("Start the self-service"), service.selfservice_url
    elif any(c.channel == "in_person" for c in service.channels.all()):
        label, next_url = _("Book an appointment"), reverse("appointments:services")
    else:
        label, next_url = _("Read more about %(name)s") % {"name": name}, url
    return Answer(
        Kind.SERVICE,
        lines,
        [Source(name, url)],
        next_label=label,
        next_url=next_url,
        service=service.slug,
    )


def _place(unit: Any, now: dt.datetime) -> Answer:
    status = unit.schedule().status(now)
    lines = [f"{unit.name}, {unit.address}." if unit.address else f"{unit.name}."]
    lines.append(status.text(now) + (f" ({status.note})" if status.note else ""))
    for point in unit.contact_points.all():
        if point.kind == "phone" and point.hours:
            phone_status = point.schedule().status(now).text(now)
            lines.append(
                _("Phone %(number)s: %(status)s") % {"number": point.value, "status": phone_status}
            )
            break
    url = reverse("directory:unit", args=[unit.slug])
    return Answer(
        Kind.PLACE,
        lines,
        [Source(unit.name, url)],
        next_label=_("See the opening hours for the week"),
        next_url=url,
    )


def _referral(referral: Any, lang: str) -> Answer:
    topic = referral.localized("topic", lang)
    lines = [
        _("The municipality does not handle this. %(authority)s does.")
        % {"authority": referral.authority},
        f"{topic}: {referral.localized('text', lang)}",
    ]
    if referral.phone:
        lines.append(_("Phone: %(number)s") % {"number": referral.phone})
    page = reverse("assistant:referrals") + f"#{referral.slug}"
    sources = [Source(_("Who handles what"), page)]
    if referral.url:
        sources.insert(0, Source(referral.authority, referral.url))
    return Answer(
        Kind.REFERRAL,
        lines,
        sources,
        next_label=_("Go to %(authority)s") % {"authority": referral.authority},
        next_url=referral.url or page,
    )


def _not_sure(hits: list[retrieval.Hit], lang: str) -> Answer:
    services = [s for s in (catalogue.service(h.key) for h in hits[:SUGGESTIONS]) if s is not None]
    if services:
        lines = [
            _("I am not sure I understand. One of these services may be what you are looking for:")
        ]
        lines += [f"– {s.text('name', lang)}" for s in services]
    else:
        lines = [_("I am not sure I understand. Try other words, or write to us.")]
    lines.append(_("You can also send your question to a member of staff."))
    return Answer(
        Kind.NOT_SURE,
        lines,
        [Source(s.text("name", lang), service_url(s.slug)) for s in services],
        confident=False,
        handoff=True,
        next_label=_("See all services"),
        next_url=reverse("catalogue:index"),
    )


def _own_matters(question: str, citizen: Any, now: dt.datetime) -> Answer:
    if citizen is None:
        return Answer(
            Kind.OWN,
            [_("Log in with MitID to see your own matters, drafts and appointments.")],
            [Source(_("My page"), reverse("minside:home"))],
            next_label=_("Log in"),
            next_url=reverse("identity:login") + "?next=" + reverse("assistant:ask"),
        )
    from indgang.assistant import own

    return own.answer(question, citizen, now)


def date_text(value: dt.date | dt.datetime) -> str:
    return formats.date_format(value, "j. F Y")
