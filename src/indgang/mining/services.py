"""Writes of the mining app: uploading logs and running their analysis."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.identity.queries import staff_profile
from indgang.mining.constants import STORED_VARIANTS, ImportStatus
from indgang.mining.engine import CsvMapping, EventLogError, analyse_log, load_event_log
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
        target = storage_dir(log_import)
        target.mkdir(parents=True, exist_ok=True)
        log.events.write_parquet(target / "events.parquet")
        log.case_attributes.write_parquet(target / "cases.parquet")
        _set(log_import, progress=70)
        result = analyse_log(log, max_variants=STORED_VARIANTS)
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


@transaction.atomic
def delete_log(*, actor: User, log_import: EventLogImport) -> None:
    if not can_use_mining(actor, log_import):
        raise PermissionDenied(_("You cannot delete this event log."))
    shutil.rmtree(storage_dir(log_import), ignore_errors=True)
    log_import.source.delete(save=False)
    log_import.delete()
