"""The form engine: reads a service definition (data) and turns it into steps,
forms, conditions, computed values, prefill and a summary.

A definition is JSON (see docs/selfservice.md for the schema)::

    {"slug": "laegeskift", "version": 1, "title": {"da": ..., "en": ...},
     "computed": [{"name": "fee", "function": "laegeskift.fee"}],
     "steps": [{"id": "gp", "title": {...}, "skip_if": {...},
                "fields": [{"name": "clinic", "type": "choice", "label": {...},
                            "help": {...}, "options_from": "laegeskift.clinics",
                            "show_if": {...}, "prefill": "person.gp.id",
                            "rules": [{"rule": "check", "function": "...",
                                       "messages": {"key": {"da": ..., "en": ...}}}]}]}],
     "on_submit": "laegeskift.submit"}

Texts are ``{"da": ..., "en": ...}``; Danish is used when the language has no text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr

from indgang.registers import queries as registers
from indgang.registers.base import PersonRecord
from indgang.selfservice import functions
from indgang.selfservice.constants import FIELD_TYPES
from indgang.selfservice.functions import Option

Definition = dict[str, Any]
Step = dict[str, Any]
Field = dict[str, Any]

CHECK_PAGE = "tjek"
RULES = ("min", "max", "min_length", "max_length", "pattern", "check")


def text(value: Any) -> str:
    """A definition text in the current language (Danish when missing)."""
    if isinstance(value, dict):
        language = (get_language() or "da")[:2]
        return str(value.get(language) or value.get("da") or "")
    return str(value or "")


@dataclass
class Context:
    """What conditions, computed values and prefill can see."""

    person: PersonRecord | None
    answers: dict[str, Any]
    computed: dict[str, Any] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    # For service functions to keep expensive lookups for the rest of a request.
    cache: dict[str, Any] = field(default_factory=dict)


def resolve(ctx: Context, path: str) -> Any:
    """``person.gp.name``, ``answers.clinic`` or ``computed.fee``."""
    root, _sep, rest = path.partition(".")
    value: Any
    if root == "answers":
        value = ctx.answers
    elif root == "computed":
        value = ctx.computed
    elif root == "person":
        value = ctx.person
    else:
        raise ValueError(f"unknown path root in {path!r}")
    for part in rest.split(".") if rest else ():
        if value is None or part.startswith("_"):
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


def holds(condition: dict[str, Any] | None, ctx: Context) -> bool:
    """Evaluate a condition: ``{"path": ..., "equals"|"in"|"truthy": ...}``,
    ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": {...}}``."""
    if not condition:
        return False
    if "all" in condition:
        return all(holds(c, ctx) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, ctx) for c in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], ctx)
    value = resolve(ctx, condition["path"])
    if "equals" in condition:
        return bool(value == condition["equals"])
    if "in" in condition:
        return value in condition["in"]
    if "truthy" in condition:
        return bool(value) == bool(condition["truthy"])
    raise ValueError(f"condition without a test: {condition!r}")


def compute(definition: Definition, ctx: Context) -> dict[str, Any]:
    """Evaluate the computed values in order; later ones may use earlier ones."""
    ctx.computed = {}
    for item in definition.get("computed", []):
        ctx.computed[item["name"]] = functions.computations[item["function"]](ctx)
    return ctx.computed


def active_steps(definition: Definition, ctx: Context) -> list[Step]:
    """The steps this citizen goes through, given the answers so far."""
    return [s for s in definition["steps"] if not holds(s.get("skip_if"), ctx)]


def visible_fields(step: Step, ctx: Context) -> list[Field]:
    return [f for f in step.get("fields", []) if "show_if" not in f or holds(f.get("show_if"), ctx)]


def options(item: Field, ctx: Context) -> list[Option]:
    if "options_from" in item:
        return functions.option_sources[item["options_from"]](ctx)
    return [
        Option(str(o["value"]), text(o["label"]), text(o.get("hint", "")))
        for o in item.get("options", [])
    ]


def prefilled(item: Field, ctx: Context) -> Any:
    """A field's value from the registers (``prefill`` path) or a fixed text (``value``)."""
    if "value" in item:
        return text(item["value"])
    return resolve(ctx, item["prefill"]) if item.get("prefill") else None


# -- forms ------------------------------------------------------------------------------


