"""One test per "Til dig" rule: it shows when its facts hold, with its reason,
and stays away when they do not."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import translation

from indgang.minside import rules
from indgang.registers.base import ClinicRecord, PersonRecord, RelatedPerson

TODAY = dt.date(2026, 12, 3)
CLINIC = ClinicRecord("c1", "Lægerne i Byen", ("Dr. A",), "Gade 1", "2200", "Kbh N", 0, 0, "", True)


def person(**changes: object) -> PersonRecord:
    base = PersonRecord(
        cpr="0101801234",
        first_name="Mona",
        middle_name="",
        last_name="Test",
        birth_date=dt.date(1980, 1, 1),
        sex="F",
        address=None,
        name_address_protected=False,
        marital_status="G",
        gp=CLINIC,
        insurance_group=1,
        moved_in=dt.date(2015, 5, 1),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def child(birth: dt.date, name: str = "Lille Test") -> RelatedPerson:
    return RelatedPerson("0101141234", name, birth, "child", True, True)


def shown(p: PersonRecord, **facts: object) -> dict[str, rules.Suggestion]:
    with translation.override("da"):
        found = rules.suggestions(rules.Facts(person=p, today=TODAY, **facts))  # type: ignore[arg-type]
    return {s.rule: s for s in found}


def test_nothing_is_suggested_to_someone_with_nothing_going_on():
    assert shown(person()) == {}


def test_a_move_in_the_last_90_days_suggests_a_free_change_of_gp():
    found = shown(person(moved_in=TODAY - dt.timedelta(days=20)))
    suggestion = found["moved-change-gp"]
    assert "13. november 2026" in suggestion.reason  # when they moved
    assert "gratis" in suggestion.reason
    assert suggestion.url == "/selvbetjening/laegeskift/"
    assert "moved-change-gp" not in shown(person(moved_in=TODAY - dt.timedelta(days=91)))


def test_a_child_turning_15_soon_gets_its_own_gp_choice():
    kid = child(dt.date(2012, 1, 10))  # 15 on 10 January 2027
    found = shown(person(relations=(kid,)))
    assert "Lille fylder 15 år 10. januar 2027" in found["child-turns-15"].reason
    far = child(dt.date(2012, 6, 10))
    assert "child-turns-15" not in shown(person(relations=(far,)))


def test_a_recently_ordered_health_card_is_on_its_way():
    found = shown(person(), card_ordered=TODAY - dt.timedelta(days=3))
    suggestion = found["card-on-its-way"]
    assert "30. november 2026" in suggestion.reason
    assert "ikke bestille et nyt" in suggestion.reason
    assert suggestion.kind == "info" and suggestion.action == ""
    assert "card-on-its-way" not in shown(person(), card_ordered=TODAY - dt.timedelta(days=30))


def test_group_1_without_a_gp_is_asked_to_choose_one():
    assert "group-1-without-gp" in shown(person(gp=None))
    assert "group-1-without-gp" not in shown(person(gp=None, insurance_group=2))


def test_group_2_for_over_a_year_may_move_to_group_1():
    long_ago = person(gp=None, insurance_group=2, insurance_group_since=dt.date(2024, 1, 1))
    assert "over et år" in shown(long_ago)["group-2-may-change"].reason
    recent = person(gp=None, insurance_group=2, insurance_group_since=dt.date(2026, 6, 1))
    assert "group-2-may-change" not in shown(recent)


def test_a_child_who_just_turned_15_gets_its_own_card_so_none_is_ordered():
    kid = child(dt.date(2011, 11, 20))  # turned 15 on 20 November 2026
    assert "eget sundhedskort" in shown(person(relations=(kid,)))["child-15-own-card"].reason
    older = child(dt.date(2011, 6, 1))
    assert "child-15-own-card" not in shown(person(relations=(older,)))


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.id)
def test_every_rule_speaks_danish_and_english_and_names_a_service(rule):
    assert set(rule.title) == set(rule.reason) == {"da", "en"}
    assert rule.service
    assert rule.kind in ("action", "info")
    assert bool(rule.action) == (rule.kind == "action")


def test_english_readers_get_the_english_reason():
    with translation.override("en"):
        found = rules.suggestions(rules.Facts(person=person(gp=None), today=TODAY))
    assert found[0].reason.startswith("You are in health insurance group 1")
