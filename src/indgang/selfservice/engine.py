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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indgang.core import cpr, numbers
from indgang.registers import queries as registers
from indgang.registers.base import AddressRecord, PersonRecord
from indgang.selfservice import functions, uploads
from indgang.selfservice.constants import FIELD_TYPES
from indgang.selfservice.functions import Option

Definition = dict[str, Any]
Step = dict[str, Any]
Field = dict[str, Any]

CHECK_PAGE = "tjek"
# The field types a repeating group's rows may hold.
GROUP_FIELD_TYPES = ("text", "number", "amount", "date")
RULES = ("min", "max", "min_length", "max_length", "pattern", "check")
# The longest text answer (a definition may set a lower "max_chars").
TEXT_MAX_CHARS = 4000


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

    def __init__(
        self,
        *args: Any,
        items: list[Field],
        ctx: Context,
        attached: dict[str, list[dict[str, Any]]] | None = None,
        upload_errors: dict[str, tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item["name"]: item for item in items}
        self.ctx = ctx
        self.failed_rules: dict[str, str] = {}
        # Files already stored with the draft, by field; and this POST's upload errors.
        self.attached = attached or {}
        self.upload_errors = upload_errors or {}
        # A repeating group's rows, each a small form of the group's fields.
        self.rows: dict[str, list[StepForm]] = {}
        for item in items:
            if item["type"] == "info":
                continue
            self.fields[item["name"]] = _form_field(item, ctx)
            if item["type"] == "group":
                self.rows[item["name"]] = self._rows(item)

    def _rows(self, item: Field) -> list[StepForm]:
        name = item["name"]
        most = group_max(item)
        if self.is_bound:
            # The count is the citizen's to post: capped before anything is allocated.
            count = min(max(as_int(self.data.get(f"{name}-count"), 0), 0), most)
            initial: list[dict[str, Any]] = [{} for _ in range(count)]
        else:
            initial = [dict(row) for row in (self.initial.get(name) or []) if isinstance(row, dict)]
        while len(initial) < max(1, int(item.get("min", 1))):
            initial.append({})
        return [
            StepForm(
                self.data if self.is_bound else None,
                items=item["fields"],
                ctx=self.ctx,
                prefix=f"{name}-{i}",
                initial=row,
            )
            for i, row in enumerate(initial[:most])
        ]

    def add_rule_error(self, name: str, rule: str, message: str) -> None:
        self.failed_rules.setdefault(name, rule)
        self.add_error(name, message)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, item in self.items.items():
            if item["type"] == "file":
                self._clean_files(name, item, cleaned)
            elif item["type"] == "group":
                self._clean_rows(name, cleaned)
        for name, form_field in self.fields.items():
            if self.items[name]["type"] in ("file", "group"):
                continue
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

    def _clean_files(self, name: str, item: Field, cleaned: dict[str, Any]) -> None:
        files = self.attached.get(name, [])
        cleaned[name] = files
        if name in self.upload_errors:
            rule, message = self.upload_errors[name]
            self.add_rule_error(name, rule, message)
        elif item.get("required", True) and not files:
            self.add_rule_error(
                name, "required", text(item.get("required_message")) or _("Attach a file.")
            )

    def _clean_rows(self, name: str, cleaned: dict[str, Any]) -> None:
        rows = []
        for row in self.rows[name]:
            if not row.is_valid():
                for field_name in row.errors:
                    self.failed_rules.setdefault(name, row.failed_rules.get(field_name, "format"))
                continue
            rows.append({k: to_json(v) for k, v in row.cleaned_data.items()})
        if len(rows) == len(self.rows[name]):
            cleaned[name] = rows

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all(row.is_valid() for rows in self.rows.values() for row in rows) and valid


def group_max(item: Field) -> int:
    """The most rows a repeating group may have (20 unless the definition says)."""
    return int(item.get("max", 20))


def as_int(value: Any, default: int) -> int:
    """A posted number, or ``default`` when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _builtin_rule(form_field: forms.Field, data: Any, name: str) -> str:
    raw = data.get(name) if hasattr(data, "get") else None
    return "required" if form_field.required and not raw else "format"


def _at_most(most: int) -> Any:
    """A length check with the message in the citizen's words and number format
    (no HTML maxlength: a pasted text is not cut off without a word)."""

    def check(value: str) -> None:
        if len(value) > most:
            raise forms.ValidationError(
                _("Write at most %(most)s characters (you have written %(count)s).")
                % {
                    "most": number_format(most, force_grouping=True),
                    "count": number_format(len(value), force_grouping=True),
                },
                code="max_length",
            )

    return check


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
        most = int(item.get("max_chars", TEXT_MAX_CHARS))
        return forms.CharField(**common, validators=[_at_most(most)])
    if kind == "number":
        return numbers.WholeNumberField(**common)
    if kind == "amount":
        return numbers.AmountField(min_value=0, **common)
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
        return cpr.CprField(**common)
    if kind == "address":
        return AddressField(**common)
    if kind in ("file", "group"):
        # Checked in StepForm.clean: files come from the draft, rows from sub-forms.
        return forms.Field(required=False, label=common["label"])
    raise ValueError(f"unknown field type {kind!r}")


class AddressField(forms.CharField):
    """Text that must match one address in the address register; stores its id."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return value
        found = registers.address(value) or None
        if found is None:
            found = match_address(value)
        return found.id


def match_address(value: str) -> AddressRecord:
    """The one register address a typed text means; a clear error for none or several."""
    matches = registers.search_addresses(value, limit=50)
    wanted = " ".join(value.lower().split())
    exact = [m for m in matches if m.label.lower() == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise forms.ValidationError(
            _(
                "We cannot find %(address)s in the address register. Check the street name "
                "and house number."
            )
            % {"address": value}
        )
    raise forms.ValidationError(
        _(
            "%(address)s matches %(count)s addresses. Choose an address from the list, "
            "or add the house number, floor, door and postcode, for example %(example)s."
        )
        % {
            "address": value,
            "count": len(matches) if len(matches) < 50 else "50+",
            "example": matches[0].label,
        }
    )


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
    # A file field's stored files; a group's rows of fields and its settings.
    files: list[dict[str, Any]] = field(default_factory=list)
    rows: list[list[ShownField]] = field(default_factory=list)
    add_label: str = ""
    can_add: bool = False
    accept: str = ""
    prefix: str = ""
    # A long choice list the citizen may narrow (by name, postcode): the label
    # of the search box, what was searched, and how many options there are.
    filter_label: str = ""
    filter_text: str = ""
    option_count: int = 0

    @property
    def id(self) -> str:
        return f"id_{self.prefix}{self.name}"

    @property
    def input_name(self) -> str:
        return f"{self.prefix}{self.name}"

    @property
    def all_errors(self) -> list[tuple[str, str]]:
        """(element id, message) for the error summary, rows included."""
        target = f"{self.id}_0" if self.options else self.id
        own = [(target, e) for e in self.errors]
        return own + [(f.id, e) for row in self.rows for f in row for e in f.errors]


def shown_fields(form: StepForm, items: list[Field], ctx: Context) -> list[ShownField]:
    shown = []
    for item in items:
        name = item["name"]
        value: Any
        errors: list[str]
        if item["type"] == "info":
            value = _display_value(item, prefilled(item, ctx))
            errors = []
        elif item["type"] in ("file", "group"):
            value = None
            errors = [str(e) for e in form.errors.get(name, [])]
        elif form.is_bound:
            raw: Any = form.data
            value = (
                raw.getlist(form.add_prefix(name))
                if item["type"] == "multichoice"
                else raw.get(form.add_prefix(name))
            )
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
                value=_input_value(item, value, form.is_bound),
                errors=errors,
                options=[
                    ShownOption(o.value, o.label, o.hint, o.value in selected)
                    for o in (
                        options(item, ctx) if item["type"] in ("choice", "multichoice") else []
                    )
                ],
                files=form.attached.get(name, []) if item["type"] == "file" else [],
                rows=[shown_fields(row, item["fields"], ctx) for row in form.rows.get(name, [])],
                add_label=text(item.get("add_label", "")),
                can_add=len(form.rows.get(name, [])) < int(item.get("max", 20)),
                accept=",".join(
                    uploads.mime_type(k) for k in item.get("accept", uploads.DEFAULT_ACCEPT)
                )
                if item["type"] == "file"
                else "",
                prefix=f"{form.prefix}-" if form.prefix else "",
            )
        )
    return shown


