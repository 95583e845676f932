from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.core.forms import DesignSystemForm
from indgang.mining.constants import ALLOWED_SUFFIXES, MAX_UPLOAD_BYTES


class UploadForm(DesignSystemForm):
    name = forms.CharField(label=_("Name of the process"), max_length=200)
    file = forms.FileField(
        label=_("Event log"),
        help_text=_("XES (.xes, .xes.gz) or CSV (.csv, .csv.gz), at most 500 MB."),
    )
    case_column = forms.CharField(
        label=_("CSV: case id column"),
        required=False,
        max_length=100,
        help_text=_("Leave the CSV fields empty to use well-known column names."),
    )
    activity_column = forms.CharField(label=_("CSV: activity column"), required=False)
    timestamp_column = forms.CharField(label=_("CSV: timestamp column"), required=False)
    resource_column = forms.CharField(label=_("CSV: resource column"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                _("Choose a file ending in .xes, .xes.gz, .csv or .csv.gz."), code="file_type"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 500 MB. Use the command line for large logs."),
                code="file_size",
            )
        return upload

    def csv_mapping(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        columns = {
            "case_id": data.get("case_column"),
            "activity": data.get("activity_column"),
            "timestamp": data.get("timestamp_column"),
            "resource": data.get("resource_column") or None,
        }
        if not any(columns.values()):
            return None
        defaults = {"case_id": "case_id", "activity": "activity", "timestamp": "timestamp"}
        return {key: value or defaults.get(key) for key, value in columns.items()}


class AnalysisForm(DesignSystemForm):
    """The map slider, the view and the filters; all optional, read from GET."""

    aktiviteter = forms.IntegerField(
        label=_("Activities shown (%)"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"type": "range", "step": 1}),
        help_text=_("The most frequent activities first; hidden ones are left out of the paths."),
    )
    stier = forms.IntegerField(
        label=_("Paths shown (%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"type": "range", "step": 5}),
        help_text=_("Lower values hide rare paths."),
    )
    visning = forms.ChoiceField(
        label=_("Show on the arrows"),
        choices=[("frekvens", _("Frequency")), ("tid", _("Median time"))],
        required=False,
    )
    fra = forms.DateField(
        label=_("Cases from (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("Cases until (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    aktivitet = forms.CharField(label=_("Only cases with activity"), required=False, max_length=200)
    top = forms.IntegerField(
        label=_("Only the most common variants (number)"), min_value=1, required=False
    )
    side = forms.IntegerField(min_value=1, required=False)
    variant = forms.IntegerField(min_value=1, required=False)
    sag = forms.CharField(label=_("Case"), required=False, max_length=200)
    regel = forms.IntegerField(min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            self.add_error("til", _("The end date is before the start date."))
        return data


class PerspectiveForm(DesignSystemForm):
    """Which attribute names the activities, and which groups events into cases."""

    activity_key = forms.ChoiceField(label=_("Activity name from"), required=False)
    case_key = forms.ChoiceField(label=_("Cases grouped by"), required=False)

    def __init__(
        self,
        *args: Any,
        activity_choices: list[tuple[str, str]],
        case_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity_key"].choices = activity_choices  # type: ignore[attr-defined]
        self.fields["case_key"].choices = case_choices  # type: ignore[attr-defined]


RULE_TYPE_CHOICES = [
    ("before", _("A before B")),
    ("at_most", _("At most N times A")),
    ("within", _("B within N working days of A (or of the start)")),
    ("requires", _("B never without A")),
]


class RuleForm(DesignSystemForm):
    """One declarative rule, stated by the analyst in terms of the log's activities."""

    type = forms.ChoiceField(label=_("Rule"), choices=RULE_TYPE_CHOICES)
    a = forms.ChoiceField(label=_("Activity A"), required=False)
    b = forms.ChoiceField(label=_("Activity B"), required=False)
    n = forms.IntegerField(
        label=_("N (times or working days)"), min_value=0, max_value=10000, required=False
    )

    def __init__(self, *args: Any, activities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(name, name) for name in activities]
        self.fields["a"].choices = [("", _("The start of the case")), *options]  # type: ignore[attr-defined]
        self.fields["b"].choices = [("", "–"), *options]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        if kind in {"before", "requires", "within"} and not data.get("b"):
            self.add_error("b", _("Choose activity B."))
        if kind in {"before", "requires", "at_most"} and not data.get("a"):
            self.add_error("a", _("Choose activity A."))
        if kind in {"at_most", "within"} and data.get("n") is None:
            self.add_error("n", _("Enter N."))
        return data

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        rule: dict[str, Any] = {"type": data["type"], "a": data.get("a") or ""}
        if data["type"] != "at_most":
            rule["b"] = data.get("b") or ""
        if data["type"] == "at_most":
            rule["n"] = data["n"]
        if data["type"] == "within":
            rule["days"] = data["n"]
        return rule


class BpmnForm(DesignSystemForm):
    name = forms.CharField(label=_("Name of the model"), max_length=100)
    model = forms.FileField(
        label=_("BPMN file"), help_text=_("BPMN 2.0 XML (.bpmn or .xml), at most 2 MB.")
    )

    def clean_model(self) -> Any:
        upload = self.cleaned_data["model"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The BPMN file is larger than 2 MB."), code="file_size")
        return upload


class BurdenPatternsForm(DesignSystemForm):
    """Which activity names mean the case went back to the citizen (regular expressions)."""

    documentation = forms.CharField(
        label=_("Requests for documentation or information"), required=False, max_length=1000
    )
    hearing = forms.CharField(label=_("Hearings"), required=False, max_length=1000)
    repeat = forms.CharField(
        label=_("Applications (a second one in a case counts)"), required=False, max_length=1000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("documentation", "hearing", "repeat"):
            try:
                re.compile(data.get(name) or "")
            except re.error:
                self.add_error(name, _("This is not a valid regular expression."))
        return data

    def patterns(self) -> list[dict[str, str]]:
        return [
            {"kind": kind, "pattern": self.cleaned_data.get(kind) or ""}
            for kind in ("documentation", "hearing", "repeat")
        ]
