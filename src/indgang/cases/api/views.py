"""REST API for line-of-business case systems: read a case, post its status back.

Each case system authenticates with its own token and sees only its
administration's cases; every read of a case and every change is audited as
the system's service user.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from indgang.cases import queries, services
from indgang.cases.api.authentication import CaseSystemAuthentication, IsCaseSystem
from indgang.cases.api.serializers import (
    CaseProblemSerializer,
    CaseSerializer,
    StatusResultSerializer,
    StatusUpdateSerializer,
)
from indgang.cases.models import Case, CaseSystemClient
from indgang.core import audit


def _client(request: Request) -> CaseSystemClient:
    client = request.auth
    assert isinstance(client, CaseSystemClient)  # IsCaseSystem let the request in
    return client


def _case(request: Request, reference: str) -> Case:
    case = queries.case(reference)
    if case is None:
        raise NotFound(_("No case with this reference."))
    if case.administration_id != _client(request).administration_id:
        if case.cpr:
            audit.citizen_access_refused(
                request.user,
                case.cpr,
                f"case {case.reference} (API)",
                _("The case belongs to another administration."),
            )
        raise PermissionDenied(_("This case belongs to another administration."))
    return case


@extend_schema(
    responses={200: CaseSerializer, 403: CaseProblemSerializer, 404: CaseProblemSerializer},
)
@api_view(["GET"])
@authentication_classes([CaseSystemAuthentication])
@permission_classes([IsCaseSystem])
def case_detail(request: Request, reference: str) -> Response:
    """One case of the case system's administration (audited read)."""
    case = _case(request, reference)
    if case.cpr:
        audit.citizen_data_viewed(
            request.user, case.cpr, f"case {case.reference} (API)", _("case handling")
        )
    return Response(CaseSerializer(case).data)


@extend_schema(
    request=StatusUpdateSerializer,
    parameters=[
        OpenApiParameter(
            "Idempotency-Key",
            str,
            OpenApiParameter.HEADER,
            description="Any unique string; a retried request with the same key is "
            "answered as the first and changes nothing. Without it, "
            "external_reference and state are the key.",
        )
    ],
    responses={
        200: OpenApiResponse(StatusResultSerializer, description="Already done (a retry)."),
        201: OpenApiResponse(StatusResultSerializer, description="State changed."),
        400: CaseProblemSerializer,
        403: CaseProblemSerializer,
        404: CaseProblemSerializer,
        409: OpenApiResponse(
            CaseProblemSerializer, description="Not allowed from the current state."
        ),
        422: OpenApiResponse(CaseProblemSerializer, description="Key reused for another request."),
    },
)
@api_view(["POST"])
@authentication_classes([CaseSystemAuthentication])
@permission_classes([IsCaseSystem])
def case_status(request: Request, reference: str) -> Response:
    """Post a case's new state from the case system (through the state machine)."""
    case = _case(request, reference)
    serializer = StatusUpdateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    key = request.headers.get("Idempotency-Key", "").strip()[:200]
    if not key:
        if not data["external_reference"]:
            return Response(
                {
                    "detail": _("Send an Idempotency-Key header or an external_reference."),
                    "code": "idempotency_key_missing",
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        key = f"ref:{data['external_reference']}:{data['state']}"
    try:
        result, changed = services.post_status(
            case,
            client=_client(request),
            key=key,
            state=data["state"],
            note=data["note"],
            external_reference=data["external_reference"],
        )
    except services.IllegalTransition as error:
        return Response(
            {"detail": " ".join(error.messages), "code": "illegal_transition", "state": case.state},
            status=status.HTTP_409_CONFLICT,
        )
    except services.DifferentRequestForKey as error:
        return Response(
            {"detail": " ".join(error.messages), "code": "idempotency_key_reused"},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    except ValidationError as error:
        return Response({"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(result, status=status.HTTP_201_CREATED if changed else status.HTTP_200_OK)
