from __future__ import annotations

import pytest

from indgang.selfservice import services as selfservice


@pytest.fixture
def definitions(db: None) -> None:
    """The built-in self-service definitions (lægeskift, sundhedskort, …)."""
    selfservice.import_built_in_definitions()


@pytest.fixture(autouse=True)
def _fresh_metric_cache() -> None:
    # Rolled-back tests can reuse rollup-run ids; never serve another test's figures.
    from indgang.insights.metrics import clear_cache

    clear_cache()
