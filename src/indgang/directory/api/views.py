from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.permissions import AllowAny

from indgang.directory import queries
from indgang.directory.api.serializers import UnitSerializer
from indgang.directory.models import OrganisationUnit


class UnitList(generics.ListAPIView[OrganisationUnit]):
    """All units with contact points, today's status and the coming week's hours."""

    permission_classes = [AllowAny]
    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[OrganisationUnit]:
        found = queries.public_units()
        if kind := self.request.query_params.get("kind"):
            found = found.filter(kind=kind)
        return found


class UnitDetail(generics.RetrieveAPIView[OrganisationUnit]):
    permission_classes = [AllowAny]
    serializer_class = UnitSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[OrganisationUnit]:
        return queries.units()
