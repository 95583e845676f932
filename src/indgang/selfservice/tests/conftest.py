import pytest

from indgang.selfservice import services


@pytest.fixture
def definitions(db: None) -> None:
    services.import_built_in_definitions()
