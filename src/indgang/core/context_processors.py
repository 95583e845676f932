from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "test_idp_enabled": settings.TEST_IDP_ENABLED,
        "citizen": getattr(request, "citizen", None),
    }
