from django.core.checks import run_checks


def ids():
    return {message.id for message in run_checks(tags=["indgang"])}


def test_test_login_without_debug_refuses_to_start(settings):
    settings.DEBUG = False
    settings.TEST_IDP_ENABLED = True
    settings.SECRET_KEY = "a-real-production-secret-key-0123456789"
    settings.PSEUDONYM_KEY = "a-real-production-pseudonym-key-0123456789"
    settings.CACHE_URL = "redis://127.0.0.1:6379/0"
    settings.SITE_URL = "https://borger.kk.dk"
    assert ids() == {"indgang.E001"}


def test_debug_off_with_default_keys_is_refused(settings):
    settings.DEBUG = False
    settings.TEST_IDP_ENABLED = False
    assert "indgang.E002" in ids()


def test_unknown_register_plugin_is_refused(settings):
    settings.REGISTER_PLUGINS = {**settings.REGISTER_PLUGINS, "person": "cpr-direkte"}
    assert "indgang.E005" in ids()


def test_the_default_development_settings_pass(settings):
    # pytest-django turns DEBUG off; the development defaults assume it on.
    settings.DEBUG = True
    assert ids() == set()


def test_production_without_a_shared_cache_is_warned_about(settings):
    settings.DEBUG = False
    settings.CACHE_URL = ""
    assert "indgang.W002" in ids()
    settings.CACHE_URL = "redis://cache.internal:6379/0"
    assert "indgang.W002" not in ids()


def test_a_cache_url_that_is_not_redis_is_refused(settings):
    settings.CACHE_URL = "memcached://127.0.0.1:11211"
    assert "indgang.E006" in ids()
    settings.CACHE_URL = "file:///var/cache/indgang"
    assert "indgang.E006" not in ids()


def test_a_trusted_proxy_that_is_not_an_address_is_refused(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.example.invalid"]
    assert "indgang.E007" in ids()
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::1"]
    assert "indgang.E007" not in ids()


def test_production_without_a_public_address_is_refused(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""
    assert "indgang.E012" in ids()
    settings.SITE_URL = "https://borger.kk.dk"
    assert "indgang.E012" not in ids()
