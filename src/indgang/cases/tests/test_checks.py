from indgang.cases.checks import check_case_settings


def test_an_unknown_triage_administration_stops_start_up(settings):
    settings.CASES_TRIAGE_ADMINISTRATION = "xyz"
    assert [e.id for e in check_case_settings()] == ["cases.E001"]


def test_negative_day_counts_are_refused(settings):
    settings.CASES_RECONTACT_DAYS = -1
    assert [e.id for e in check_case_settings()] == ["cases.E002"]


def test_the_default_settings_pass():
    assert check_case_settings() == []
