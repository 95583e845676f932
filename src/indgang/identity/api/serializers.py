"""The staff person lookup's request (the answer is the registers' ``PersonSerializer``)."""

from __future__ import annotations

from django import forms
from rest_framework import serializers

from indgang.core.cpr import clean_cpr


class PersonLookupSerializer(serializers.Serializer[object]):
    cpr = serializers.CharField(max_length=11)
    purpose = serializers.CharField(max_length=300)

    def validate_cpr(self, value: str) -> str:
        try:
            return clean_cpr(value)
        except forms.ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
