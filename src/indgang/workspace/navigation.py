"""The staff menu: what each role may use, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indgang.assistant.permissions import may_chat
from indgang.identity.constants import StaffRole
from indgang.identity.permissions import may_operate

if TYPE_CHECKING:
    from indgang.identity.models import StaffProfile

CASE_ROLES = frozenset({StaffRole.CASEWORKER, StaffRole.FRONT_DESK})


@dataclass(frozen=True)
class Item:
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    # The menu item is "current" on every page whose path starts with this.
    prefix: str = ""
    # Instead of the roles: who may use the page (given the user).
    allowed: Callable[[Any], bool] | None = None


ITEMS: list[Item] = [
    Item(_("Home"), "workspace:home", frozenset(StaffRole.values)),
    Item(_("Cases"), "cases:queue", CASE_ROLES, "/medarbejder/sager/"),
    Item(_("Find a case"), "workspace:case-search", CASE_ROLES, "/medarbejder/soeg/"),
    Item(_("Appointments"), "appointments:staff", CASE_ROLES, "/medarbejder/tider/"),
    Item(
        _("Assisted service"),
        "selfservice:assist-start",
        frozenset({StaffRole.FRONT_DESK, StaffRole.CASEWORKER}),
        "/medarbejder/medbetjening/",
    ),
    Item(_("Contacts"), "contacts:register", CASE_ROLES, "/medarbejder/henvendelser/"),
    # Borgerservice's front desk takes Spørg kommunen's conversations live.
    Item(
        _("Live chat"),
        "assistant:staff-queue",
        frozenset({StaffRole.FRONT_DESK}),
        "/medarbejder/chat/",
        allowed=may_chat,
    ),
    Item(
        _("Places"),
        "workspace:places",
        frozenset({StaffRole.EDITOR, StaffRole.ADMINISTRATOR}),
        "/medarbejder/steder/",
    ),
    Item(
        _("Services catalogue"),
        "workspace:catalogue",
        frozenset({StaffRole.EDITOR}),
        "/medarbejder/ydelser/",
    ),
    Item(
        _("Insight"), "insights:overview", frozenset({StaffRole.ANALYST}), "/medarbejder/indsigt/"
    ),
    Item(
        _("Process mining"),
        "mining:list",
        frozenset({StaffRole.ANALYST}),
        "/medarbejder/procesmining/",
    ),
    # Administrators, and anyone with the operations.operate permission.
    Item(
        _("Operations"),
        "operations:overview",
        frozenset({StaffRole.ADMINISTRATOR}),
        "/medarbejder/drift/",
        allowed=may_operate,
    ),
    Item(
        _("KLE map"),
        "cases:kle-map",
        frozenset({StaffRole.ADMINISTRATOR}),
        "/medarbejder/kle-kort/",
    ),
    Item(_("Administration"), "admin:index", frozenset({StaffRole.ADMINISTRATOR}), "/admin/"),
]


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    current: bool


def menu(profile: StaffProfile, path: str) -> list[Link]:
    """The menu items the staff member's roles allow, the current one marked."""
    roles = profile.role_codes()
    links = []
    for item in ITEMS:
        if item.allowed is not None:
            if not item.allowed(profile.user):
                continue
        elif not roles & item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app that is not installed
            continue
        current = path.startswith(item.prefix) if item.prefix else path == url
        links.append(Link(item.label, url, current))
    return links
