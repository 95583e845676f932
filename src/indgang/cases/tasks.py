"""Background work of the cases app (django-tasks worker)."""

from __future__ import annotations

from django_tasks import task

from indgang.cases import webhooks


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one webhook delivery; failures are retried with back-off."""
    return webhooks.attempt(delivery_id)
