from indgang.messaging.conftest import case, topics  # noqa: F401 - fixtures