def filter_options(fields: list[ShownField], items: list[Field], text: str) -> list[ShownField]:
    """Narrow the options of fields whose definition has a ``filter`` label to
    those whose name or hint contain every searched word (a chosen one stays)."""
    labels = {item["name"]: text_of_filter(item) for item in items}
    words = text.casefold().split()
    narrowed = []
    for f in fields:
        label = labels.get(f.name, "")
        if label:
            kept = [
                o
                for o in f.options
                if o.checked or all(w in f"{o.label} {o.hint}".casefold() for w in words)
            ]
            f = replace(
                f, options=kept, filter_label=label, filter_text=text, option_count=len(f.options)
            )
        narrowed.append(f)
    return narrowed


def text_of_filter(item: Field) -> str:
    return text(item["filter"]) if item.get("filter") else ""


def _input_value(item: Field, value: Any, bound: bool) -> Any:
    """What an input shows: a posted text as typed (nothing is lost), a stored
    amount the Danish way ("3.250,50"), an address as its label."""
    if item["type"] == "address":
        return _display_value(item, value)
    if item["type"] == "amount" and not bound and value not in (None, ""):
        return numbers.kroner(value, unit=False)
    return value


def _display_value(item: Field, value: Any) -> str:
    if value in (None, "", []):
        return text(item.get("empty", ""))
    if item["type"] == "address":
        found = registers.address(str(value))
        return found.label if found else str(value)
    if item["type"] == "amount":
        return numbers.kroner(value)
    if item["type"] == "number":
        return numbers.number(value)
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
    if item["type"] == "file":
        return ", ".join(str(f.get("name")) for f in value or []) or _("None")
    if item["type"] == "group":
        rows = value or []
        shown = "; ".join(
            ", ".join(display(sub, row.get(sub["name"]), ctx) for sub in item["fields"])
            for row in rows
        ) or _("None")
        amounts = [sub["name"] for sub in item["fields"] if sub["type"] == "amount"]
        if len(rows) > 1 and len(amounts) == 1:
            total = group_total(rows, amounts[0])
            shown += " " + _("(in total %(total)s)") % {"total": numbers.kroner(total)}
        return shown
    if item["type"] == "info":
        return _display_value(item, prefilled(item, ctx))
    return _display_value(item, value)


