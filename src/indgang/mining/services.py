"""Writes of the mining app: uploading logs and running their analysis."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.cases import queries as cases
from indgang.identity.queries import staff_profile
from indgang.mining.constants import STORED_VARIANTS, ImportStatus
from indgang.mining.engine import (
    CsvMapping,
    EventLog,
    EventLogError,
    analyse_log,
    export_xes,
    load_event_log,
    make_event_log,
)
from indgang.mining.engine.perspective import readable_activity, with_perspective
from indgang.mining.models import EventLogImport
from indgang.mining.permissions import can_use_mining

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def storage_dir(log_import: EventLogImport) -> Path:
    return Path(settings.MEDIA_ROOT) / "mining" / "logs" / str(log_import.id)


@transaction.atomic
def upload_log(
    *,
    actor: User,
    name: str,
    upload: UploadedFile[Any],
    csv_mapping: dict[str, Any] | None = None,
) -> EventLogImport:
    """Store an uploaded log and queue its analysis."""
    profile = staff_profile(actor)
    if profile is None or not can_use_mining(actor):
        raise PermissionDenied(_("Only analysts can upload event logs."))
    log_import = EventLogImport.objects.create(
        name=name,
        source=upload,
        file_name=upload.name or "log",
        csv_mapping=csv_mapping,
        administration=profile.administration,
        uploaded_by=actor,
    )
    from indgang.mining.tasks import import_event_log

    transaction.on_commit(lambda: import_event_log.enqueue(str(log_import.pk)))
    return log_import


def _set(log_import: EventLogImport, **fields: Any) -> None:
    for key, value in fields.items():
        setattr(log_import, key, value)
    log_import.save(update_fields=list(fields))


def run_import(import_id: str) -> EventLogImport:
    """Read the uploaded file, keep its events as Parquet and store the analysis."""
    log_import = EventLogImport.objects.get(pk=import_id)
    if log_import.status == ImportStatus.DONE:
        return log_import
    _set(log_import, status=ImportStatus.RUNNING, progress=5)
    # The engine picks the format from the file name, so read it under its own name.
    source = Path(log_import.source.path)
    named = source.with_name(log_import.file_name)
    if named != source:
        shutil.copyfile(source, named)
    try:
        mapping = CsvMapping(**log_import.csv_mapping) if log_import.csv_mapping else None
        log = load_event_log(named, csv_mapping=mapping)
        _set(log_import, progress=50)
        return _store_and_analyse(log_import, log)
    except EventLogError as exc:
        _set(
            log_import,
            status=ImportStatus.FAILED,
            error_da=exc.message_da,
            error_en=exc.message_en,
            finished_at=timezone.now(),
        )
        return log_import
    finally:
        if named != source:
            named.unlink(missing_ok=True)


def _store_and_analyse(log_import: EventLogImport, log: EventLog) -> EventLogImport:
    """Keep the events as Parquet (the pages filter from it) and store the analysis."""
    target = storage_dir(log_import)
    target.mkdir(parents=True, exist_ok=True)
    log.events.write_parquet(target / "events.parquet")
    log.case_attributes.write_parquet(target / "cases.parquet")
    (target / "classifiers.json").write_text(json.dumps(dict(log.classifiers)))
    _set(log_import, progress=70, activity_key=readable_activity(log))
    result = analyse_log(
        with_perspective(log, log_import.activity_key, log_import.case_key),
        max_variants=STORED_VARIANTS,
    )
    _set(
        log_import,
        status=ImportStatus.DONE,
        progress=100,
        cases=result["cases"],
        events=result["events"],
        activities=result["activities"],
        result=result,
        warnings=list(log.warnings),
        finished_at=timezone.now(),
    )
    return log_import


def set_perspective(
    *, actor: User, log_import: EventLogImport, activity_key: str, case_key: str
) -> EventLogImport:
    """Name activities / group cases by other attributes and redo the stored analysis."""
    if not can_use_mining(actor, log_import):
        raise PermissionDenied(_("You cannot change this event log."))
    from indgang.mining.queries import load_log

    log_import.activity_key, log_import.case_key = activity_key, case_key
    result = analyse_log(load_log(log_import), max_variants=STORED_VARIANTS)
    _set(
        log_import,
        activity_key=activity_key,
        case_key=case_key,
        cases=result["cases"],
        activities=result["activities"],
        result=result,
    )
    return log_import


@transaction.atomic
def delete_log(*, actor: User, log_import: EventLogImport) -> None:
    if not can_use_mining(actor, log_import):
        raise PermissionDenied(_("You cannot delete this event log."))
    shutil.rmtree(storage_dir(log_import), ignore_errors=True)
    log_import.source.delete(save=False)
    log_import.delete()


def own_cases_log(administration_code: str) -> EventLog:
    """Indgang's own case events of one administration as an event log."""
    rows = list(cases.event_log(administration_code=administration_code))
    if not rows:
        raise EventLogError(
            "no_case_events",
            "Der er endnu ingen sagshændelser i din forvaltning.",
            "There are no case events in your administration yet.",
        )
    return make_event_log(pl.DataFrame(rows), source="indgang-cases")


@transaction.atomic
def import_own_cases(*, actor: User) -> EventLogImport:
    """Analyse the actor's administration's own cases like an uploaded log."""
    profile = staff_profile(actor)
    if profile is None or not can_use_mining(actor):
        raise PermissionDenied(_("Only analysts can analyse case events."))
    log = own_cases_log(profile.administration_id)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "indgang-sager.xes.gz"
        export_xes(log, path)
        log_import = EventLogImport(
            name=_("Indgang's own cases (%(date)s)") % {"date": timezone.localdate()},
            file_name=path.name,
            administration=profile.administration,
            uploaded_by=actor,
            status=ImportStatus.RUNNING,
        )
        log_import.source.save(path.name, File(path.open("rb")), save=False)
        log_import.save()
    return _store_and_analyse(log_import, log)


def add_rule(*, actor: User, log_import: EventLogImport, rule: dict[str, Any]) -> None:
    """Add a conformance rule (declarative, or a parsed BPMN model) to a log."""
    if not can_use_mining(actor, log_import):
        raise PermissionDenied(_("You cannot change this event log."))
    _set(log_import, rules=[*log_import.rules, rule])


def delete_rule(*, actor: User, log_import: EventLogImport, index: int) -> None:
    if not can_use_mining(actor, log_import):
        raise PermissionDenied(_("You cannot change this event log."))
    rules = list(log_import.rules)
    if 0 <= index < len(rules):
        del rules[index]
        _set(log_import, rules=rules)


def set_burden_patterns(
    *, actor: User, log_import: EventLogImport, patterns: list[dict[str, str]]
) -> None:
    if not can_use_mining(actor, log_import):
        raise PermissionDenied(_("You cannot change this event log."))
    _set(log_import, burden_patterns=patterns)
