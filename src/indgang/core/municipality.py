"""The municipality as data: name, code, administrations, teams and the KLE map.

One JSON file per municipality in ``data/municipalities/`` (Copenhagen is the
shipped default, ``999-eksempel.json`` a smaller made-up one with another
structure). ``indgang municipality load`` stores one in the database; from
then on the KLE map is edited in the admin (Municipalities → KLE map).
Routing reads the map through ``current_map``; with no municipality loaded
yet (a freshly migrated database) it reads the default file without writing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Count, Max

from indgang.core import kle
from indgang.core.models import Administration, KleMapping, Municipality, Team

DIRECTORY = Path(__file__).parent / "data" / "municipalities"
DEFAULT = "101"


class MunicipalityFileError(ValueError):
    pass


@dataclass(frozen=True)
class Place:
    administration: str
    team: str | None


@dataclass
class MunicipalityMap:
    code: str
    name: str
    triage: str
    administrations: dict[str, str]  # code → name
    teams: dict[str, dict[str, str]]  # administration → slug → name
    entries: dict[str, Place] = field(default_factory=dict)  # KLE prefix → place

    def place(self, number: str) -> Place | None:
        """The most specific entry for a KLE number: topic, then group, then main group."""
        for prefix in (number, number[:5], number[:2]):
            place = self.entries.get(prefix)
            if place is not None:
                return place
        return None


def shipped_files() -> dict[str, Path]:
    """Municipality code → its shipped file."""
    return {path.name.split("-", 1)[0]: path for path in sorted(DIRECTORY.glob("*.json"))}


def read_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MunicipalityFileError(f"{path.name}: {error}") from error
    _validate(data, path.name)
    checked: dict[str, Any] = data
    return checked


def _validate(data: Any, name: str) -> None:
    if not isinstance(data, dict):
        raise MunicipalityFileError(f"{name}: expected an object")
    for key in ("code", "name", "triage", "administrations", "kle_map"):
        if key not in data:
            raise MunicipalityFileError(f"{name}: '{key}' is missing")
    teams: dict[str, set[str]] = {}
    for item in data["administrations"]:
        code = item.get("code", "")
        if not (1 <= len(code) <= 3) or not code.isalpha() or not code.islower():
            raise MunicipalityFileError(f"{name}: administration code {code!r} must be 1–3 letters")
        teams[code] = {t["slug"] for t in item.get("teams", [])}
    if data["triage"] not in teams:
        raise MunicipalityFileError(f"{name}: triage {data['triage']!r} is not an administration")
    for number, target in data["kle_map"].items():
        if not kle.NUMBER.match(number):
            raise MunicipalityFileError(f"{name}: {number!r} is not a KLE number")
        administration, _, team = target.partition("/")
        if administration not in teams or (team and team not in teams[administration]):
            raise MunicipalityFileError(f"{name}: {number} → {target!r} names no team of the file")


def _map_from_file(data: dict[str, Any]) -> MunicipalityMap:
    entries = {}
    for number, target in data["kle_map"].items():
        administration, _, team = target.partition("/")
        entries[number] = Place(administration, team or None)
    return MunicipalityMap(
        code=data["code"],
        name=data["name"],
        triage=data["triage"],
        administrations={a["code"]: a["name"] for a in data["administrations"]},
        teams={
            a["code"]: {t["slug"]: t["name"] for t in a.get("teams", [])}
            for a in data["administrations"]
        },
        entries=entries,
    )


@transaction.atomic
def load(
    path: Path, *, activate: bool | None = None, replace_map: bool = False
) -> tuple[Municipality, int]:
    """Store a municipality file: administrations, teams and KLE map.

    Map entries an administrator has already edited are kept unless
    ``replace_map``. The first municipality loaded becomes the active one.
    Returns the municipality and how many map entries were written.
    """
    data = read_file(path)
    for item in data["administrations"]:
        administration, _ = Administration.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"]}
        )
        for team in item.get("teams", []):
            Team.objects.update_or_create(
                administration=administration, slug=team["slug"], defaults={"name": team["name"]}
            )
    municipality, _ = Municipality.objects.update_or_create(
        code=data["code"],
        defaults={"name": data["name"], "triage_administration_id": data["triage"]},
    )
    municipality.administrations.set([a["code"] for a in data["administrations"]])
    if replace_map:
        municipality.kle_map.all().delete()
    existing = set(municipality.kle_map.values_list("kle", flat=True))
    written = 0
    for number, target in data["kle_map"].items():
        if number in existing:
            continue
        administration, _, team = target.partition("/")
        KleMapping.objects.create(
            municipality=municipality,
            kle=number,
            administration_id=administration,
            team=Team.objects.get(administration_id=administration, slug=team) if team else None,
        )
        written += 1
    if activate or (activate is None and not Municipality.objects.filter(active=True).exists()):
        set_active(municipality.code)
        municipality.refresh_from_db()
    return municipality, written


@transaction.atomic
def set_active(code: str) -> Municipality:
    municipality = Municipality.objects.get(code=code)
    Municipality.objects.filter(active=True).exclude(pk=code).update(active=False)
    Municipality.objects.filter(pk=code).update(active=True)
    return municipality


def ensure_default() -> Municipality:
    """The active municipality; loads the shipped default when there is none."""
    active = Municipality.objects.filter(active=True).first()
    if active is not None:
        return active
    municipality, _ = load(shipped_files()[DEFAULT], activate=True)
    return municipality


def map_from_database(municipality: Municipality) -> MunicipalityMap:
    administrations = {a.code: a.name for a in municipality.administrations.all()}
    teams: dict[str, dict[str, str]] = {code: {} for code in administrations}
    for team in Team.objects.filter(administration_id__in=administrations):
        teams[team.administration_id][team.slug] = team.name
    entries = {
        m.kle: Place(m.administration_id, m.team.slug if m.team else None)
        for m in municipality.kle_map.select_related("team")
    }
    return MunicipalityMap(
        code=municipality.code,
        name=municipality.name,
        triage=municipality.triage_administration_id,
        administrations=administrations,
        teams=teams,
        entries=entries,
    )


_cache: dict[tuple[Any, ...], MunicipalityMap] = {}


def current_map(code: str | None = None) -> MunicipalityMap:
    """The KLE map routing uses: the given or the active municipality's from the
    database, else the shipped default file (nothing is written)."""
    queryset = (
        Municipality.objects.filter(code=code) if code else Municipality.objects.filter(active=True)
    )
    row = queryset.annotate(entries=Count("kle_map"), changed=Max("kle_map__updated_at")).first()
    if row is None:
        files = shipped_files()
        wanted = code or DEFAULT
        if wanted not in files:
            raise Municipality.DoesNotExist(f"no municipality {wanted}")
        key: tuple[Any, ...] = ("file", wanted)
        if key not in _cache:
            _cache[key] = _map_from_file(read_file(files[wanted]))
        return _cache[key]
    key = ("db", row.code, row.updated_at, row.entries, row.changed)  # type: ignore[attr-defined]
    if key not in _cache:
        _cache.clear()
        _cache[key] = map_from_database(row)
    return _cache[key]


def _active_row() -> Municipality | None:
    """The active municipality, or None when none is loaded or the database
    is not ready (a system check before ``migrate``)."""
    try:
        return Municipality.objects.filter(active=True).first()
    except DatabaseError:
        return None


def administration_codes() -> set[str]:
    """The active municipality's administration codes; with none loaded, the
    codes of the default municipality's file (what ``prepare`` would load)."""
    row = _active_row()
    if row is not None:
        return set(row.administrations.values_list("code", flat=True))
    return {a["code"] for a in read_file(shipped_files()[DEFAULT])["administrations"]}


