"""Indgang's own case events, analysed and exported like any other event log."""

import pytest
from django.core.management import call_command

from indgang.cases import services as cases
from indgang.cases.conftest import ensure_routing
from indgang.conftest import make_staff, staff_client
from indgang.mining.engine import read_xes
from indgang.mining.models import EventLogImport


@pytest.fixture
def tmf_cases(population, parent_cpr, other_cpr, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ensure_routing()
    created = []
    for cpr in (parent_cpr, other_cpr):
        case = cases.create_case(cpr=cpr, text="Min beboerlicens", topic_slug="parkering")
        cases.transition(case, "in_progress", actor=None)
        cases.transition(case, "resolved", actor=None)
        created.append(case)
    return created


def test_an_analyst_analyses_the_administrations_own_cases(tmf_cases):
    analyst = make_staff("tilde_tmf", "tmf", ["analyst"], None)
    response = staff_client(analyst).post("/medarbejder/procesmining/egne-sager/")
    log = EventLogImport.objects.get(administration_id="tmf")
    assert response["Location"] == f"/medarbejder/procesmining/{log.pk}/"
    assert log.status == "done"
    assert log.cases == 2
    page = staff_client(analyst).get(response["Location"], {"fane": "kort"}).content.decode()
    assert "<svg" in page


def test_another_administration_sees_none_of_them(tmf_cases):
    analyst = make_staff("sam_sof", "sof", ["analyst"], None)
    response = staff_client(analyst).post("/medarbejder/procesmining/egne-sager/", follow=True)
    assert "ingen sagshændelser" in response.content.decode()
    assert not EventLogImport.objects.exists()


def test_the_case_events_export_as_xes(tmf_cases, tmp_path):
    target = tmp_path / "sager.xes"
    call_command("mining", "export-cases", str(target), "--administration", "tmf")
    log = read_xes(target)
    assert log.n_cases == 2
    assert set(log.events.get_column("case_id").to_list()) == {c.reference for c in tmf_cases}
