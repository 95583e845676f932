from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.identity.queries import staff_profile
from indgang.mining import queries, services
from indgang.mining.constants import ImportStatus
from indgang.mining.engine import (
    EventLog,
    EventLogError,
    ProcessSummary,
    export_csv,
    export_xes,
    find_findings,
    summarise,
)
from indgang.mining.engine.burden import citizen_burden, patterns_for
from indgang.mining.engine.conformance import check_rules, parse_bpmn
from indgang.mining.engine.perspective import Choice, activity_choices, case_choices
from indgang.mining.engine.portfolio import ASSUMPTIONS
from indgang.mining.forms import (
    AnalysisForm,
    BpmnForm,
    BurdenPatternsForm,
    PerspectiveForm,
    RuleForm,
    UploadForm,
)
from indgang.mining.layout import layout
from indgang.mining.models import EventLogImport
from indgang.mining.permissions import can_use_mining
from indgang.mining.report import render_report_pdf


def _require_analyst(request: HttpRequest, log_import: EventLogImport | None = None) -> None:
    if not can_use_mining(request.user, log_import):
        raise PermissionDenied(_("Process mining is for analysts of the log's administration."))


def _get(request: HttpRequest, pk: str) -> EventLogImport:
    log_import = get_object_or_404(EventLogImport, pk=pk)
    _require_analyst(request, log_import)
    return log_import


@login_required
def log_list(request: HttpRequest) -> HttpResponse:
    _require_analyst(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        log_import = services.upload_log(
            actor=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            upload=form.cleaned_data["file"],
            csv_mapping=form.csv_mapping(),
        )
        messages.success(request, _("The log is uploaded and is being analysed."))
        return redirect("mining:detail", pk=log_import.pk)
    return render(
        request,
        "mining/list.html",
        {"form": form, "logs": queries.logs_for(request.user)},
        status=400 if form.errors else 200,
    )


def _filter(form: AnalysisForm) -> queries.LogFilter:
    data = form.cleaned_data if form.is_valid() else {}

    def moment(day: dt.date | None, end: bool) -> dt.datetime | None:
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time.max if end else dt.time.min, tzinfo=dt.UTC)

    activity = (data.get("aktivitet") or "").strip()
    return queries.LogFilter(
        start=moment(data.get("fra"), end=False),
        end=moment(data.get("til"), end=True),
        activities=(activity,) if activity else (),
        top_variants=data.get("top"),
    )


TABS = [
    ("oversigt", gettext_lazy("Overview")),
    ("kort", gettext_lazy("Map")),
    ("varianter", gettext_lazy("Variants")),
    ("sager", gettext_lazy("Cases")),
    ("fund", gettext_lazy("Findings")),
    ("regler", gettext_lazy("Rules")),
    ("borgerbyrde", gettext_lazy("Citizen burden")),
    ("filtre", gettext_lazy("Filters")),
]
VARIANTS_PER_PAGE = 25
CASES_PER_PAGE = 25


def _choice_label(choice: Choice, kind: str) -> str:
    if choice.key == "":
        return _("As read (concept:name)") if kind == "activity" else _("The log's cases")
    if choice.key.startswith("classifier:"):
        return _("XES classifier: %(name)s (%(n)s values)") % {
            "name": choice.label,
            "n": number_format(choice.distinct, force_grouping=True),
        }
    return _("Attribute: %(name)s (%(n)s values)") % {
        "name": choice.label,
        "n": number_format(choice.distinct, force_grouping=True),
    }


def _perspective_form(
    log_import: EventLogImport, data: dict[str, str] | None = None
) -> PerspectiveForm:
    raw = queries.load_raw_log(log_import)
    return PerspectiveForm(
        data,
        initial={"activity_key": log_import.activity_key, "case_key": log_import.case_key},
        activity_choices=[(c.key, _choice_label(c, "activity")) for c in activity_choices(raw)],
        case_choices=[(c.key, _choice_label(c, "case")) for c in case_choices(raw)],
    )


