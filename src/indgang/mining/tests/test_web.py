"""The process-mining pages: analysts of the log's administration only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from indgang.conftest import make_staff, staff_client
from indgang.mining.models import EventLogImport
from indgang.mining.tests.eventlogs import eventlogs_dir

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def analyst_okf(population):
    return make_staff("otto_okf", "okf", ["analyst"], None)


@pytest.fixture
def analyst_sof(population):
    return make_staff("sif_sof", "sof", ["analyst"], None)


def upload(analyst, file_name, name):
    data = (eventlogs_dir() / file_name).read_bytes()
    client = staff_client(analyst)
    client.post(
        "/medarbejder/procesmining/",
        {"name": name, "file": SimpleUploadedFile(file_name, data)},
    )
    # Immediate tasks run on commit; tests run inside a transaction, so run it here.
    log = EventLogImport.objects.get(name=name)
    if log.status != "done":
        from indgang.mining.services import run_import

        run_import(str(log.pk))
        log.refresh_from_db()
    return log


def receipt_upload():
    data = (eventlogs_dir() / "receipt_WABO.xes.gz").read_bytes()
    return SimpleUploadedFile("receipt_WABO.xes.gz", data, content_type="application/gzip")


@pytest.fixture
def uploaded(immediate_tasks, analyst_okf, django_capture_on_commit_callbacks):
    client = staff_client(analyst_okf)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/medarbejder/procesmining/", {"name": "Miljøtilladelser", "file": receipt_upload()}
        )
    assert response.status_code == 302
    return EventLogImport.objects.get(name="Miljøtilladelser")


def test_an_uploaded_log_is_analysed_in_the_background(uploaded):
    assert uploaded.status == "done"
    assert (uploaded.cases, uploaded.events, uploaded.activities) == (1434, 8577, 27)
    assert len(uploaded.result["findings"]) >= 5


def page(client, log, **params):
    return client.get(f"/medarbejder/procesmining/{log.pk}/", params)


def test_the_analysis_page_is_split_into_sections(uploaded, analyst_okf):
    client = staff_client(analyst_okf)
    overview = page(client, uploaded).content.decode()
    assert 'aria-current="page">Overblik' in overview
    assert uploaded.result["findings"][0]["text_da"] in overview
    assert "<svg" not in overview  # the map is its own section
    html = page(client, uploaded, fane="kort").content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "Stier på kortet" in html  # the accessible table beside the map
    assert "Confirmation of receipt" in html
    variants = page(client, uploaded, fane="varianter").content.decode()
    assert "Side 1 af" in variants and "Andel af sager" in variants


def test_the_path_slider_hides_rare_paths_and_says_so(uploaded, analyst_okf):
    client = staff_client(analyst_okf)
    full = page(client, uploaded, fane="kort", stier=100, aktiviteter=100)
    sparse = page(client, uploaded, fane="kort", stier=20, aktiviteter=100)
    rows = lambda r: r.content.decode().split('id="map-table"')[1].count("<tr>")  # noqa: E731
    assert rows(sparse) < rows(full)
    view = sparse.context["map"]
    assert f"{view.shown_paths} af {view.total_paths} stier" in sparse.content.decode()


def test_the_map_starts_with_the_most_frequent_activities(immediate_tasks, analyst_okf):
    log = upload(analyst_okf, "BPIC15_1.xes.gz", "Byggetilladelser")
    response = page(staff_client(analyst_okf), log, fane="kort")
    view = response.context["map"]
    assert view.shown_activities <= 20 < view.total_activities
    drawing = response.context["drawing"]
    assert drawing.width < 1300 and drawing.height < 2500  # not 24,590 px tall as before
    # Readable names, not codes, because the log carries activityNameEN.
    assert log.activity_key == "attribute:activityNameEN"
    assert "01_HOOFD_010" not in response.content.decode()


def test_a_variant_lists_its_cases_and_a_case_shows_its_trace(uploaded, analyst_okf):
    client = staff_client(analyst_okf)
    first = uploaded.result["variants"][0]
    cases = page(client, uploaded, fane="sager", variant=1)
    assert cases.context["case_count"] == first["count"]
    case_id = cases.context["case_rows"][0]["case_id"]
    trace = page(client, uploaded, fane="sager", sag=case_id)
    assert [e["activity"] for e in trace.context["trace"]] == first["activities"]
    assert "Ventetid siden forrige" in trace.content.decode()


def test_the_analyst_chooses_the_activity_attribute(immediate_tasks, analyst_okf):
    log = upload(analyst_okf, "BPIC15_1.xes.gz", "Byggetilladelser")
    client = staff_client(analyst_okf)
    overview = page(client, log).content.decode()
    assert "XES-klassifikator: Activity classifier activityNameEN" in overview
    response = client.post(
        f"/medarbejder/procesmining/{log.pk}/perspektiv/",
        {"activity_key": "", "case_key": ""},
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.activity_key == "" and log.activities == 398
    assert "01_HOOFD_010" in page(client, log, fane="filtre").content.decode()


def test_a_filter_changes_the_figures(uploaded, analyst_okf):
    response = page(staff_client(analyst_okf), uploaded, top=1)
    summary = response.context["summary"]
    assert len(summary.variants) == 1
    assert summary.cases == uploaded.result["variants"][0]["count"]


def test_a_reversed_date_range_gets_a_clear_message(uploaded, analyst_okf):
    response = staff_client(analyst_okf).get(
        f"/medarbejder/procesmining/{uploaded.pk}/", {"fra": "2011-05-01", "til": "2010-01-01"}
    )
    assert "Slutdatoen ligger før startdatoen" in response.content.decode()


def test_export_gives_xes_of_the_filtered_log(uploaded, analyst_okf):
    response = staff_client(analyst_okf).get(
        f"/medarbejder/procesmining/{uploaded.pk}/eksport.xes", {"top": 1}
    )
    body = b"".join(response.streaming_content).decode()
    assert body.count("<trace>") == uploaded.result["variants"][0]["count"]


def test_a_wrong_file_type_is_refused_and_the_name_kept(immediate_tasks, analyst_okf):
    response = staff_client(analyst_okf).post(
        "/medarbejder/procesmining/",
        {"name": "Sager", "file": SimpleUploadedFile("sager.xlsx", b"PK")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert ".xes, .xes.gz, .csv eller .csv.gz" in html
    assert 'value="Sager"' in html


def test_an_unreadable_log_fails_with_a_message(
    immediate_tasks, analyst_okf, django_capture_on_commit_callbacks
):
    bad = SimpleUploadedFile("bad.csv", b"foo,bar\n1,2\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client(analyst_okf).post("/medarbejder/procesmining/", {"name": "Bad", "file": bad})
    log = EventLogImport.objects.get(name="Bad")
    assert log.status == "failed"
    assert log.error_da


@pytest.mark.parametrize("persona", ["caseworker_tmf", "front_desk_kff", "analyst_sof"])
def test_other_staff_are_refused(uploaded, persona, request):
    client = staff_client(request.getfixturevalue(persona))
    assert client.get("/medarbejder/procesmining/").status_code in {200, 403}
    for url in (
        f"/medarbejder/procesmining/{uploaded.pk}/",
        f"/medarbejder/procesmining/{uploaded.pk}/status/",
        f"/medarbejder/procesmining/{uploaded.pk}/eksport.csv",
        f"/medarbejder/procesmining/{uploaded.pk}/?fane=kort",
        f"/medarbejder/procesmining/{uploaded.pk}/?fane=sager",
    ):
        assert client.get(url).status_code == 403
    assert client.post(f"/medarbejder/procesmining/{uploaded.pk}/slet/").status_code == 403
    perspective = f"/medarbejder/procesmining/{uploaded.pk}/perspektiv/"
    assert client.post(perspective, {"activity_key": ""}).status_code == 403
    rule = {"type": "at_most", "a": "Confirmation of receipt", "n": 1}
    assert client.post(f"/medarbejder/procesmining/{uploaded.pk}/regler/", rule).status_code == 403
    bpmn = f"/medarbejder/procesmining/{uploaded.pk}/regler/bpmn/"
    assert client.post(bpmn, {"name": "x"}).status_code == 403
    assert client.post(f"/medarbejder/procesmining/{uploaded.pk}/regler/1/slet/").status_code == 403
    assert client.get(f"/medarbejder/procesmining/{uploaded.pk}/?fane=regler").status_code == 403
    burden = f"/medarbejder/procesmining/{uploaded.pk}/borgerbyrde/"
    assert client.post(burden, {"documentation": "x"}).status_code == 403
    assert EventLogImport.objects.filter(pk=uploaded.pk).exists()


def test_caseworkers_cannot_open_process_mining(caseworker_tmf):
    assert staff_client(caseworker_tmf).get("/medarbejder/procesmining/").status_code == 403


def test_anonymous_visitors_are_sent_to_login(population):
    response = Client().get("/medarbejder/procesmining/")
    assert response.status_code == 302


def test_the_analyse_command_prints_the_contract(capsys):
    call_command("mining", "analyse", str(eventlogs_dir() / "receipt_WABO.xes.gz"), "--json")
    result = json.loads(capsys.readouterr().out)
    assert {
        "cases",
        "events",
        "activities",
        "dfg",
        "start",
        "end",
        "variants",
        "case_durations_s",
        "findings",
    } <= set(result)
    assert result["cases"] == 1434
    edge = result["dfg"][0]
    assert set(edge) == {
        "from",
        "to",
        "count",
        "mean_s",
        "median_s",
        "min_s",
        "max_s",
        "sum_s",
        "stdev_s",
    }


def test_the_analyst_adds_two_rules_and_sees_the_deviating_cases(uploaded, analyst_okf):
    client = staff_client(analyst_okf)
    base = f"/medarbejder/procesmining/{uploaded.pk}"
    first = "Confirmation of receipt"
    response = client.post(f"{base}/regler/", {"type": "at_most", "a": first, "n": 0, "b": ""})
    assert response.status_code == 302
    client.post(f"{base}/regler/", {"type": "within", "a": "", "b": first, "n": 2})
    uploaded.refresh_from_db()
    assert [r["type"] for r in uploaded.rules] == ["at_most", "within"]
    rules = page(client, uploaded, fane="regler")
    results = rules.context["rule_results"]
    with_receipt = sum(v["count"] for v in uploaded.result["variants"] if first in v["activities"])
    assert results[0].deviating == with_receipt  # at most 0 times: every case with it
    html = rules.content.decode()
    assert "Højst 0 × »Confirmation of receipt«" in html
    cases = page(client, uploaded, fane="sager", regel=1)
    assert cases.context["case_count"] == with_receipt
    client.post(f"{base}/regler/1/slet/")
    uploaded.refresh_from_db()
    assert [r["type"] for r in uploaded.rules] == ["within"]


def test_an_incomplete_rule_is_refused_with_a_message(uploaded, analyst_okf):
    response = staff_client(analyst_okf).post(
        f"/medarbejder/procesmining/{uploaded.pk}/regler/", {"type": "before", "a": "", "b": ""}
    )
    assert response.status_code == 400
    assert "Vælg aktivitet B" in response.content.decode()


def test_a_bpmn_model_is_imported_and_replayed(uploaded, analyst_okf):
    from indgang.mining.tests.test_conformance import BPMN

    client = staff_client(analyst_okf)
    upload_file = SimpleUploadedFile("model.bpmn", BPMN.encode(), content_type="text/xml")
    response = client.post(
        f"/medarbejder/procesmining/{uploaded.pk}/regler/bpmn/",
        {"name": "Lovens model", "model": upload_file},
    )
    assert response.status_code == 302
    rules = page(client, uploaded, fane="regler")
    # None of the receipt log's activities is in this model: every case deviates.
    assert rules.context["rule_results"][0].deviating == uploaded.cases
    assert "Følger BPMN-modellen »Lovens model«" in rules.content.decode()


def test_the_citizen_burden_section_uses_the_logs_patterns(uploaded, analyst_okf):
    client = staff_client(analyst_okf)
    before = page(client, uploaded, fane="borgerbyrde")
    assert "Hvorfor sager gik tilbage til borgeren" in before.content.decode()
    response = client.post(
        f"/medarbejder/procesmining/{uploaded.pk}/borgerbyrde/",
        {"documentation": "document x request", "hearing": "", "repeat": ""},
    )
    assert response.status_code == 302
    after = page(client, uploaded, fane="borgerbyrde").context["burden"]
    assert after.by_kind["documentation"]["activities"] == [
        "T11 Create document X request unlicensed",
        "T12 Check document X request unlicensed",
        "T13 Adjust document X request unlicensed",
        "T14 Determine document X request unlicensed",
        "T15 Print document X request unlicensed",
    ]
    assert after.by_kind["hearing"]["events"] == 0
    bad = client.post(
        f"/medarbejder/procesmining/{uploaded.pk}/borgerbyrde/", {"documentation": "(unclosed"}
    )
    assert bad.status_code == 400
    assert "ikke et gyldigt regulært udtryk" in bad.content.decode()


def test_the_portfolio_ranks_the_administrations_processes(uploaded, analyst_okf):
    second = upload(analyst_okf, "CoSeLoG_WABO_1.xes.gz", "Miljøtilladelser, hele forløbet")
    client = staff_client(analyst_okf)
    response = client.get("/medarbejder/procesmining/portefolje/")
    assert response.status_code == 200
    ranked = response.context["ranked"]
    assert {log.pk for log, _ in ranked} == {uploaded.pk, second.pk}
    hours = [profile.hours for _, profile in ranked]
    assert hours == sorted(hours, reverse=True)
    html = response.content.decode()
    assert "Inden for dagens regler og budget" in html and "Kræver investering" in html
    report = client.get("/medarbejder/procesmining/portefolje/rapport/")
    assert "Miljøtilladelser, hele forløbet" in report.content.decode()
    pdf = client.get("/medarbejder/procesmining/portefolje/rapport.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_portfolio_is_split_into_a_ranking_and_one_section_per_process(uploaded, analyst_okf):
    second = upload(analyst_okf, "CoSeLoG_WABO_1.xes.gz", "Miljøtilladelser, hele forløbet")
    client = staff_client(analyst_okf)
    ranking = client.get("/medarbejder/procesmining/portefolje/").content.decode()
    ranked = client.get("/medarbejder/procesmining/portefolje/").context["ranked"]
    first_name = ranked[0][1].name
    # The ranking names every process and links to each section; no section is on it.
    assert 'href="?fane=proces-1"' in ranking and 'href="?fane=proces-2"' in ranking
    assert 'id="process-1"' not in ranking
    assert "Sådan er skønnene lavet" in ranking
    section = client.get("/medarbejder/procesmining/portefolje/?fane=proces-1")
    html = section.content.decode()
    assert f'<h2 id="process-1">1. {first_name}</h2>' in html
    assert 'id="process-2"' not in html
    assert section.context["process_log"].pk in {uploaded.pk, second.pk}
    # An unknown section falls back to the ranking; the report keeps every section.
    fallback = client.get("/medarbejder/procesmining/portefolje/?fane=proces-9")
    assert fallback.context["tab"] == "rangering"
    report = client.get("/medarbejder/procesmining/portefolje/rapport/").content.decode()
    assert 'id="process-1"' in report and 'id="process-2"' in report
    assert "Sådan er skønnene lavet" in report


def test_the_portfolio_leaves_out_other_administrations_logs(uploaded, analyst_sof):
    response = staff_client(analyst_sof).get("/medarbejder/procesmining/portefolje/")
    assert response.status_code == 200
    assert response.context["ranked"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/medarbejder/procesmining/portefolje/",
        "/medarbejder/procesmining/portefolje/rapport/",
        "/medarbejder/procesmining/portefolje/rapport.pdf",
    ],
)
def test_the_portfolio_is_for_analysts_only(url, caseworker_tmf, front_desk_kff):
    assert staff_client(caseworker_tmf).get(url).status_code == 403
    assert staff_client(front_desk_kff).get(url).status_code == 403
    assert Client().get(url).status_code == 302