def group_total(rows: list[dict[str, Any]], name: str) -> Decimal:
    """The sum of one amount column of a repeating group's rows."""
    return sum(
        (Decimal(str(row[name])) for row in rows if row.get(name) not in (None, "")), Decimal(0)
    )


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
    """The definition's notices for a page ("start", "check", "receipt", "step:<id>") whose
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


# Self-service fetches personal data from the registers: never below NSIS
# "substantial". A service may ask for "high".
LEVELS_OF_ASSURANCE = ("substantial", "high")


def level_of_assurance(definition: Definition) -> str:
    """The NSIS level a service needs ("" means the site's minimum)."""
    return str(definition.get("level_of_assurance", ""))


def problems(definition: Any) -> list[str]:
    """What is wrong with a definition, in plain words; empty when it is fine."""
    found: list[str] = []
    if not isinstance(definition, dict):
        return ["the definition must be a JSON object"]
    if definition.get("level_of_assurance", "substantial") not in LEVELS_OF_ASSURANCE:
        found.append(
            f"'level_of_assurance' must be one of {', '.join(LEVELS_OF_ASSURANCE)} "
            "(self-service shows personal data)"
        )
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
            if item.get("type") == "group" and not all(
                sub.get("type") in GROUP_FIELD_TYPES for sub in item.get("fields") or [{}]
            ):
                found.append(f"group {name!r} needs fields of types {', '.join(GROUP_FIELD_TYPES)}")
            if item.get("type") == "file" and not set(
                item.get("accept", uploads.DEFAULT_ACCEPT)
            ) <= set(uploads.DEFAULT_ACCEPT):
                found.append(
                    f"file field {name!r} accepts only {', '.join(uploads.DEFAULT_ACCEPT)}"
                )
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
        pages = set(notice.get("pages", []))
        steps_named = {p.removeprefix("step:") for p in pages if p.startswith("step:")}
        if (
            "text" not in notice
            or not pages - {f"step:{sid}" for sid in steps_named} <= {"start", "check", "receipt"}
            or not steps_named <= step_ids
        ):
            found.append(
                "a notice needs a text and pages among start, check, receipt, step:<step id>"
            )
    if definition.get("on_submit") and definition["on_submit"] not in functions.handlers:
        found.append(f"unknown on_submit handler {definition['on_submit']!r}")
    return found
