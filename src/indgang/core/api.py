"""What every REST endpoint shares: paging with checked values and a maximum."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

MAX_PAGE_SIZE = 500
# Offsets beyond this are no page anyone reads (and overflow some databases).
MAX_OFFSET = 2**31 - 1


def _whole_number(request: Request, name: str, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ValidationError(
            {
                name: [
                    _("Must be a whole number from %(low)s to %(high)s.")
                    % {"low": low, "high": high}
                ]
            }
        )
    return value


class Pagination(LimitOffsetPagination):
    """``limit`` 1–500 (default 50) and ``offset`` 0–2³¹−1; anything else is a 400."""

    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int | None:
        limit = _whole_number(request, self.limit_query_param, 1, MAX_PAGE_SIZE)
        return self.default_limit if limit is None else limit

    def get_offset(self, request: Request) -> int:
        offset = _whole_number(request, self.offset_query_param, 0, MAX_OFFSET)
        return offset or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


# -- the OpenAPI schema: the answers every endpoint can give ---------------------------

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": "What went wrong, in the user's language.",
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": True,
    "description": "Per field (or `detail`/`non_field_errors`), what is wrong with it.",
}


def _response(description: str, schema_name: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


def document_standard_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing hook: document what every endpoint
    answers besides its own responses — 400 for bad parameters or a bad body,
    401/403 when a login or token is needed, 404 for an unknown path id."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            parameters = operation.get("parameters", [])
            if "requestBody" in operation or any(p.get("in") == "query" for p in parameters):
                responses.setdefault("400", _response("Bad parameters or body.", "FieldErrors"))
            if {} not in operation.get("security", [{}]):
                responses.setdefault("401", _response("No or an invalid token or login.", "Error"))
                responses.setdefault("403", _response("Not allowed for this user.", "Error"))
            if "{" in path:
                responses.setdefault("404", _response("Not found.", "Error"))
            operations[method] = operation
    return result
