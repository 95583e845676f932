from django import template
from django.utils.translation import get_language

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
    return f"{100 * part / whole:.1f} %" if whole else "–"
