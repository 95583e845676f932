"""Bearer tokens for line-of-business case systems (one administration each)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from indgang.cases.models import CaseSystemClient
from indgang.cases.services import token_hash


class CaseSystemAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``; the request acts as the client's service user."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, CaseSystemClient] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode().lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Bearer <token>'.")
        client = (
            CaseSystemClient.objects.select_related("user")
            .filter(token_hash=token_hash(parts[1].decode(errors="replace")), active=True)
            .first()
        )
        if client is None or not client.user.is_active:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        CaseSystemClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return client.user, client

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsCaseSystem(BasePermission):
    message = "Only a registered case system may use this endpoint."

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, CaseSystemClient)


class CaseSystemAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[misc,no-untyped-call]
    target_class = "indgang.cases.api.authentication.CaseSystemAuthentication"
    name = "caseSystemToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A case system's API token."}