@login_required
def log_detail(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    context: dict[str, Any] = {"log": log_import}
    if log_import.status != ImportStatus.DONE:
        return render(request, "mining/detail.html", context)
    tab = request.GET.get("fane", "oversigt")
    if tab not in dict(TABS):
        tab = "oversigt"
    form = AnalysisForm(request.GET)
    if not form.is_valid():
        tab = "filtre"  # show the filter form with its errors
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    log_filter = _filter(form)
    # The query string without the tab and paging, for links between tabs.
    keep = request.GET.copy()
    for name in ("fane", "side", "variant", "sag", "regel"):
        keep.pop(name, None)
    context.update(
        {
            "form": form,
            "tab": tab,
            "tabs": TABS,
            "filtered": log_filter.active,
            "query": keep.urlencode(),
            "activity_label": log_import.activity_key.split(":", 1)[-1] or "concept:name",
        }
    )
    log = queries.filtered_log(log_import, log_filter)
    if log.n_events == 0:
        context["empty"] = True
        return render(request, "mining/detail.html", context)
    summary = summarise(log)
    context["summary"] = summary
    builder = _TAB_BUILDERS.get(tab)
    if builder is not None:
        builder(Tab(log_import, log, summary, data, log_filter, context))
    return render(request, "mining/detail.html", context)


@dataclass(frozen=True)
class Tab:
    """What a section of the analysis page is built from; each builder adds
    its part to ``context``."""

    log_import: EventLogImport
    log: EventLog
    summary: ProcessSummary
    data: dict[str, Any]
    log_filter: queries.LogFilter
    context: dict[str, Any]


def _overview(tab: Tab) -> None:
    tab.context["perspective_form"] = _perspective_form(tab.log_import)
    tab.context["findings"] = _findings(tab.log_import, tab.log, tab.summary, tab.log_filter)[:3]


def _findings(
    log_import: EventLogImport,
    log: EventLog,
    summary: ProcessSummary,
    log_filter: queries.LogFilter,
) -> list[dict[str, Any]]:
    if not log_filter.active and log_import.result is not None:
        stored: list[dict[str, Any]] = log_import.result["findings"]
        return stored
    return [f.to_dict() for f in find_findings(log, summary)]


def _findings_tab(tab: Tab) -> None:
    tab.context["findings"] = _findings(tab.log_import, tab.log, tab.summary, tab.log_filter)


def _map(tab: Tab) -> None:
    activities = tab.data.get("aktiviteter")
    if activities is None:
        activities = queries.default_activity_percentage(len(tab.summary.activity_counts))
    view = queries.map_view(tab.log, tab.summary, activities, 100)
    paths = tab.data.get("stier")
    if paths is None:
        # Start with the most frequent paths: about MAP_DEFAULT_EDGES of them.
        paths = 100 if view.total_paths <= queries.MAP_DEFAULT_EDGES else 80
    view = queries.map_view(tab.log, tab.summary, activities, paths)
    tab.context.update(
        {
            "map": view,
            "drawing": layout(view.process_map),
            "max_median": max(
                (e.median_s for e in view.process_map.edges if e.median_s is not None),
                default=None,
            ),
            "view": tab.data.get("visning") or "frekvens",
            "activity_percentage": activities,
            "path_percentage": paths,
            "edge_rows": view.process_map.to_dict()["edges"],
        }
    )


def _variants(tab: Tab) -> None:
    page = tab.data.get("side") or 1
    variants = tab.summary.variants
    pages = max(1, -(-len(variants) // VARIANTS_PER_PAGE))
    page = min(page, pages)
    first = (page - 1) * VARIANTS_PER_PAGE
    cumulative = sum(v.count for v in variants[:first])
    rows = []
    for index, variant in enumerate(variants[first : first + VARIANTS_PER_PAGE], start=first + 1):
        cumulative += variant.count
        rows.append(
            {
                "number": index,
                "variant": variant,
                "cumulative": cumulative / tab.summary.cases,
                "steps": len(variant.activities),
            }
        )
    tab.context.update({"variant_rows": rows, "page": page, "pages": pages})


def _cases(tab: Tab) -> None:
    table = queries.case_table(tab.log)
    variant_number = tab.data.get("variant")
    if variant_number and variant_number <= len(tab.summary.variants):
        variant = tab.summary.variants[variant_number - 1]
        table = queries.cases_of_variant(table, variant.activities)
        tab.context["variant"] = variant
        tab.context["variant_number"] = variant_number
    rule_number = tab.data.get("regel")
    if rule_number and rule_number <= len(tab.log_import.rules):
        result = check_rules(tab.log, [tab.log_import.rules[rule_number - 1]])[0]
        ids = pl.Series(result.deviating_cases, dtype=pl.String)
        table = table.filter(pl.col("case_id").is_in(ids.implode()))
        tab.context["rule"] = result
        tab.context["rule_number"] = rule_number
    search = (tab.data.get("sag") or "").strip()
    if search:
        exact = table.filter(pl.col("case_id") == search)
        if exact.height == 1:
            tab.context["case_id"] = search
            tab.context["trace"] = queries.trace(tab.log, search)
            tab.context["case_row"] = exact.row(0, named=True)
        table = table.filter(pl.col("case_id").str.contains(search, literal=True))
    tab.context["search"] = search
    page = tab.data.get("side") or 1
    pages = max(1, -(-table.height // CASES_PER_PAGE))
    page = min(page, pages)
    rows = (
        table.sort("duration_s", descending=True)
        .slice((page - 1) * CASES_PER_PAGE, CASES_PER_PAGE)
        .to_dicts()
    )
    tab.context.update(
        {"case_rows": rows, "case_count": table.height, "page": page, "pages": pages}
    )


def _filters(tab: Tab) -> None:
    tab.context["activity_names"] = sorted(tab.summary.activity_counts)


def _rules(tab: Tab) -> None:
    activities = sorted(tab.summary.activity_counts)
    tab.context["rule_results"] = check_rules(tab.log, tab.log_import.rules)
    tab.context.setdefault("rule_form", RuleForm(activities=activities))
    tab.context.setdefault("bpmn_form", BpmnForm())
    if tab.log_import.rules and tab.summary.cases:
        deviating: set[str] = set()
        for result in tab.context["rule_results"]:
            deviating.update(result.deviating_cases)
        tab.context["any_deviation"] = len(deviating) / tab.summary.cases


def _burden(tab: Tab) -> None:
    patterns = patterns_for(tab.log_import.burden_patterns)
    tab.context["burden"] = citizen_burden(tab.log, patterns)
    tab.context.setdefault("burden_form", BurdenPatternsForm(initial=patterns))


_TAB_BUILDERS: dict[str, Callable[[Tab], None]] = {
    "oversigt": _overview,
    "kort": _map,
    "varianter": _variants,
    "sager": _cases,
    "fund": _findings_tab,
    "filtre": _filters,
    "regler": _rules,
    "borgerbyrde": _burden,
}


def _rerender_rules(request: HttpRequest, log_import: EventLogImport, **forms: Any) -> HttpResponse:
    log = queries.load_log(log_import)
    summary = summarise(log)
    context: dict[str, Any] = {
        "log": log_import,
        "tab": "regler",
        "tabs": TABS,
        "form": AnalysisForm({}),
        "summary": summary,
        "query": "",
        "activity_label": log_import.activity_key.split(":", 1)[-1] or "concept:name",
        **forms,
    }
    _rules(Tab(log_import, log, summary, {}, queries.LogFilter(), context))
    return render(request, "mining/detail.html", context, status=400)


@login_required
@require_POST
def rule_add(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    log = queries.load_log(log_import)
    activities = sorted(log.events.get_column("activity").unique().to_list())
    form = RuleForm(request.POST, activities=activities)
    if not form.is_valid():
        return _rerender_rules(request, log_import, rule_form=form)
    services.add_rule(actor=request.user, log_import=log_import, rule=form.rule())  # type: ignore[arg-type]
    messages.success(request, _("The rule is added."))
    return redirect(f"{reverse('mining:detail', args=[log_import.pk])}?fane=regler")


@login_required
@require_POST
def rule_bpmn(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    form = BpmnForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            model = parse_bpmn(form.cleaned_data["model"].read())
        except EventLogError as exc:
            form.add_error("model", exc.message_da if get_language() == "da" else exc.message_en)
        else:
            rule = {"type": "bpmn", "name": form.cleaned_data["name"], "model": model.to_dict()}
            services.add_rule(actor=request.user, log_import=log_import, rule=rule)  # type: ignore[arg-type]
            messages.success(request, _("The BPMN model is added."))
            return redirect(f"{reverse('mining:detail', args=[log_import.pk])}?fane=regler")
    return _rerender_rules(request, log_import, bpmn_form=form)


@login_required
@require_POST
def burden_patterns(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    form = BurdenPatternsForm(request.POST)
    url = f"{reverse('mining:detail', args=[log_import.pk])}?fane=borgerbyrde"
    if not form.is_valid():
        log = queries.load_log(log_import)
        context: dict[str, Any] = {
            "log": log_import,
            "tab": "borgerbyrde",
            "tabs": TABS,
            "form": AnalysisForm({}),
            "query": "",
            "summary": summarise(log),
            "burden_form": form,
            "activity_label": log_import.activity_key.split(":", 1)[-1] or "concept:name",
        }
        summary = context["summary"]
        _burden(Tab(log_import, log, summary, {}, queries.LogFilter(), context))
        return render(request, "mining/detail.html", context, status=400)
    services.set_burden_patterns(
        actor=request.user,  # type: ignore[arg-type]
        log_import=log_import,
        patterns=form.patterns(),
    )
    messages.success(request, _("The patterns are saved."))
    return redirect(url)


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: str, index: int) -> HttpResponse:
    log_import = _get(request, pk)
    services.delete_rule(actor=request.user, log_import=log_import, index=index - 1)  # type: ignore[arg-type]
    messages.success(request, _("The rule is removed."))
    return redirect(f"{reverse('mining:detail', args=[log_import.pk])}?fane=regler")


@login_required
@require_POST
def log_perspective(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    form = _perspective_form(log_import, request.POST)  # type: ignore[arg-type]
    if form.is_valid():
        services.set_perspective(
            actor=request.user,  # type: ignore[arg-type]
            log_import=log_import,
            activity_key=form.cleaned_data["activity_key"],
            case_key=form.cleaned_data["case_key"],
        )
        messages.success(request, _("The analysis now uses the chosen attributes."))
    return redirect("mining:detail", pk=log_import.pk)


@login_required
@require_POST
def own_cases(request: HttpRequest) -> HttpResponse:
    _require_analyst(request)
    try:
        log_import = services.import_own_cases(actor=request.user)  # type: ignore[arg-type]
    except EventLogError as exc:
        messages.error(request, exc.message_da if get_language() == "da" else exc.message_en)
        return redirect("mining:list")
    return redirect("mining:detail", pk=log_import.pk)


@login_required
def log_status(request: HttpRequest, pk: str) -> HttpResponse:
    return render(request, "mining/includes/status.html", {"log": _get(request, pk)})


@login_required
def log_export(request: HttpRequest, pk: str, fmt: str) -> FileResponse:
    log_import = _get(request, pk)
    if fmt not in {"xes", "csv"}:
        raise Http404
    log = queries.filtered_log(log_import, _filter(AnalysisForm(request.GET or None)))
    suffix = ".xes" if fmt == "xes" else ".csv"
    handle = tempfile.NamedTemporaryFile(suffix=suffix)  # noqa: SIM115 (FileResponse closes it)
    (export_xes if fmt == "xes" else export_csv)(log, Path(handle.name))
    handle.seek(0)
    filename = f"{Path(log_import.file_name).name.split('.')[0]}{suffix}"
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
@require_POST
def log_delete(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    services.delete_log(actor=request.user, log_import=log_import)  # type: ignore[arg-type]
    messages.success(request, _("The event log is deleted."))
    return redirect("mining:list")


def _portfolio_context(request: HttpRequest) -> dict[str, Any]:
    ranked = queries.portfolio(request.user)
    profile = staff_profile(request.user)
    return {
        "ranked": ranked,
        "top": ranked[:5],
        "assumptions": ASSUMPTIONS,
        "administration": profile.administration.name if profile else "",
        "today": timezone.localdate(),
    }


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """The portfolio in sections (``?fane=``): the ranking, then one per top-five process."""
    _require_analyst(request)
    context = _portfolio_context(request)
    tabs = [("rangering", _("Ranking"))] + [
        (f"proces-{number}", f"{number}. {profile.name}")
        for number, (_log, profile) in enumerate(context["top"], start=1)
    ]
    tab = request.GET.get("fane", "rangering")
    if tab not in dict(tabs):
        tab = "rangering"
    context.update({"tabs": tabs, "tab": tab})
    if tab != "rangering":
        number = int(tab.removeprefix("proces-"))
        context["process_log"], context["process"] = context["top"][number - 1]
        context["number"] = number
    return render(request, "mining/portfolio.html", context)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    _require_analyst(request)
    return render(request, "mining/report.html", _portfolio_context(request))


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    _require_analyst(request)
    response = HttpResponse(
        render_report_pdf(_portfolio_context(request)), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="procesportefolje.pdf"'
    return response
