from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from indgang.identity import services as identity
from indgang.registers import queries
from indgang.registers.api.serializers import (
    AddressSerializer,
    ClinicSerializer,
    PersonLookupSerializer,
    PersonSerializer,
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


@extend_schema(request=PersonLookupSerializer, responses=PersonSerializer)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def person_lookup(request: Request) -> Response:
    """Staff read of a citizen's register data: access-checked and audited."""
    serializer = PersonLookupSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        record = identity.view_citizen(
            actor=request.user,
            cpr=serializer.validated_data["cpr"],
            purpose=serializer.validated_data["purpose"],
        )
    except PermissionDenied as exc:
        raise ApiPermissionDenied(str(exc)) from exc
    except identity.CitizenNotFound:
        raise NotFound("No citizen with this CPR number.") from None
    return Response(PersonSerializer(record).data, status=status.HTTP_200_OK)
