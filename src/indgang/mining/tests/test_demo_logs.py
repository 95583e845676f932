"""`indgang demo load` gives the demo analyst a portfolio of processes."""

import shutil

import pytest

from indgang.conftest import make_staff
from indgang.mining.demo import SYNTHETIC_NAME, load_demo_logs, synthetic_case_events
from indgang.mining.engine import make_event_log
from indgang.mining.engine.burden import citizen_burden
from indgang.mining.models import EventLogImport
from indgang.mining.tests.eventlogs import eventlogs_dir


def test_synthetic_case_events_go_back_to_the_citizen_sometimes():
    burden = citizen_burden(make_event_log(synthetic_case_events(cases=200)))
    assert 0.2 < burden.share < 0.6
    assert burden.by_kind["documentation"]["activities"] == ["state:awaiting_citizen"]


@pytest.mark.django_db
def test_demo_logs_are_loaded_once(population, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    logs = tmp_path / "eventlogs"
    logs.mkdir()
    shutil.copy(eventlogs_dir() / "receipt_WABO.xes.gz", logs)
    monkeypatch.setenv("INDGANG_EVENTLOGS", str(logs))
    make_staff("analytiker", "okf", ["analyst"], None)
    assert load_demo_logs() == ["Miljøtilladelser, modtagelse (CoSeLoG)", SYNTHETIC_NAME]
    assert load_demo_logs() == []
    imports = EventLogImport.objects.all()
    assert {i.status for i in imports} == {"done"}
    assert imports.count() == 2


def test_the_demo_finds_the_shared_logs_beside_the_repository(monkeypatch):
    from indgang.mining import demo

    monkeypatch.delenv("INDGANG_EVENTLOGS", raising=False)
    found = demo.eventlogs_dir()
    assert found == eventlogs_dir()
    assert (found / "BPIC15_1.xes.gz").exists()
