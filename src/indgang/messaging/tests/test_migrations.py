"""Cases from before threads were opened with the case get theirs by migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from indgang.messaging.constants import Direction
from indgang.messaging.models import Thread

pytestmark = pytest.mark.django_db

migration = importlib.import_module("indgang.messaging.migrations.0002_threads_for_existing_cases")


def test_older_cases_get_their_thread_once_and_unanswerable_ones_none(case):
    from indgang.cases import services as cases

    anonymous = cases.create_case(cpr="", text="Hvornår tømmes papirskraldet?")
    Thread.objects.filter(case=case).delete()  # as before the change

    migration.open_missing_threads(apps, None)
    migration.open_missing_threads(apps, None)

    thread = Thread.objects.get(case=case)
    first = thread.messages.get()
    assert (first.direction, first.body, first.created_at) == (
        Direction.FROM_CITIZEN,
        case.text,
        case.created_at,
    )
    assert thread.cpr == case.cpr
    assert not Thread.objects.filter(case=anonymous).exists()
