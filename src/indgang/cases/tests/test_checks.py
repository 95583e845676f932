from indgang.cases.checks import check_case_settings


def test_negative_day_counts_are_refused(settings):
    settings.RECONTACT_DAYS = -1
    assert [e.id for e in check_case_settings()] == ["cases.E002"]


def test_the_default_settings_pass():
    assert check_case_settings() == []


def test_a_retention_under_a_year_is_refused(settings):
    settings.CASES_RETENTION_DAYS = 30
    assert [e.id for e in check_case_settings()] == ["cases.E003"]


def test_bad_webhook_settings_are_refused(settings):
    settings.CASES_WEBHOOK_MAX_ATTEMPTS = 0
    assert [e.id for e in check_case_settings()] == ["cases.E004"]


def test_the_anonymous_rate_limit_must_allow_something(settings):
    settings.CASES_ANONYMOUS_PER_HOUR = 0
    assert [e.id for e in check_case_settings()] == ["cases.E005"]
