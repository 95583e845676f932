from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.mining import queries, services
from indgang.mining.constants import ImportStatus
from indgang.mining.engine import EventLogError, export_csv, export_xes
from indgang.mining.forms import AnalysisForm, UploadForm
from indgang.mining.layout import layout
from indgang.mining.models import EventLogImport
from indgang.mining.permissions import can_use_mining


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


@login_required
def log_detail(request: HttpRequest, pk: str) -> HttpResponse:
    log_import = _get(request, pk)
    context: dict[str, object] = {"log": log_import}
    if log_import.status != ImportStatus.DONE:
        return render(request, "mining/detail.html", context)
    # Always bound, with the map's defaults, so the slider shows what is drawn.
    form = AnalysisForm({"stier": "100", "visning": "frekvens", **request.GET.dict()})
    log_filter = _filter(form)
    percentage = 100
    view = "frekvens"
    if form.is_valid():
        percentage = form.cleaned_data["stier"] if form.cleaned_data["stier"] is not None else 100
        view = form.cleaned_data["visning"] or "frekvens"
    result = queries.analysis(log_import, log_filter, percentage)
    context.update(
        {
            "form": form,
            "analysis": result,
            "drawing": layout(result.process_map) if result else None,
            "view": view,
            "percentage": percentage,
            "filtered": log_filter.active,
            "query": request.GET.urlencode(),
        }
    )
    if result:
        context["variants"] = result.summary.variants[:50]
        context["activity_names"] = sorted(result.summary.activity_counts)
    return render(request, "mining/detail.html", context)


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
