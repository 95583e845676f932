from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.contacts.constants import Channel
from indgang.core import numbers
from indgang.core.forms import DesignSystemForm
from indgang.insights.businesscase import Inputs
from indgang.insights.metrics import Period
from indgang.insights.services import COMMENT_MAX_LENGTH

DEFAULT_DAYS = 90
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a date as dd-mm-yyyy, for example 01-01-2026.")}


def default_periods(today: date | None = None) -> dict[str, date]:
    """The last 90 days against the 90 days before them."""
    today = today or timezone.localdate()
    current_start = today - timedelta(days=DEFAULT_DAYS - 1)
    baseline_end = current_start - timedelta(days=1)
    return {
        "current_start": current_start,
        "current_end": today,
        "baseline_start": baseline_end - timedelta(days=DEFAULT_DAYS - 1),
        "baseline_end": baseline_end,
    }


class DashboardForm(DesignSystemForm):
    """Period comparison and filters, read from the query string."""

    baseline_start = forms.DateField(
        label=_("Baseline from"), widget=DATE, error_messages=DATE_ERRORS
    )
    baseline_end = forms.DateField(label=_("Baseline to"), widget=DATE, error_messages=DATE_ERRORS)
    current_start = forms.DateField(
        label=_("Current period from"), widget=DATE, error_messages=DATE_ERRORS
    )
    current_end = forms.DateField(
        label=_("Current period to"), widget=DATE, error_messages=DATE_ERRORS
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    administration = forms.ChoiceField(label=_("Administration"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        administrations: list[tuple[str, str]] | None = None,
        services: list[tuple[str, str]] | None = None,
    ) -> None:
        defaults = default_periods()
        if data is not None:
            # Missing dates fall back to the defaults; what was typed is kept.
            data = data.copy()
            for name, value in defaults.items():
                if not data.get(name):
                    data[name] = value.isoformat()
        super().__init__(data, initial=defaults)
        channel = cast(forms.ChoiceField, self.fields["channel"])
        channel.choices = [("", _("All channels")), *Channel.choices]
        if administrations is None:
            del self.fields["administration"]
        else:
            cast(forms.ChoiceField, self.fields["administration"]).choices = [
                ("", _("All administrations")),
                *administrations,
            ]
        if services is None:
            del self.fields["service"]
        else:
            service = cast(forms.ChoiceField, self.fields["service"])
            service.choices = [("", _("All services")), *services]
        # DesignSystemForm validated while wiring ARIA, before the choices
        # were known: validate again against them.
        self._errors = None  # type: ignore[assignment]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for prefix, name in (("baseline", _("baseline")), ("current", _("current period"))):
            start, end = cleaned.get(f"{prefix}_start"), cleaned.get(f"{prefix}_end")
            if start and end and end < start:
                self.add_error(
                    f"{prefix}_end",
                    _("The end of the %(name)s must be on or after its start.") % {"name": name},
                )
            elif start and end and (end - start).days > 366 * 3:
                self.add_error(f"{prefix}_end", _("Choose a period of at most three years."))
        return cleaned

    def periods(self) -> tuple[Period, Period]:
        c = self.cleaned_data
        return (
            Period(c["baseline_start"], c["baseline_end"]),
            Period(c["current_start"], c["current_end"]),
        )


def _decimal(
    label: Any,
    missing: Any,
    *,
    minimum: int,
    maximum: int,
    places: int = 2,
    required: bool = True,
    **kw: Any,
) -> forms.DecimalField:
    return numbers.DecimalNumberField(
        label=label,
        min_value=Decimal(minimum),
        max_value=Decimal(maximum),
        decimal_places=places,
        max_digits=14,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": missing,
            "invalid": _("Enter a number, for example 8 or 7,5."),
            "min_value": _("Enter a number of at least %(limit_value)s."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
            "max_decimal_places": _("Use at most %(max)s decimals."),
            "max_digits": _("The number is too large."),
            "max_whole_digits": _("The number is too large."),
        },
        **kw,
    )


class BusinessCaseForm(DesignSystemForm):
    calls_per_year = numbers.WholeNumberField(
        label=_("Calls per year"),
        min_value=0,
        max_value=100_000_000,
        error_messages={
            "required": _("Enter the number of calls per year."),
            "invalid": _("Enter a whole number of calls, for example 19460."),
            "min_value": _("The number of calls cannot be negative."),
            "max_value": _("Enter at most 100,000,000 calls."),
        },
    )
    minutes_per_call = _decimal(
        _("Minutes per call"), _("Enter how many minutes a call takes."), minimum=0, maximum=600
    )
    reduction_percent = _decimal(
        _("Expected reduction in calls (%)"),
        _("Enter the expected reduction in per cent."),
        minimum=0,
        maximum=100,
        places=1,
    )
    cost_per_hour = _decimal(
        _("Cost per staff hour (kr.)"),
        _("Enter the cost per staff hour."),
        minimum=0,
        maximum=100_000,
        help_text=_("Salary with overhead. The default is the setting INSIGHTS_COST_PER_HOUR."),
    )
    investment_per_year = _decimal(
        _("Investment per year (kr.)"), "", minimum=0, maximum=1_000_000_000, required=False
    )
    one_off_investment = _decimal(
        _("One-off investment (kr.)"), "", minimum=0, maximum=1_000_000_000, required=False
    )

    @staticmethod
    def defaults() -> dict[str, Any]:
        return {"cost_per_hour": settings.INSIGHTS_COST_PER_HOUR, "investment_per_year": 0}

    def clean_minutes_per_call(self) -> Decimal:
        value: Decimal = self.cleaned_data["minutes_per_call"]
        if value <= 0:
            raise forms.ValidationError(_("A call takes more than 0 minutes."))
        return value

    def clean_cost_per_hour(self) -> Decimal:
        value: Decimal = self.cleaned_data["cost_per_hour"]
        if value <= 0:
            raise forms.ValidationError(_("The cost per hour must be more than 0 kr."))
        return value

    def inputs(self) -> Inputs:
        c = self.cleaned_data
        return Inputs(
            calls_per_year=c["calls_per_year"],
            minutes_per_call=c["minutes_per_call"],
            reduction_percent=c["reduction_percent"],
            cost_per_hour=c["cost_per_hour"],
            investment_per_year=c["investment_per_year"] or Decimal(0),
            one_off_investment=c["one_off_investment"] or Decimal(0),
        )


class SurveyForm(DesignSystemForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you overall?"),
        choices=[
            ("1", _("1 – Very dissatisfied")),
            ("2", _("2 – Dissatisfied")),
            ("3", _("3 – Neither")),
            ("4", _("4 – Satisfied")),
            ("5", _("5 – Very satisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are, from 1 to 5.")},
    )
    settled = forms.TypedChoiceField(
        label=_("Did you settle your matter in this one contact?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most 1000 characters. Please do not write personal details."),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")
        },
    )
