"""The engine's field types, rules, conditions and prefill, on a small definition."""

import pytest
from django.utils import translation

from indgang.registers import queries as registers
from indgang.selfservice import engine

pytestmark = pytest.mark.django_db

MESSAGE = {"da": "For lidt", "en": "Too little"}
STEP = {
    "id": "alt",
    "title": {"da": "Alt", "en": "All"},
    "fields": [
        {"name": "who", "type": "info", "label": {"da": "Navn"}, "prefill": "person.name"},
        {
            "name": "note",
            "type": "text",
            "label": {"da": "Note"},
            "required": False,
            "rules": [{"rule": "max_length", "value": 5, "message": {"da": "Højst 5 tegn"}}],
        },
        {
            "name": "count",
            "type": "number",
            "label": {"da": "Antal"},
            "rules": [{"rule": "min", "value": 1, "message": MESSAGE}],
        },
        {"name": "price", "type": "amount", "label": {"da": "Pris"}},
        {"name": "when", "type": "date", "label": {"da": "Dato"}},
        {
            "name": "kind",
            "type": "choice",
            "label": {"da": "Slags"},
            "options": [{"value": "a", "label": {"da": "A"}}, {"value": "b", "label": {"da": "B"}}],
        },
        {
            "name": "why",
            "type": "text",
            "label": {"da": "Hvorfor B?"},
            "show_if": {"path": "answers.kind", "equals": "b"},
        },
        {"name": "cpr", "type": "cpr", "label": {"da": "CPR"}, "required": False},
        {"name": "where", "type": "address", "label": {"da": "Adresse"}, "required": False},
        {"name": "ok", "type": "consent", "label": {"da": "OK"}},
    ],
}
VALID = {"count": "2", "price": "149.50", "when": "2026-01-31", "kind": "a", "ok": "on"}


def form(data, answers=None, person=None):
    ctx = engine.Context(person=person, answers=answers or {})
    return engine.StepForm(data, items=engine.visible_fields(STEP, ctx), ctx=ctx)


def test_valid_answers_are_cleaned_to_json():
    f = form(VALID)
    assert f.is_valid(), f.errors
    assert {k: engine.to_json(v) for k, v in f.cleaned_data.items()} == {
        "note": "",
        "count": 2,
        "price": "149.50",
        "when": "2026-01-31",
        "kind": "a",
        "cpr": "",
        "where": "",
        "ok": True,
    }


def test_each_broken_rule_gives_its_message_and_its_name():
    f = form({**VALID, "note": "for lang", "count": "0", "price": "x", "cpr": "123", "ok": ""})
    assert not f.is_valid()
    assert f.errors["note"] == ["Højst 5 tegn"]
    assert f.errors["count"] == ["For lidt"]
    assert f.failed_rules == {
        "note": "max_length",
        "count": "min",
        "price": "format",
        "cpr": "format",
        "ok": "required",
    }


def test_messages_follow_the_language():
    with translation.override("en"):
        f = form({**VALID, "count": "0"})
        f.is_valid()
        assert f.errors["count"] == ["Too little"]


def test_a_field_shows_only_when_its_condition_holds():
    assert "why" not in form(VALID).fields
    assert "why" in form(VALID, answers={"kind": "b"}).fields


def test_an_address_must_match_one_address_in_the_register(population):
    def query(a):
        return f"{a.street} {a.house_number} {a.postcode}"

    unique = next(
        a for a in population.addresses if len(registers.search_addresses(query(a), 2)) == 1
    )
    f = form({**VALID, "where": query(unique)})
    assert f.is_valid(), f.errors
    assert f.cleaned_data["where"] == unique.id
    assert not form({**VALID, "where": "Findes Ikke Vej 1"}).is_valid()
    shared = next(
        a for a in population.addresses if len(registers.search_addresses(query(a), 2)) == 2
    )
    f = form({**VALID, "where": query(shared)})
    assert not f.is_valid()
    assert "Vælg en adresse på listen" in f.errors["where"][0]


def test_info_fields_show_prefilled_register_facts(parent_cpr):
    person = registers.person(parent_cpr)
    ctx = engine.Context(person=person, answers={})
    f = engine.StepForm(items=STEP["fields"], ctx=ctx)
    shown = {s.name: s for s in engine.shown_fields(f, STEP["fields"], ctx)}
    assert shown["who"].value == person.name


def test_conditions_combine():
    ctx = engine.Context(person=None, answers={"a": 1, "b": "x"})
    assert engine.holds(
        {"all": [{"path": "answers.a", "equals": 1}, {"path": "answers.b", "in": ["x"]}]}, ctx
    )
    assert engine.holds(
        {
            "any": [
                {"path": "answers.a", "equals": 2},
                {"not": {"path": "answers.c", "truthy": True}},
            ]
        },
        ctx,
    )
    assert not engine.holds({"path": "answers.missing", "truthy": True}, ctx)
