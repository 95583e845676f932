from typing import Any

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string

from indgang.core.forms import FIELD_LABELS

register = template.Library()


@register.simple_tag
def field(bound: BoundField) -> str:
    """Render one form field as a design-system form group."""
    context: dict[str, Any] = {"field": bound, **FIELD_LABELS}
    return render_to_string("core/includes/field.html", context)
