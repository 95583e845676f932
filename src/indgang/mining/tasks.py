from django_tasks import task

from indgang.mining import services


@task()
def import_event_log(import_id: str) -> None:
    """Read, store and analyse an uploaded log (idempotent: a finished one is left)."""
    services.run_import(import_id)