def triage_administration() -> str:
    """Whose staff run central triage: the active municipality's choice,
    else the default municipality file's."""
    row = _active_row()
    if row is not None:
        return row.triage_administration_id
    triage: str = read_file(shipped_files()[DEFAULT])["triage"]
    return triage


# Editing the KLE map (the staff page and the admin) -------------------------


class MapEntryError(ValueError):
    pass


def entry_title(number: str) -> str:
    """A map entry's title: the topic's, or for a main group or group the
    title of its "i almindelighed" topic (27 → 27.00.00)."""
    return kle.title(number) or kle.title((number + ".00.00")[:8])


def known_number(number: str) -> bool:
    """Whether KLE has this topic, or topics under this group or main group."""
    if not kle.NUMBER.match(number):
        return False
    return any(n == number or n.startswith(number + ".") for n in kle.index().numbers)


@transaction.atomic
def set_entry(
    municipality: Municipality, number: str, administration: str, team: str | None
) -> KleMapping:
    """Add or change one entry of the map: ``number`` (main group, group or
    topic) → administration (and team). The cached map follows at once."""
    number = number.strip()
    if not known_number(number):
        raise MapEntryError(f"{number!r} is no KLE main group, group or topic")
    if not municipality.administrations.filter(code=administration).exists():
        raise MapEntryError(f"{administration!r} is not an administration of {municipality}")
    team_row = None
    if team:
        team_row = Team.objects.filter(administration_id=administration, slug=team).first()
        if team_row is None:
            raise MapEntryError(f"team {team!r} does not belong to {administration!r}")
    entry, _ = KleMapping.objects.update_or_create(
        municipality=municipality,
        kle=number,
        defaults={"administration_id": administration, "team": team_row},
    )
    return entry


def remove_entry(municipality: Municipality, number: str) -> bool:
    deleted, _ = municipality.kle_map.filter(kle=number).delete()
    return deleted > 0
