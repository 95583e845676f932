"""Files uploaded to self-service forms as a file store for ``indgang files rescan``."""

from __future__ import annotations

from collections.abc import Iterator

from indgang.core import files
from indgang.core.virusscan import ScanResult
from indgang.selfservice.models import DraftFile


@files.stores.register("selfservice")
class DraftFileStore(files.FileStore):
    def unscanned(self) -> Iterator[tuple[str, bytes]]:
        rows = DraftFile.objects.filter(scan_status__in=files.UNSCANNED)
        for pk, data in rows.values_list("pk", "data").iterator(chunk_size=50):
            yield str(pk), bytes(data)

    def record(self, file_id: str, result: ScanResult) -> None:
        DraftFile.objects.filter(pk=file_id).update(scan_status=result.status)
