"""Form helpers that render Django forms in Det Fælles Designsystem style."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DesignSystemForm(forms.Form):
    """Adds the design system's classes and ARIA wiring to every widget.

    Templates render fields with ``core/includes/field.html`` and the error
    summary with ``core/includes/error_summary.html``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs.setdefault("class", css)
            # Errors are wired in full_clean: reading self.errors here would
            # validate before a subclass has set up its fields (e.g. choices).
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        # Re-run the ARIA wiring now that errors are known.
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                ids = [f"{bound.auto_id}-error"]
                if self.fields[name].help_text:
                    ids.insert(0, f"{bound.auto_id}-hint")
                attrs["aria-describedby"] = " ".join(ids)


FIELD_LABELS = {"optional_label": _("optional"), "error_label": _("Error")}
