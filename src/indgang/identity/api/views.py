"""Staff read of a citizen's register data through the API: access-checked
and audited by ``identity.services.view_citizen`` like every staff read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from indgang.identity import services as identity
from indgang.identity.api.serializers import PersonLookupSerializer
from indgang.registers.api.serializers import PersonSerializer


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
