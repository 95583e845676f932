"""The logged-in citizen, kept in the server-side session.

Citizens are not Django users: MitID tells us who they are each time, and we
keep only what the session needs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.http import HttpRequest

SESSION_KEY = "indgang_citizen"


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


def log_in_citizen(request: HttpRequest, identity: CitizenIdentity) -> None:
    # A new session id at login prevents session fixation.
    request.session.cycle_key()
    request.session[SESSION_KEY] = asdict(identity)


def log_out_citizen(request: HttpRequest) -> None:
    request.session.flush()
