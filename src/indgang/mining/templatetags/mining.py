from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indgang.core import numbers
from indgang.mining.engine.findings import fmt_duration

register = template.Library()


@register.filter
def duration(seconds: float | str | None) -> str:
    """Seconds as a short, human duration in the page's language ("3,1 dage")."""
    if seconds is None or seconds == "":
        return "–"
    return fmt_duration(float(seconds), "da" if get_language() == "da" else "en")


@register.filter
def finding_text(finding: dict[str, str]) -> str:
    return finding["text_da"] if get_language() == "da" else finding["text_en"]


@register.filter
def percent(part: float, whole: float) -> str:
    return numbers.percent(100 * part / whole) if whole else "–"


@register.filter
def share(value: float | None) -> str:
    """A share (0-1) as a Danish/English percentage, e.g. "12,5 %"."""
    if value is None:
        return "–"
    return numbers.percent(100 * value)


@register.filter
def heat(seconds: float | None, longest: float | None) -> str:
    """An edge colour from grey (short wait) to dark red (the longest median wait)."""
    if seconds is None or not longest:
        return "#6f6f6f"
    level = min(1.0, max(0.0, float(seconds) / float(longest))) ** 0.5
    red = int(111 + (165 - 111) * level)
    other = int(111 * (1 - level))
    return f"#{red:02x}{other:02x}{other:02x}"


KIND_LABELS = {
    "detour": _("Detour"),
    "rework": _("Rework"),
    "bottleneck": _("Bottleneck"),
    "waiting": _("Waiting"),
    "handover": _("Handover"),
    "variant_explosion": _("Many variants"),
    "long_tail": _("Long tail"),
}


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def rule_sentence(rule: dict[str, object]) -> str:
    from indgang.mining.engine.conformance import rule_text

    return rule_text(rule, "da" if get_language() == "da" else "en")


BURDEN_KINDS = {
    "documentation": _("Requests for documentation or information"),
    "hearing": _("Hearings"),
    "repeat": _("Repeated applications"),
}


@register.filter
def burden_kind(kind: str) -> str:
    return str(BURDEN_KINDS.get(kind, kind))


REMEDY_LABELS = {
    "automate": _("Automate a step"),
    "self_service": _("Self-service or data reuse"),
    "drop_demand": _("Drop a documentation demand"),
    "reorganise": _("Reorganise"),
}


@register.filter
def remedy_label(remedy: str) -> str:
    return str(REMEDY_LABELS.get(remedy, remedy))


@register.filter
def lang(item: object, field: str) -> str:
    """``item.<field>_da`` or ``item.<field>_en`` in the page's language."""
    suffix = "da" if get_language() == "da" else "en"
    return str(getattr(item, f"{field}_{suffix}", ""))


def _number(value: float) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", ".") if get_language() == "da" else text


@register.filter
def hours(value: float | None) -> str:
    """Whole hours with the language's thousands separator ("1.234 t")."""
    if value is None:
        return "–"
    return f"{_number(value)} {'t' if get_language() == 'da' else 'h'}"


@register.filter
def days(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{_number(value)} {'dage' if get_language() == 'da' else 'days'}"
