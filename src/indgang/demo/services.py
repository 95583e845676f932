"""Loading the demo data set: teams, staff and the synthetic population."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from indgang.appointments.demo import load_services
from indgang.cases.models import RoutingModel
from indgang.cases.routing import router
from indgang.catalogue.demo import load_catalogue
from indgang.core import municipality
from indgang.core.models import Team
from indgang.demo.teams import DEMO_PASSWORD, STAFF, TEAMS
from indgang.directory.demo import load_directory
from indgang.identity import services as identity
from indgang.registers import services as registers
from indgang.registers.synthetic import generate
from indgang.selfservice import services as selfservice


@transaction.atomic
def load_teams() -> int:
    count = 0
    for administration, teams in TEAMS.items():
        for slug, name in teams:
            Team.objects.update_or_create(
                administration_id=administration, slug=slug, defaults={"name": name}
            )
            count += 1
    return count


@transaction.atomic
def load_staff(password: str = DEMO_PASSWORD) -> int:
    user_model = get_user_model()
    created = 0
    for spec in STAFF:
        if user_model.objects.filter(username=spec["username"]).exists():
            continue
        identity.create_staff_member(password=password, **spec)  # type: ignore[arg-type]
        created += 1
    return created


def load_population(seed: int = 1, persons: int = 20_000) -> dict[str, int]:
    return registers.load_population(generate(seed=seed, persons=persons))


def load_selfservice() -> int:
    """Import the built-in self-service definitions; returns how many are new versions."""
    return sum(created for _definition, created in selfservice.import_built_in_definitions())


def load_directory_and_appointments() -> tuple[int, int, int]:
    """The directory with opening hours, bookable services at the centres, the catalogue."""
    return load_directory(), load_services(), load_catalogue()


def load_routing() -> tuple[int, int, int | None]:
    """Case topics and routing rules; trains a classifier when none is active."""
    municipality.ensure_default()  # Copenhagen's administrations, teams and KLE map
    topics, rules = router.load_reference_data()
    version = None
    if not RoutingModel.objects.filter(active=True).exists():
        version = router.train_and_store().version
    return topics, rules, version
