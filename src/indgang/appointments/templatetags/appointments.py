"""Editor-written texts in the page's language, with a visible Danish fallback."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def in_english(obj: Any, field: str) -> SafeString:
    """``obj.<field>_en`` on English pages when the editor wrote it; otherwise the
    Danish text, marked ``lang="da"`` so screen readers pronounce it as Danish."""
    danish = str(getattr(obj, field, "") or "")
    if (get_language() or "da")[:2] != "en":
        return linebreaksbr(danish)
    english = str(getattr(obj, f"{field}_en", "") or "")
    if english:
        return linebreaksbr(english)
    if not danish:
        return SafeString()
    return format_html('<span lang="da">{}</span>', linebreaksbr(danish))
