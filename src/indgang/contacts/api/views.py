"""REST API of the contact register: record contacts (one or a batch) and list them.

Staff of an administration (front desk, caseworkers, and case systems with
their token) see their administration's contacts. Analysts use the insights
aggregates instead. A CPR number is accepted on input, hashed, and never
stored or returned.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from indgang.cases import queries as cases
from indgang.cases.api.authentication import CaseSystemAuthentication
from indgang.catalogue import queries as catalogue
from indgang.contacts import queries, services
from indgang.contacts.api.serializers import (
    ContactInSerializer,
    ContactSerializer,
    ProblemSerializer,
)
from indgang.contacts.constants import Source
from indgang.contacts.models import Contact
from indgang.core.models import Team
from indgang.identity.constants import CITIZEN_FACING_ROLES
from indgang.identity.permissions import has_role
from indgang.identity.queries import staff_profile

MAX_BATCH = 1000


class RegistersContacts(BasePermission):
    message = _(
        "Only front desk staff, caseworkers and case systems use the contact register; "
        "analysts see the aggregates in insights."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, *CITIZEN_FACING_ROLES)


def _administration(request: Request) -> str:
    profile = staff_profile(request.user)
    assert profile is not None  # RegistersContacts checked the roles
    return profile.administration_id


BATCH = PolymorphicProxySerializer(
    component_name="ContactInOrBatch",
    serializers=[ContactInSerializer, ContactInSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)


class ContactList(generics.ListCreateAPIView[Contact]):
    authentication_classes = [CaseSystemAuthentication, SessionAuthentication]
    permission_classes = [RegistersContacts]
    serializer_class = ContactSerializer

    def get_queryset(self) -> QuerySet[Contact]:
        found = queries.contacts_of_administration(_administration(self.request)).select_related(
            "case", "earlier_case"
        )
        params = self.request.query_params
        for name, lookup in (
            ("since", "started_at__date__gte"),
            ("until", "started_at__date__lte"),
        ):
            if value := params.get(name):
                day = parse_date(value)
                if day is None:
                    raise ApiValidationError({name: _("Use a date like 2026-01-31.")})
                found = found.filter(**{lookup: day})
        if channel := params.get("channel"):
            found = found.filter(channel=channel)
        if service := params.get("service"):
            found = found.filter(service=service)
        return found.order_by("-started_at", "-id")

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="First day, YYYY-MM-DD"),
            OpenApiParameter("until", str, description="Last day, YYYY-MM-DD"),
            OpenApiParameter("channel", str),
            OpenApiParameter("service", str),
        ],
        responses={200: ContactSerializer(many=True), 403: ProblemSerializer},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Your administration's contacts, newest first (paginated)."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=BATCH,
        responses={
            201: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="ContactOrBatch",
                    serializers=[ContactSerializer, ContactSerializer(many=True)],
                    resource_type_field_name=None,
                    many=False,
                ),
                description="The recorded contact, or a list for a batch.",
            ),
            400: OpenApiResponse(description="Invalid contacts; none were recorded."),
            403: ProblemSerializer,
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record one contact, or a batch (a JSON list, at most 1000) in one transaction."""
        batch = isinstance(request.data, list)
        if batch and len(request.data) > MAX_BATCH:
            raise ApiValidationError(
                _("Send at most %(count)s contacts at a time.") % {"count": MAX_BATCH}
            )
        incoming = ContactInSerializer(data=request.data, many=batch)
        incoming.is_valid(raise_exception=True)
        items = incoming.validated_data if batch else [incoming.validated_data]
        administration = _administration(request)
        with transaction.atomic():
            recorded = [self._record(request, item, administration) for item in items]
        data = ContactSerializer(recorded, many=True).data
        return Response(data if batch else data[0], status=status.HTTP_201_CREATED)

    def _record(self, request: Request, item: dict[str, Any], administration: str) -> Contact:
        team = None
        if item["team"]:
            team = Team.objects.filter(administration_id=administration, slug=item["team"]).first()
            if team is None:
                raise ApiValidationError({"team": _("Not a team of your administration.")})
        case = None
        if item["case"]:
            case = cases.case(item["case"])
            if case is None or case.administration_id != administration:
                raise ApiValidationError(
                    {"case": _("No case of your administration has this reference.")}
                )
        if team is None and item["service"]:
            home_administration, team_id = catalogue.home_of(item["service"])
            if home_administration == administration and team_id:
                team = Team.objects.filter(pk=team_id).first()
        try:
            return services.record_contact(
                channel=item["channel"],
                service=item["service"],
                administration=administration,
                team=team,
                cpr=item["cpr"] or None,
                started_at=item["started_at"],
                duration_s=item["duration_s"],
                outcome=item["outcome"],
                reason=item["reason"],
                case=case,
                source=Source.API,
                source_ref=item["source_ref"],
                actor=request.user,
            )
        except ValidationError as error:
            raise ApiValidationError(error.messages) from None


class ContactDetail(generics.RetrieveAPIView[Contact]):
    authentication_classes = [CaseSystemAuthentication, SessionAuthentication]
    permission_classes = [RegistersContacts]
    serializer_class = ContactSerializer
    queryset = Contact.objects.select_related("team", "case", "earlier_case")

    @extend_schema(
        responses={200: ContactSerializer, 403: ProblemSerializer, 404: ProblemSerializer}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One contact of your administration."""
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Contact:
        contact: Contact = super().get_object()
        if contact.administration_id != _administration(self.request):
            raise PermissionDenied(_("This contact belongs to another administration."))
        return contact
