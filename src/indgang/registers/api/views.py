from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from indgang.registers import queries
from indgang.registers.api.serializers import (
    AddressSerializer,
    ClinicSerializer,
)


@extend_schema(
    parameters=[OpenApiParameter("q", str, description="Street, number and postcode")],
    responses=AddressSerializer(many=True),
)
@api_view(["GET"])
@permission_classes([AllowAny])
def address_search(request: Request) -> Response:
    """Address autocomplete (public data, as DAWA)."""
    text = request.query_params.get("q", "")[:100]
    records = queries.search_addresses(text, 10) if len(text) >= 2 else []
    return Response(AddressSerializer(records, many=True).data)


@extend_schema(responses=ClinicSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
def clinic_list(request: Request) -> Response:
    """GP clinics, with whether each accepts new patients (public data)."""
    return Response(ClinicSerializer(queries.clinics(), many=True).data)
