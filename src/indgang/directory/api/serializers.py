from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indgang.directory.models import ContactPoint, OrganisationUnit


class ContactPointSerializer(serializers.ModelSerializer[ContactPoint]):
    class Meta:
        model = ContactPoint
        fields = ["kind", "label", "value", "hours"]


class DaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    intervals = serializers.ListField(
        child=serializers.ListField(child=serializers.DateTimeField())
    )
    note = serializers.CharField()


class StatusSerializer(serializers.Serializer[Any]):
    is_open = serializers.BooleanField()
    changes_at = serializers.DateTimeField(allow_null=True)
    text = serializers.CharField()


class UnitSerializer(serializers.ModelSerializer[OrganisationUnit]):
    administration = serializers.CharField(source="administration_id")
    # "parent" would shadow DRF's Field.parent.
    part_of: serializers.SlugRelatedField[OrganisationUnit] = serializers.SlugRelatedField(
        source="parent", slug_field="slug", read_only=True
    )
    contact_points = ContactPointSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    week = serializers.SerializerMethodField()

    class Meta:
        model = OrganisationUnit
        fields = [
            "slug",
            "name",
            "kind",
            "administration",
            "part_of",
            "description",
            "street",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "opening_hours",
            "contact_points",
            "status",
            "week",
            "last_verified",
        ]

    @extend_schema_field(StatusSerializer)
    def get_status(self, unit: OrganisationUnit) -> dict[str, Any]:
        now = timezone.now()
        status = unit.schedule().status(now)
        return {
            "is_open": status.is_open,
            "changes_at": status.changes_at,
            "text": status.text(now),
        }

    @extend_schema_field(DaySerializer(many=True))
    def get_week(self, unit: OrganisationUnit) -> list[dict[str, Any]]:
        return [
            {"date": day.day, "intervals": [list(i) for i in day.intervals], "note": day.note}
            for day in unit.schedule().week(timezone.localdate())
        ]