class StepForm(forms.Form):
    """The fields of one step; ``failed_rules`` names the rule behind each error."""

    def __init__(self, *args: Any, items: list[Field], ctx: Context, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item["name"]: item for item in items}
        self.ctx = ctx
        self.failed_rules: dict[str, str] = {}
        for item in items:
            if item["type"] != "info":
                self.fields[item["name"]] = _form_field(item, ctx)

    def add_rule_error(self, name: str, rule: str, message: str) -> None:
        self.failed_rules.setdefault(name, rule)
        self.add_error(name, message)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, form_field in self.fields.items():
            if name in self.errors:
                self.failed_rules.setdefault(name, _builtin_rule(form_field, self.data, name))
                continue
            value = cleaned.get(name)
            for rule in self.items[name].get("rules", []):
                problem = _broken(rule, value, self.ctx)
                if problem:
                    self.add_rule_error(name, rule.get("function", rule["rule"]), problem)
                    break
        return cleaned


def _builtin_rule(form_field: forms.Field, data: Any, name: str) -> str:
    raw = data.get(name) if hasattr(data, "get") else None
    return "required" if form_field.required and not raw else "format"


def _messages(item: Field) -> dict[str, str]:
    required = item.get("required_message")
    return {"required": text(required)} if required else {}


def _form_field(item: Field, ctx: Context) -> forms.Field:
    kind = item["type"]
    common: dict[str, Any] = {
        "label": text(item.get("label")),
        "help_text": text(item.get("help", "")),
        "required": item.get("required", True),
        "error_messages": _messages(item),
    }
    if kind == "text":
        return forms.CharField(**common)
    if kind == "number":
        return forms.IntegerField(**common)
    if kind == "amount":
        return forms.DecimalField(max_digits=12, decimal_places=2, min_value=0, **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "choice":
        choices = [(o.value, o.label) for o in options(item, ctx)]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == "multichoice":
        choices = [(o.value, o.label) for o in options(item, ctx)]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == "consent":
        return forms.BooleanField(**common)
    if kind == "cpr":
        return CprField(**common)
    if kind == "address":
        return AddressField(**common)
    raise ValueError(f"unknown field type {kind!r}")


class CprField(forms.CharField):
    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return value
        digits = str(value).replace("-", "").replace(" ", "")
        try:
            # Format and birth date only: the modulus-11 check was dropped in 2007.
            stdnum_cpr.get_birth_date(digits)
            if not re.fullmatch(r"\d{10}", digits):
                raise ValueError
        except Exception:
            raise forms.ValidationError(
                _("Enter the CPR number as 10 digits, for example 010203-1234.")
            ) from None
        return digits


class AddressField(forms.CharField):
    """Text that must match one address in the address register; stores its id."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return value
        found = registers.address(value) or None
        if found is None:
            matches = registers.search_addresses(value, limit=2)
            if len(matches) != 1:
                raise forms.ValidationError(
                    _("Choose an address from the list, or write the full address.")
                )
            found = matches[0]
        return found.id


def _broken(rule: dict[str, Any], value: Any, ctx: Context) -> str | None:
    """The message for a broken rule, or None. Empty optional values pass."""
    kind = rule["rule"]
    if kind == "check":
        key = functions.checks[rule["function"]](ctx, value)
        if key is None:
            return None
        return text(rule.get("messages", {}).get(key) or rule.get("message"))
    if value in (None, "", []):
        return None
    broken = (
        (kind == "min" and value < Decimal(str(rule["value"])))
        or (kind == "max" and value > Decimal(str(rule["value"])))
        or (kind == "min_length" and len(str(value)) < rule["value"])
        or (kind == "max_length" and len(str(value)) > rule["value"])
        or (kind == "pattern" and not re.fullmatch(rule["value"], str(value)))
    )
    return text(rule.get("message")) if broken else None


def to_json(value: Any) -> Any:
    """Answers are stored as JSON."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# -- showing answers ------------------------------------------------------------------


@dataclass(frozen=True)
class ShownOption:
    value: str
    label: str
    hint: str
    checked: bool


@dataclass(frozen=True)
class ShownField:
    """What the step template needs to draw one field."""

    name: str
    type: str
    label: str
    help: str
    required: bool
    value: Any
    errors: list[str]
    options: list[ShownOption]

    @property
    def id(self) -> str:
        return f"id_{self.name}"


def shown_fields(form: StepForm, items: list[Field], ctx: Context) -> list[ShownField]:
    shown = []
    for item in items:
        name = item["name"]
        value: Any
        errors: list[str]
        if item["type"] == "info":
            value = _display_value(item, prefilled(item, ctx))
            errors = []
        elif form.is_bound:
            raw: Any = form.data
            value = raw.getlist(name) if item["type"] == "multichoice" else raw.get(name)
            errors = [str(e) for e in form.errors.get(name, [])]
        else:
            value = form.initial.get(name)
            errors = []
        selected = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        shown.append(
            ShownField(
                name=name,
                type=item["type"],
                label=text(item.get("label")),
                help=text(item.get("help", "")),
                required=item.get("required", True),
                value=_display_value(item, value) if item["type"] == "address" else value,
                errors=errors,
                options=[
                    ShownOption(o.value, o.label, o.hint, o.value in selected)
                    for o in (
                        options(item, ctx) if item["type"] in ("choice", "multichoice") else []
                    )
                ],
            )
        )
    return shown


def _display_value(item: Field, value: Any) -> str:
    if value in (None, "", []):
        return text(item.get("empty", ""))
    if item["type"] == "address":
        found = registers.address(str(value))
        return found.label if found else str(value)
    return "" if value is None else str(value)


def display(item: Field, value: Any, ctx: Context) -> str:
    """An answer as the citizen reads it on "Tjek dine svar" and the receipt."""
    if item["type"] in ("choice", "multichoice"):
        labels = {o.value: o.label for o in options(item, ctx)}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values if v not in (None, "")) or _(
            "None"
        )
    if item["type"] == "consent":
        return _("Yes") if value else _("No")
    if item["type"] == "info":
        return _display_value(item, prefilled(item, ctx))
    return _display_value(item, value)


