from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from indgang.cases.models import Case
from indgang.contacts.constants import Channel, Outcome, Reason, RecontactStatus
from indgang.contacts.models import Contact
from indgang.core.cpr import clean_cpr
from indgang.core.models import Team

MAX_DURATION_S = 24 * 60 * 60


class ContactInSerializer(serializers.Serializer[dict[str, Any]]):
    """One contact to record. A CPR number is accepted and hashed; it is never stored."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    service = serializers.SlugField(max_length=80, required=False, allow_blank=True, default="")
    team = serializers.SlugField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A team of your administration; default: the service's team."),
    )
    cpr = serializers.CharField(
        max_length=11,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text=_("Hashed into the pseudonymous citizen key; never stored or returned."),
    )
    started_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    duration_s = serializers.IntegerField(
        min_value=0,
        # A day; also keeps the value inside every database's integer column.
        max_value=MAX_DURATION_S,
        required=False,
        allow_null=True,
        default=None,
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.RESOLVED)
    reason = serializers.ChoiceField(
        choices=[("", ""), *Reason.choices], required=False, allow_blank=True, default=""
    )
    case = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Reference of the case the contact is about, e.g. K-2026-000123."),
    )
    source_ref = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Your id for the contact; sending it again returns the stored contact."),
    )

    def validate_cpr(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return clean_cpr(value)
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class ContactSerializer(serializers.ModelSerializer[Contact]):
    """A contact as the register holds it: no CPR number, no citizen key."""

    administration = serializers.CharField(source="administration_id", allow_null=True)
    team: serializers.SlugRelatedField[Team] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    case: serializers.SlugRelatedField[Case] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    earlier_case: serializers.SlugRelatedField[Case] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    is_recontact = serializers.BooleanField(read_only=True)
    # Read-only model fields lose allow_blank; "" (none given) is a value here.
    reason = serializers.ChoiceField(choices=Reason.choices, allow_blank=True, read_only=True)
    recontact_status = serializers.ChoiceField(
        choices=RecontactStatus.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "channel",
            "service",
            "administration",
            "team",
            "started_at",
            "duration_s",
            "outcome",
            "reason",
            "case",
            "earlier_contact",
            "earlier_case",
            "recontact_status",
            "is_recontact",
            "source",
            "source_ref",
        ]
        read_only_fields = fields


class ProblemSerializer(serializers.Serializer[dict[str, Any]]):
    detail = serializers.CharField()
