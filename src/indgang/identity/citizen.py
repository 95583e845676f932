"""The logged-in citizen, kept in the server-side session.

Citizens are not Django users: MitID tells us who they are each time, and we
keep only what the session needs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

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

    @property
    def display_name(self) -> str:
        if self.cvr:
            return f"{self.name} ({self.business_name}, CVR {self.cvr})"
        return self.name


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


def log_out_citizen(request: HttpRequest) -> None:
    request.session.flush()
