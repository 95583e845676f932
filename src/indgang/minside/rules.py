""" "Til dig": suggestions drawn from the registers, each saying why it is shown.

A rule is data: an id, the service it points to, a title and a reason in
Danish and English (with ``{placeholders}``), and a condition that looks at
the citizen's facts and returns the placeholders' values when the rule
applies (``None`` when it does not). Adding a rule is adding a ``Rule`` to
``RULES``; ``tests/test_rules.py`` has one test per rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language

from indgang.registers.base import PersonRecord, age_on

# Lægeskift is free within 90 days of moving (selfservice.laegeskift).
MOVED_WITHIN_DAYS = 90
# A child who turns 15 chooses their own GP; say so this long before.
TURNS_15_NOTICE_DAYS = 60
# A new health card arrives within about two weeks.
CARD_ON_ITS_WAY_DAYS = 14
# A change of health insurance group needs a year in the current group.
GROUP_CHANGE_AFTER_DAYS = 365


@dataclass(frozen=True)
class Facts:
    """What the rules may look at, gathered once per page."""

    person: PersonRecord
    today: dt.date
    # When a health card was last ordered for this person, if lately.
    card_ordered: dt.date | None = None


Values = dict[str, object]


@dataclass(frozen=True)
class Rule:
    id: str
    service: str  # a self-service's slug
    title: dict[str, str]
    reason: dict[str, str]
    condition: Callable[[Facts], Values | None]
    # "action": a service to use; "info": something to know (no button).
    kind: str = "action"
    action: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    rule: str
    title: str
    reason: str
    url: str
    action: str
    kind: str


def _day(day: dt.date) -> str:
    return date_format(day, "j. F Y")


def _moved_recently(facts: Facts) -> Values | None:
    moved = facts.person.moved_in
    if moved is None or facts.person.insurance_group != 1:
        return None
    if not 0 <= (facts.today - moved).days <= MOVED_WITHIN_DAYS:
        return None
    free_until = moved + dt.timedelta(days=MOVED_WITHIN_DAYS)
    return {"moved": _day(moved), "until": _day(free_until)}


def _birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return birth.replace(year=birth.year + years, day=28)


def _child_turns_15(facts: Facts) -> Values | None:
    for child in facts.person.children_in_custody:
        birthday = _birthday(child.birth_date, 15)
        if 0 <= (birthday - facts.today).days <= TURNS_15_NOTICE_DAYS:
            return {"child": child.name.split(" ")[0], "date": _day(birthday)}
    return None


def _card_on_its_way(facts: Facts) -> Values | None:
    ordered = facts.card_ordered
    if ordered is None or not 0 <= (facts.today - ordered).days <= CARD_ON_ITS_WAY_DAYS:
        return None
    return {"ordered": _day(ordered)}


def _no_gp(facts: Facts) -> Values | None:
    if facts.person.insurance_group == 1 and facts.person.gp is None:
        return {}
    return None


def _group_2(facts: Facts) -> Values | None:
    person = facts.person
    if person.insurance_group != 2:
        return None
    since = person.insurance_group_since
    if since is not None and (facts.today - since).days < GROUP_CHANGE_AFTER_DAYS:
        return None
    return {}


def _card_lost_is_not_needed_for_child(facts: Facts) -> Values | None:
    # A child of 15 gets their own card with their own GP: order it once.
    for child in facts.person.children_in_custody:
        if age_on(child.birth_date, facts.today) == 15 and child.same_address:
            birthday = _birthday(child.birth_date, 15)
            if (facts.today - birthday).days <= TURNS_15_NOTICE_DAYS:
                return {"child": child.name.split(" ")[0]}
    return None


RULES: tuple[Rule, ...] = (
    Rule(
        id="moved-change-gp",
        service="laegeskift",
        title={
            "da": "Skift læge gratis efter din flytning",
            "en": "Change GP for free after your move",
        },
        reason={
            "da": "Du flyttede {moved}. Når du er flyttet, er lægeskift gratis indtil {until}.",
            "en": "You moved on {moved}. After a move, changing GP is free until {until}.",
        },
        condition=_moved_recently,
        action={"da": "Skift læge", "en": "Change GP"},
    ),
    Rule(
        id="child-turns-15",
        service="laegeskift",
        title={
            "da": "Dit barn vælger snart selv læge",
            "en": "Your child will soon choose their own GP",
        },
        reason={
            "da": "{child} fylder 15 år {date}. Fra da vælger {child} selv læge, og skiftet er "
            "gratis de første 60 dage.",
            "en": "{child} turns 15 on {date}. From then on {child} chooses their own GP, and "
            "the change is free for the first 60 days.",
        },
        condition=_child_turns_15,
        kind="info",
    ),
    Rule(
        id="card-on-its-way",
        service="sundhedskort",
        title={"da": "Dit nye sundhedskort er på vej", "en": "Your new health card is on its way"},
        reason={
            "da": "Du bestilte et nyt sundhedskort {ordered}. Det kommer inden for cirka to uger, "
            "så du skal ikke bestille et nyt. Brug kvitteringen som bevis indtil da.",
            "en": "You ordered a new health card on {ordered}. It arrives within about two "
            "weeks, so do not order another. Use the receipt as proof until then.",
        },
        condition=_card_on_its_way,
        kind="info",
    ),
    Rule(
        id="group-1-without-gp",
        service="laegeskift",
        title={"da": "Vælg en læge", "en": "Choose a GP"},
        reason={
            "da": "Du er i sygesikringsgruppe 1, men der er ingen læge registreret på dig.",
            "en": "You are in health insurance group 1, but no GP is registered for you.",
        },
        condition=_no_gp,
        action={"da": "Vælg læge", "en": "Choose a GP"},
    ),
    Rule(
        id="group-2-may-change",
        service="laegeskift",
        title={
            "da": "Gratis lægehjælp i sygesikringsgruppe 1",
            "en": "Free GP care in health insurance group 1",
        },
        reason={
            "da": "Du er i sygesikringsgruppe 2 og betaler selv en del af lægeregningen. Du har "
            "været i gruppe 2 i over et år, så du kan skifte til gruppe 1 med fast læge.",
            "en": "You are in health insurance group 2 and pay part of the doctor's bill "
            "yourself. You have been in group 2 for over a year, so you may move to group 1 "
            "with a regular GP.",
        },
        condition=_group_2,
        action={"da": "Skift sygesikringsgruppe", "en": "Change insurance group"},
    ),
    Rule(
        id="child-15-own-card",
        service="sundhedskort",
        title={
            "da": "Dit barn får sit eget sundhedskort",
            "en": "Your child gets their own health card",
        },
        reason={
            "da": "{child} er lige fyldt 15 og får sit eget sundhedskort, når {child} har valgt "
            "læge. Bestil ikke et nyt kort til {child} før da.",
            "en": "{child} has just turned 15 and gets their own health card once {child} has "
            "chosen a GP. Do not order a new card for {child} before then.",
        },
        condition=_card_lost_is_not_needed_for_child,
        kind="info",
    ),
)


def _text(texts: dict[str, str]) -> str:
    language = (get_language() or "da")[:2]
    return texts.get(language) or texts["da"]


def suggestions(facts: Facts, rules: tuple[Rule, ...] = RULES) -> list[Suggestion]:
    """The rules that apply to these facts, in the order of ``rules``."""
    found = []
    for rule in rules:
        values = rule.condition(facts)
        if values is None:
            continue
        found.append(
            Suggestion(
                rule=rule.id,
                title=_text(rule.title).format(**values),
                reason=_text(rule.reason).format(**values),
                url=reverse("selfservice:start", args=[rule.service]),
                action=_text(rule.action) if rule.action else "",
                kind=rule.kind,
            )
        )
    return found
