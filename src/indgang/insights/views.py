"""Staff dashboards, the business-case calculator, and the citizen survey."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indgang.core import municipality
from indgang.insights import businesscase, failure, labels, metrics, queries, services, tables
from indgang.insights.forms import BusinessCaseForm, DashboardForm, SurveyForm
from indgang.insights.metrics import Filters, Period
from indgang.insights.permissions import (
    Scope,
    analyst_scope,
    require_administration,
    require_service,
    require_wide,
)

ALL_METRICS = list(metrics.METRICS)
# No-show rates are per centre and administration, not per service.
SERVICE_METRICS = [m for m in ALL_METRICS if m not in {"no_show_rate", "cost_per_service"}]
EXPORT_FORMATS = {"csv", "xlsx"}


def _administration_choices(scope: Scope) -> list[tuple[str, str]]:
    names = labels.administration_names()
    return [(c, n) for c, n in sorted(names.items()) if scope.may_see_administration(c)]


def _dashboard(
    request: HttpRequest,
    *,
    scope: Scope,
    title: str,
    filename: str,
    metric_ids: list[str],
    fixed: Filters,
    form_kwargs: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form = DashboardForm(request.GET, **form_kwargs)
    export = request.GET.get("format", "")
    if export and export not in EXPORT_FORMATS:
        return HttpResponse(
            _("Unknown export format: choose csv or xlsx."), status=400, content_type="text/plain"
        )
    wanted = request.GET.get("table", "")
    if wanted and wanted not in metric_ids:
        raise Http404
    context: dict[str, Any] = {
        "title": title,
        "form": form,
        "scope": scope,
        "last_rebuild": queries.last_rebuild(),
        **(extra or {}),
    }
    if not form.is_valid():
        if export:
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        return render(request, "insights/dashboard.html", context, status=400)
    chosen_administration = form.cleaned_data.get("administration", "")
    chosen_service = form.cleaned_data.get("service", "")
    if chosen_administration:
        require_administration(scope, chosen_administration)
    if chosen_service:
        require_service(scope, chosen_service)
    filters = Filters(
        service=fixed.service or chosen_service,
        administration=fixed.administration or chosen_administration,
        channel=form.cleaned_data.get("channel", ""),
    )
    baseline, current = form.periods()
    ids = [wanted] if wanted else metric_ids
    built = [tables.build(metrics.METRICS[i], baseline, current, filters) for i in ids]
    if export == "csv":
        return tables.as_csv(built, f"{filename}-{wanted or 'all'}")
    if export == "xlsx":
        return tables.as_xlsx(built, f"{filename}-{wanted or 'all'}")
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    context.update(
        {
            "tables": built,
            "filters": filters,
            "baseline": baseline,
            "current": current,
            "query": query.urlencode(),
        }
    )
    return render(request, "insights/dashboard.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    scope = analyst_scope(request)
    if not scope.wide:
        # Analysts of one administration start on their own dashboard.
        return redirect("insights:administration", code=scope.administration)
    require_wide(scope)
    return _dashboard(
        request,
        scope=scope,
        title=_("Channel insight: the whole municipality"),
        filename="indsigt",
        metric_ids=ALL_METRICS,
        fixed=Filters(),
        form_kwargs={
            "administrations": _administration_choices(scope),
            "services": labels.all_services(),
        },
        extra={
            "administrations": _administration_choices(scope),
            "services": labels.all_services(),
        },
    )


@login_required
def administration(request: HttpRequest, code: str) -> HttpResponse:
    if code not in municipality.administration_codes():
        raise Http404
    scope = analyst_scope(request)
    require_administration(scope, code)
    name = labels.administration_names().get(code, code)
    own_services = [(s, n) for s, n in labels.all_services() if s in set(labels.services_of(code))]
    return _dashboard(
        request,
        scope=scope,
        title=_("Channel insight: %(name)s") % {"name": name},
        filename=f"indsigt-{code}",
        metric_ids=ALL_METRICS,
        fixed=Filters(administration=code),
        form_kwargs={"services": own_services},
        extra={"services": own_services},
    )


@login_required
def service(request: HttpRequest, slug: str) -> HttpResponse:
    scope = analyst_scope(request)
    require_service(scope, slug)
    return _dashboard(
        request,
        scope=scope,
        title=_("Channel insight: %(name)s") % {"name": labels.service_name(slug)},
        filename=f"indsigt-{slug}",
        metric_ids=SERVICE_METRICS,
        fixed=Filters(service=slug),
        form_kwargs={},
        extra={"service_slug": slug},
    )


@login_required
def business_case(request: HttpRequest) -> HttpResponse:
    scope = analyst_scope(request)
    prefill = request.GET.get("prefill", "")
    measured: dict[str, Any] | None = None
    if prefill:
        require_service(scope, prefill)
        today = timezone.localdate()
        year = Period(today - timedelta(days=364), today)
        calls, minutes = metrics.phone_calls(prefill, year)
        measured = {
            "service": labels.service_name(prefill),
            "period": year,
            "calls": calls,
            "minutes": minutes,
        }
    submitted = any(name in request.GET for name in BusinessCaseForm.base_fields)
    result = None
    if submitted:
        form = BusinessCaseForm(request.GET)
        if form.is_valid():
            result = businesscase.calculate(form.inputs())
    else:
        initial = BusinessCaseForm.defaults()
        if measured:
            initial["calls_per_year"] = measured["calls"]
            if measured["minutes"] is not None:
                initial["minutes_per_call"] = Decimal(str(round(measured["minutes"], 1)))
        form = BusinessCaseForm(initial=initial)
    return render(
        request,
        "insights/business_case.html",
        {
            "form": form,
            "result": result,
            "measured": measured,
            "services": [(s, n) for s, n in labels.all_services() if scope.may_see_service(s)],
            "prefill": prefill,
            "cost_per_hour": settings.INSIGHTS_COST_PER_HOUR,
        },
        status=400 if submitted and result is None else 200,
    )


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The short survey, reached by its token (no login needed: the link is
    the invitation). One answer per invitation."""
    invitation = queries.survey(token)
    if invitation is None:
        raise Http404
    if invitation.answered:
        return render(request, "insights/survey_done.html", {"survey": invitation})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A second tab sending the same answer simply sees the thank-you page.
        with contextlib.suppress(services.AlreadyAnswered):
            services.answer(
                invitation,
                satisfaction=form.cleaned_data["satisfaction"],
                settled=form.cleaned_data["settled"],
                comment=form.cleaned_data["comment"],
            )
        return redirect("insights:survey", token=token)
    return render(
        request,
        "insights/survey.html",
        {"form": form, "survey": invitation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def failure_demand(request: HttpRequest) -> HttpResponse:
    """The steps and fields whose failures cost the most contacts, ranked,
    with the errors behind them in plain words (never a citizen)."""
    scope = analyst_scope(request)
    services_seen = [(s, n) for s, n in labels.all_services() if scope.may_see_service(s)]
    form = DashboardForm(request.GET, services=services_seen)
    context: dict[str, Any] = {"form": form, "scope": scope}
    if not form.is_valid():
        return render(request, "insights/failure_demand.html", context, status=400)
    chosen = form.cleaned_data.get("service", "")
    if chosen:
        require_service(scope, chosen)
    filters = Filters(
        service=chosen,
        administration="" if scope.wide else scope.administration,
        channel=form.cleaned_data.get("channel", ""),
    )
    _baseline, current = form.periods()
    rows = failure.breakdown(current, filters)
    channels = failure.channels_in(rows)
    if request.GET.get("format") == "csv":
        return failure_csv(rows, channels, current)
    query = request.GET.copy()
    query.pop("format", None)
    context.update(
        {
            "rows": rows,
            "channels": channels,
            "period": current,
            "query": query.urlencode(),
            "totals": {
                "contacts": sum(r.total_contacts for r in rows),
                "minutes": sum(r.minutes for r in rows),
                "cost": sum(r.cost for r in rows),
            },
        }
    )
    return render(request, "insights/failure_demand.html", context)


def failure_csv(rows: Any, channels: list[tuple[str, str]], period: Period) -> HttpResponse:
    header = [
        _("Service"),
        _("Form version"),
        _("Step"),
        _("Field"),
        _("Attempts"),
        _("Drop-outs"),
        _("Validation errors"),
        *[_("Contacts: %(channel)s") % {"channel": name} for _c, name in channels],
        _("Minutes"),
        _("Cost (kr.)"),
        _("Contacts per 100 submissions"),
        _("Inferred links"),
        _("The errors in plain words"),
    ]
    records = [
        [
            r.service_name,
            r.version,
            r.step_title,
            r.field_label,
            r.attempts,
            r.dropouts,
            r.errors,
            *[r.contacts.get(c, 0) for c, _n in channels],
            round(r.minutes, 1),
            round(r.cost),
            "" if r.per_100 is None else round(r.per_100, 1),
            r.inferred,
            r.explanation,
        ]
        for r in rows
    ]
    return tables.csv_response(header, records, f"fejlbehov-{period.start}-{period.end}")
