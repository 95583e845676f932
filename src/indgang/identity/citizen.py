"""The logged-in citizen, kept in the server-side session.

Citizens are not Django users: MitID tells us who they are each time, and we
keep only what the session needs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from django.conf import settings
from django.http import HttpRequest

from indgang.identity import assurance

SESSION_KEY = "indgang_citizen"


class LevelOfAssuranceTooLow(Exception):
    """The page needs a MitID login at a higher level than the citizen's.

    Raised from a view; ``CitizenMiddleware`` sends the citizen to log in again
    at ``required``, then back.
    """

    def __init__(self, required: str) -> None:
        super().__init__(required)
        self.required = required


@dataclass(frozen=True)
class CitizenIdentity:
    cpr: str
    name: str
    idp: str
    level_of_assurance: str = "substantial"
    cvr: str = ""
    business_name: str = ""
    # Set while a parent acts for a child in custody: ``cpr`` and ``name``
    # are then the child's, and these the parent who is logged in.
    parent_cpr: str = ""
    parent_name: str = ""

    @property
    def display_name(self) -> str:
        if self.cvr:
            return f"{self.name} ({self.business_name}, CVR {self.cvr})"
        if self.parent_cpr:
            return f"{self.parent_name}, for {self.name}"
        return self.name

    @property
    def acting_for_child(self) -> bool:
        return bool(self.parent_cpr)


def current_citizen(request: HttpRequest) -> CitizenIdentity | None:
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    try:
        return CitizenIdentity(**data)
    except TypeError:
        # A session written by an older version: treat as logged out.
        return None


def required_level(service_level: str = "") -> str:
    """The level a page needs: the service's own, never below the site's minimum."""
    return assurance.highest(settings.CITIZEN_LEVEL_OF_ASSURANCE, service_level)


def require_level_of_assurance(request: HttpRequest, service_level: str = "") -> None:
    """Raise ``LevelOfAssuranceTooLow`` unless the citizen logged in high enough."""
    citizen = current_citizen(request)
    required = required_level(service_level)
    if citizen is not None and not assurance.meets(citizen.level_of_assurance, required):
        raise LevelOfAssuranceTooLow(required)


def log_in_citizen(request: HttpRequest, identity: CitizenIdentity) -> None:
    # A new session id at login prevents session fixation.
    request.session.cycle_key()
    request.session[SESSION_KEY] = asdict(identity)


def act_for_child(request: HttpRequest, *, cpr: str, name: str) -> CitizenIdentity:
    """The logged-in parent acts for a child from now on (the caller has
    checked custody); every page then shows and does the child's matters."""
    me = current_citizen(request)
    if me is None or me.cvr or me.parent_cpr:
        raise ValueError("only a citizen acting for themselves can start acting for a child")
    identity = replace(me, cpr=cpr, name=name, parent_cpr=me.cpr, parent_name=me.name)
    request.session[SESSION_KEY] = asdict(identity)
    return identity


def act_for_self(request: HttpRequest) -> CitizenIdentity | None:
    """Back from acting for a child to the parent's own matters."""
    me = current_citizen(request)
    if me is None or not me.parent_cpr:
        return me
    identity = replace(me, cpr=me.parent_cpr, name=me.parent_name, parent_cpr="", parent_name="")
    request.session[SESSION_KEY] = asdict(identity)
    return identity


def log_out_citizen(request: HttpRequest) -> None:
    request.session.flush()
