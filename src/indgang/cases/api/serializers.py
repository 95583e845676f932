from __future__ import annotations

from typing import Any

from rest_framework import serializers

from indgang.cases.constants import CaseState
from indgang.cases.models import Case


class CaseSerializer(serializers.ModelSerializer[Case]):
    administration = serializers.CharField(source="administration_id", allow_null=True)
    team = serializers.SerializerMethodField()
    topic = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "state",
            "administration",
            "team",
            "topic",
            "kle",
            "kle_title",
            "channel",
            "subject",
            "text",
            "cpr",
            "cvr",
            "citizen_name",
            "reply_email",
            "created_at",
            "deadline",
            "resolved_at",
            "closed_at",
            "external_reference",
        ]
        read_only_fields = fields

    def get_team(self, case: Case) -> str | None:
        return case.team.slug if case.team else None

    def get_topic(self, case: Case) -> str | None:
        return case.topic.slug if case.topic else None


class StatusUpdateSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=CaseState.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    external_reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The case's number in your system; also the idempotency key "
        "when no Idempotency-Key header is sent.",
    )


class StatusResultSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)


class CaseProblemSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
