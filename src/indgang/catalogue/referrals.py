"""Public reads of the referrals: matters the municipality does not handle, and who does."""

from __future__ import annotations

from django.db.models import QuerySet

from indgang.catalogue.models import Referral


def referrals() -> QuerySet[Referral]:
    return Referral.objects.all()


def referral(slug: str) -> Referral | None:
    return Referral.objects.filter(slug=slug).first()