def summary(definition: Definition, ctx: Context) -> list[tuple[Step, list[tuple[str, str]]]]:
    """Each active step with its visible answers, for "Tjek dine svar"."""
    rows = []
    for step in active_steps(definition, ctx):
        answers = [
            (text(item.get("label")), display(item, ctx.answers.get(item["name"]), ctx))
            for item in visible_fields(step, ctx)
            if item.get("summary", True)
        ]
        rows.append((step, answers))
    return rows


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def notices(definition: Definition, ctx: Context, page: str) -> list[dict[str, str]]:
    """The definition's notices for a page ("start", "check", "receipt") whose
    condition holds; ``{name}`` in a text is replaced by that computed value."""
    shown = []
    for notice in definition.get("notices", []):
        if page not in notice.get("pages", ()) or (
            "when" in notice and not holds(notice["when"], ctx)
        ):
            continue
        body = _PLACEHOLDER.sub(
            lambda m: str(ctx.computed.get(m.group(1), "")), text(notice["text"])
        )
        shown.append({"kind": notice.get("kind", "info"), "text": body})
    return shown


# -- validating definitions -------------------------------------------------------------


def problems(definition: Any) -> list[str]:
    """What is wrong with a definition, in plain words; empty when it is fine."""
    found: list[str] = []
    if not isinstance(definition, dict):
        return ["the definition must be a JSON object"]
    for key in ("slug", "title", "steps"):
        if key not in definition:
            found.append(f"missing {key!r}")
    if not isinstance(definition.get("steps", []), list) or not definition.get("steps"):
        found.append("'steps' must be a non-empty list")
        return found
    names: set[str] = set()
    step_ids: set[str] = set()
    for step in definition["steps"]:
        sid = step.get("id", "?")
        if sid in step_ids or sid == CHECK_PAGE:
            found.append(f"step id {sid!r} is used twice or reserved")
        step_ids.add(sid)
        if "title" not in step:
            found.append(f"step {sid!r} has no title")
        for item in step.get("fields", []):
            name = item.get("name", "?")
            if name in names:
                found.append(f"field {name!r} is used twice")
            names.add(name)
            if item.get("type") not in FIELD_TYPES:
                found.append(f"field {name!r} has unknown type {item.get('type')!r}")
            if item.get("options_from") and item["options_from"] not in functions.option_sources:
                found.append(f"field {name!r}: unknown option source {item['options_from']!r}")
            for rule in item.get("rules", []):
                if rule.get("rule") not in RULES:
                    found.append(f"field {name!r}: unknown rule {rule.get('rule')!r}")
                if rule.get("rule") == "check" and rule.get("function") not in functions.checks:
                    found.append(f"field {name!r}: unknown check {rule.get('function')!r}")
    for item in definition.get("computed", []):
        if item.get("function") not in functions.computations:
            found.append(f"computed {item.get('name')!r}: unknown function")
    for notice in definition.get("notices", []):
        if "text" not in notice or not set(notice.get("pages", [])) <= {
            "start",
            "check",
            "receipt",
        }:
            found.append("a notice needs a text and pages among start, check, receipt")
    if definition.get("on_submit") and definition["on_submit"] not in functions.handlers:
        found.append(f"unknown on_submit handler {definition['on_submit']!r}")
    return found
