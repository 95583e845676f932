"""A deterministic synthetic population of Copenhagen, in pure Python (no Django).

Only synthetic people: every name, CPR number, household, GP clinic and
business is drawn at random. The streets are real Copenhagen and
Frederiksberg streets with their real postcodes (``data/streets.csv``), so
addresses look, sort and validate like the real thing. Everyone lives in the
City of Copenhagen (0101); clinics and businesses may be in Frederiksberg.

The same seed gives the same population: the only source of randomness is
one ``random.Random(seed)``, nothing reads the clock, and no set is iterated
in hash order. ``generate()`` with the defaults takes about a second.

Relations read "``to_cpr`` is the ``kind`` of ``from_cpr``": a parent has a
``child`` relation to each child and each child a ``parent`` relation back.
``custody`` is set on both rows of a parent-child pair when that parent holds
custody ("forældremyndighed") of a child under 18.
"""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Generic, Literal, TypeVar

from indgang.registers.base import AddressRecord, age_on

REFERENCE_DATE = date(2026, 6, 30)
"""The day the population describes: ages are counted to it, nobody is born after it."""

DATA_DIR = Path(__file__).resolve().parent / "data"

KOBENHAVN = "0101"
FREDERIKSBERG = "0147"

Sex = Literal["F", "M"]
MaritalStatus = Literal["ugift", "gift", "registreret partner", "skilt", "enke/enkemand"]
RelationKind = Literal["spouse", "partner", "parent", "child"]
HouseholdKind = Literal["single", "couple", "family", "single_parent", "flatshare"]
CompanyForm = Literal["ApS", "A/S", "I/S", "Enkeltmandsvirksomhed", "Forening"]
InsuranceGroup = Literal[1, 2]

T = TypeVar("T")


# --- the records ---------------------------------------------------------------------------


# The synthetic population's addresses are the registers' own address record.
Address = AddressRecord


@dataclass(frozen=True, slots=True)
class Person:
    cpr: str
    first_name: str
    middle_name: str
    last_name: str
    birth_date: date
    sex: Sex
    address_id: str
    household_id: str
    gp_clinic_id: str | None
    insurance_group: InsuranceGroup
    name_address_protected: bool
    marital_status: MaritalStatus
    moved_in: date
    citizenship: str

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    def age_on(self, day: date = REFERENCE_DATE) -> int:
        return age_on(self.birth_date, day)


@dataclass(frozen=True, slots=True)
class Relation:
    from_cpr: str
    to_cpr: str
    kind: RelationKind
    custody: bool


@dataclass(frozen=True, slots=True)
class Household:
    id: str
    address_id: str
    member_cprs: tuple[str, ...]
    kind: HouseholdKind


@dataclass(frozen=True, slots=True)
class Clinic:
    id: str
    name: str
    doctors: tuple[str, ...]
    street: str
    house_number: str
    postcode: str
    city: str
    municipality_code: str
    lat: float
    lon: float
    phone: str
    accepts_new_patients: bool
    capacity: int


@dataclass(frozen=True, slots=True)
class ProductionUnit:
    p_number: str
    name: str
    street: str
    house_number: str
    postcode: str
    city: str
    municipality_code: str


@dataclass(frozen=True, slots=True)
class Business:
    cvr: str
    name: str
    company_form: CompanyForm
    street: str
    house_number: str
    postcode: str
    city: str
    municipality_code: str
    lat: float
    lon: float
    industry: str
    founded: date
    production_units: tuple[ProductionUnit, ...]
    owners: tuple[str, ...]


IncomeKind = Literal[
    "salary", "state_pension", "cash_benefit", "unemployment_benefit", "student_grant"
]
AssetKind = Literal["bank", "securities", "vehicle"]


@dataclass(frozen=True, slots=True)
class Income:
    """A monthly income before tax (kr.), as the income register (eIndkomst) has it."""

    cpr: str
    kind: IncomeKind
    monthly: int
    payer: str


@dataclass(frozen=True, slots=True)
class Asset:
    cpr: str
    kind: AssetKind
    value: int


@dataclass(frozen=True, slots=True)
class Population:
    addresses: tuple[Address, ...]
    households: tuple[Household, ...]
    persons: tuple[Person, ...]
    relations: tuple[Relation, ...]
    clinics: tuple[Clinic, ...]
    businesses: tuple[Business, ...]
    incomes: tuple[Income, ...] = ()
    assets: tuple[Asset, ...] = ()

    def summary(self) -> dict[str, int]:
        return {
            "persons": len(self.persons),
            "children": sum(1 for p in self.persons if p.age_on() < 18),
            "households": len(self.households),
            "single_person_households": sum(1 for h in self.households if h.kind == "single"),
            "addresses": len(self.addresses),
            "relations": len(self.relations),
            "protected_persons": sum(1 for p in self.persons if p.name_address_protected),
            "insurance_group_2": sum(1 for p in self.persons if p.insurance_group == 2),
            "clinics": len(self.clinics),
            "clinics_closed": sum(1 for c in self.clinics if not c.accepts_new_patients),
            "businesses": len(self.businesses),
            "production_units": sum(len(b.production_units) for b in self.businesses),
            "incomes": len(self.incomes),
            "assets": len(self.assets),
        }


@dataclass(frozen=True, slots=True)
class PostalDistrict:
    """A postal district: where its centre is and how far its addresses reach."""

    city: str
    lat: float
    lon: float
    radius_km: float
    residents: int  # roughly, to spread people like the real city
    phone_prefix: str


POSTAL_DISTRICTS: dict[str, PostalDistrict] = {
    d.city: d
    for d in (
        PostalDistrict("København K", 55.6800, 12.5800, 2.2, 45_000, "33"),
        PostalDistrict("København V", 55.6700, 12.5520, 2.3, 45_000, "33"),
        PostalDistrict("Frederiksberg C", 55.6790, 12.5430, 1.8, 45_000, "38"),
        PostalDistrict("Frederiksberg", 55.6820, 12.5220, 2.3, 55_000, "38"),
        PostalDistrict("København Ø", 55.7030, 12.5780, 3.0, 80_000, "35"),
        PostalDistrict("Nordhavn", 55.7110, 12.6000, 1.5, 6_000, "39"),
        PostalDistrict("København N", 55.6950, 12.5500, 2.0, 80_000, "35"),
        PostalDistrict("København S", 55.6500, 12.5950, 4.5, 110_000, "32"),
        PostalDistrict("København NV", 55.7080, 12.5280, 2.5, 70_000, "38"),
        PostalDistrict("København SV", 55.6510, 12.5370, 2.0, 40_000, "36"),
    )
}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# --- reference data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Street:
    name: str
    postcode: str
    city: str
    municipality_code: str
    lat: float
    lon: float
    min_number: int
    max_number: int
    housing: Literal["classic", "modern", "mixed"]
    area: str


@dataclass(frozen=True, slots=True)
class _Industry:
    industry: str
    label: str
    forms: tuple[CompanyForm, ...]
    style: Literal["prefix", "suffix"]
    weight: float


@dataclass(frozen=True, slots=True)
class _Weighted(Generic[T]):
    items: tuple[T, ...]
    cum: tuple[float, ...]

    @staticmethod
    def of(pairs: Sequence[tuple[T, float]]) -> _Weighted[T]:
        return _Weighted(tuple(p[0] for p in pairs), tuple(accumulate(p[1] for p in pairs)))

    def pick(self, rng: random.Random) -> T:
        # What rng.choices does, without its overhead: this runs ~100,000 times.
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True, slots=True)
class _Data:
    streets: tuple[Street, ...]
    first_names: dict[tuple[str, str, str], tuple[str, ...]]  # (origin, sex, era) -> names
    surnames: dict[str, _Weighted[str]]  # origin -> surnames
    middle_names: tuple[str, ...]
    industries: tuple[_Industry, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def load_streets() -> tuple[Street, ...]:
    """The real streets (with their real postcodes) that addresses are drawn from."""
    housing_kinds = ("classic", "modern", "mixed")
    streets = []
    for row in _rows("streets.csv"):
        housing = row["housing"]
        if housing not in housing_kinds:
            raise ValueError(f"streets.csv: unknown housing {housing!r} for {row['street']}")
        streets.append(
            Street(
                name=row["street"],
                postcode=row["postcode"],
                city=row["city"],
                municipality_code=row["municipality_code"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                min_number=int(row["min_no"]),
                max_number=int(row["max_no"]),
                housing=housing,  # type: ignore[arg-type]
                area=row["area"],
            )
        )
    return tuple(streets)


@cache
def _data() -> _Data:
    first: dict[tuple[str, str, str], list[str]] = {}
    for row in _rows("first_names.csv"):
        first.setdefault((row["origin"], row["sex"], row["era"]), []).append(row["name"])
    by_origin: dict[str, list[tuple[str, float]]] = {}
    middle: list[str] = []
    for row in _rows("surnames.csv"):
        by_origin.setdefault(row["origin"], []).append((row["name"], float(row["weight"])))
        if row["middle"] == "1":
            middle.append(row["name"])
    industries = tuple(
        _Industry(
            industry=row["industry"],
            label=row["label"],
            forms=tuple(row["forms"].split("|")),  # type: ignore[arg-type]
            style="prefix" if row["style"] == "prefix" else "suffix",
            weight=float(row["weight"]),
        )
        for row in _rows("industries.csv")
    )
    return _Data(
        streets=load_streets(),
        first_names={key: tuple(names) for key, names in first.items()},
        surnames={origin: _Weighted.of(pairs) for origin, pairs in by_origin.items()},
        middle_names=tuple(middle),
        industries=industries,
    )


# Origins of Copenhageners, roughly as in the municipality's statistics.
_ORIGINS: _Weighted[str] = _Weighted.of(
    [
        ("dk", 74),
        ("west", 6),
        ("nordic", 3),
        ("east_europe", 4),
        ("mena", 7),
        ("south_asia", 2.5),
        ("east_asia", 2),
        ("africa", 1.5),
    ]
)
# Citizenships other than Danish, per origin; the share of each origin that is Danish.
_CITIZENSHIPS: dict[str, tuple[tuple[str, ...], float]] = {
    "dk": ((), 1.0),
    "nordic": (("SE", "NO", "IS", "FI"), 0.5),
    "west": (("DE", "GB", "FR", "IT", "ES", "US", "NL"), 0.4),
    "east_europe": (("PL", "RO", "LT", "UA", "BG"), 0.35),
    "mena": (("TR", "IQ", "SY", "IR", "LB", "MA"), 0.55),
    "south_asia": (("PK", "IN", "LK", "AF"), 0.55),
    "east_asia": (("CN", "VN", "PH", "TH", "JP", "KR"), 0.4),
    "africa": (("SO", "ER", "GH", "NG", "ET"), 0.55),
}
_HOUSEHOLD_PLANS: _Weighted[str] = _Weighted.of(
    [
        ("single_young", 22),
        ("single_mid", 15),
        ("single_old", 10),
        ("couple_young", 13),
        ("couple_mid", 8),
        ("couple_old", 5),
        ("family", 17),
        ("single_parent", 6),
        ("flatshare", 4),
    ]
)
_CLASSIC_FLOORS: _Weighted[str] = _Weighted.of(
    [("kl", 1), ("st", 18), ("1", 17), ("2", 17), ("3", 16), ("4", 15), ("5", 12), ("6", 4)]
)
_MODERN_FLOORS: _Weighted[str] = _Weighted.of([("st", 14)] + [(str(n), 14) for n in range(1, 7)])
_CLASSIC_DOORS: _Weighted[str] = _Weighted.of([("th", 45), ("tv", 45), ("mf", 10)])
_FORM_WEIGHTS: dict[CompanyForm, float] = {
    "ApS": 55,
    "A/S": 8,
    "I/S": 7,
    "Enkeltmandsvirksomhed": 30,
    "Forening": 1,
}
_BRANDS = (
    "Nordlys",
    "Havblik",
    "Kastanje",
    "Bølgen",
    "Fyrtårn",
    "Kompas",
    "Lindetræ",
    "Morgenrøde",
    "Solsikke",
    "Ankerplads",
    "Gadekær",
    "Stjerne",
    "Kløver",
    "Pilen",
    "Tårnet",
    "Svanen",
)
_FAMILY_TRADES = frozenset(("Tømrer", "El", "VVS", "Maler", "Transport", "Bageri", "Købmand"))
_NEAREST_CLINICS = 6
# For each age: the first day (ordinal) one can be born to have that age, and how many days.
_BIRTH_WINDOWS = tuple(
    (
        REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1).toordinal() + 1,
        REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age).toordinal()
        - REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1).toordinal(),
    )
    for age in range(111)
)
_NEAR_WEIGHTS = (6, 4, 3, 2, 1, 1)
_LON_SCALE = math.cos(math.radians(55.68))  # a degree of longitude is shorter up here


# --- the generator ---------------------------------------------------------------------------


@dataclass(slots=True)
class _P:
    """A person while the population is being built (mutable until frozen)."""

    cpr: str
    first: str
    middle: str
    last: str
    birth: date
    sex: Sex
    origin: str
    citizenship: str
    household: int = -1
    marital: MaritalStatus = "ugift"
    gp: str | None = None
    group: InsuranceGroup = 1
    protected: bool = False
    moved_in: date = REFERENCE_DATE
    age: int = 0  # on the reference date; set once, as the birth date never changes

    def __post_init__(self) -> None:
        self.age = age_on(self.birth, REFERENCE_DATE)


@dataclass(slots=True)
class _H:
    kind: HouseholdKind
    address: Address
    members: list[_P]


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.data = _data()
        streets = self.data.streets
        in_city: dict[str, float] = {}
        for s in streets:
            in_city[s.city] = in_city.get(s.city, 0.0) + self._street_size(s)
        # Residents per street: the district's residents spread by street length.
        self.home_weights = tuple(
            POSTAL_DISTRICTS[s.city].residents * self._street_size(s) / in_city[s.city]
            for s in streets
        )
        self.homes = _Weighted(tuple(range(len(streets))), tuple(accumulate(self.home_weights)))
        # Residents live in the City of Copenhagen (0101), the municipality Indgang
        # serves; Frederiksberg's streets still hold clinics and businesses.
        self.resident_homes = _Weighted(
            tuple(range(len(streets))),
            tuple(
                accumulate(
                    w if s.municipality_code == KOBENHAVN else 0.0
                    for w, s in zip(self.home_weights, streets, strict=True)
                )
            ),
        )
        self.cprs: set[str] = set()
        self.units: set[tuple[int, str, str | None, str | None]] = set()
        self.buildings: dict[tuple[int, str], tuple[float, float, bool]] = {}
        self.persons: list[_P] = []
        self.households: list[_H] = []
        self.relations: list[Relation] = []
        self.clinics: list[Clinic] = []
        self.nearest: dict[int, _Weighted[str] | None] = {}
        # (household index, resident parent, children, sole custody?) awaiting a parent elsewhere
        self.absent_parents: list[tuple[int, _P, list[_P], bool]] = []

    @staticmethod
    def _street_size(street: Street) -> float:
        return float(street.max_number - street.min_number + 1)

    # -- small draws ------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # rng.randrange and rng.randint are slow for what is asked ~200,000 times here.
    def below(self, n: int) -> int:
        return int(self.rng.random() * n)

    def between(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def one_of(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def home_street(self) -> int:
        return self.homes.pick(self.rng)

    def resident_street(self) -> int:
        """A street in Copenhagen municipality to live on."""
        return self.resident_homes.pick(self.rng)

    def birth_date(self, age: int) -> date:
        """A birthday giving exactly ``age`` on the reference date."""
        earliest, days = _BIRTH_WINDOWS[age]
        return date.fromordinal(earliest + self.below(days))

    def cpr(self, birth: date, sex: Sex) -> str:
        """A valid CPR number: birth date, century digit and sex parity all right.

        No modulus-11 check digit: it was dropped in 2007, so none is imposed.
        """
        year = birth.year
        if year < 1937:
            centuries = "0123"
        elif year < 2000:
            centuries = "0123" * 12 + "49"  # 4 and 9 are rare for the 1900s
        else:
            centuries = "456789"  # 4 and 9 up to 2036, 5-8 up to 2057
        prefix = f"{birth.day:02d}{birth.month:02d}{birth.year % 100:02d}"
        while True:
            serial = self.below(500) * 2 + (1 if sex == "M" else 0)
            number = f"{prefix}{self.one_of(centuries)}{serial:03d}"
            if number not in self.cprs:
                self.cprs.add(number)
                return number

    def first_name(self, origin: str, sex: Sex, birth: date) -> str:
        if origin == "dk":
            era = "old" if birth.year < 1960 else "mid" if birth.year < 1990 else "young"
            if self.chance(0.1):  # names drift across generations
                era = self.one_of(("old", "mid", "young"))
            return self.one_of(self.data.first_names[("dk", sex, era)])
        return self.one_of(self.data.first_names[(origin, sex, "any")])

    def surname(self, origin: str) -> str:
        return self.data.surnames[origin].pick(self.rng)

    def citizenship(self, origin: str, age: int) -> str:
        countries, danish = _CITIZENSHIPS[origin]
        if not countries:
            return "DK"
        if age < 18:
            danish = max(danish, 0.8)  # most children of immigrants are born here
        return "DK" if self.chance(danish) else self.one_of(countries)

    def origin(self) -> str:
        return _ORIGINS.pick(self.rng)

    def person(
        self,
        sex: Sex,
        age: int,
        origin: str,
        last: str | None = None,
        middle: str | None = None,
        citizenship: str | None = None,
    ) -> _P:
        birth = self.birth_date(age)
        if middle is None:
            middle = ""
            if origin == "dk" and self.chance(0.2):
                middle = self.one_of(self.data.middle_names)
        last = last or self.surname(origin)
        if middle == last:
            middle = ""
        p = _P(
            cpr=self.cpr(birth, sex),
            first=self.first_name(origin, sex, birth),
            middle=middle,
            last=last,
            birth=birth,
            sex=sex,
            origin=origin,
            citizenship=citizenship or self.citizenship(origin, age),
        )
        self.persons.append(p)
        return p

    def sex(self, female: float = 0.5) -> Sex:
        return "F" if self.chance(female) else "M"

    # -- addresses --------------------------------------------------------------------------

    def building(self, street_id: int, number: str) -> tuple[float, float, bool]:
        """Coordinates of a building, and whether it is a house (one dwelling, no floors)."""
        key = (street_id, number)
        known = self.buildings.get(key)
        if known is not None:
            return known
        street = self.data.streets[street_id]
        district = POSTAL_DISTRICTS[street.city]
        spread = 0.0006 + 0.000008 * self._street_size(street)  # long streets spread further
        lat, lon = street.lat, street.lon
        for _ in range(10):
            lat = street.lat + self.rng.gauss(0, spread)
            lon = street.lon + self.rng.gauss(0, spread * 1.76)  # a degree east is shorter
            if distance_km(lat, lon, district.lat, district.lon) < 0.95 * district.radius_km:
                break
        else:
            lat, lon = street.lat, street.lon
        house = street.housing == "mixed" and self.chance(0.25)
        result = (round(lat, 6), round(lon, 6), house)
        self.buildings[key] = result
        return result

    def house_number(self, street: Street) -> str:
        number = str(self.between(street.min_number, street.max_number))
        if self.chance(0.04):
            number += self.one_of("ABC")
        return number

    def address(self, street_id: int) -> tuple[Address, int]:
        """A free dwelling on the street (or, if it is full, on another), and its street."""
        street = self.data.streets[street_id]
        for attempt in range(60):
            number = self.house_number(street)
            lat, lon, house = self.building(street_id, number)
            floor: str | None
            door: str | None
            if house:
                floor, door = None, None
            elif street.housing == "modern":
                floor = _MODERN_FLOORS.pick(self.rng)
                door = str(self.between(1, 20))
            else:
                floor = _CLASSIC_FLOORS.pick(self.rng)
                door = _CLASSIC_DOORS.pick(self.rng)
            key = (street_id, number, floor, door)
            if key not in self.units:
                break
            if attempt >= 30:
                street_id = self.resident_street()  # a crowded little street: try another
                street = self.data.streets[street_id]
        else:
            raise RuntimeError("could not find a free dwelling")  # pragma: no cover
        self.units.add(key)
        address = Address(
            id=f"a-{len(self.units):06d}",
            street=street.name,
            house_number=number,
            floor=floor,
            door=door,
            postcode=street.postcode,
            city=street.city,
            municipality_code=street.municipality_code,
            lat=lat,
            lon=lon,
        )
        return address, street_id

    # -- clinics ----------------------------------------------------------------------------

    def make_clinics(self, count: int) -> None:
        streets = self.data.streets
        by_city: dict[str, list[int]] = {}
        for i, s in enumerate(streets):
            by_city.setdefault(s.city, []).append(i)
        cities = sorted(by_city)
        # One clinic in every district first, so the clinics spread over the city.
        placed = [self.one_of(by_city[c]) for c in cities] if count >= len(cities) else []
        while len(placed) < count:
            placed.append(self.home_street())
        ids: set[str] = set()
        names: set[str] = set()
        for street_id in placed:
            street = streets[street_id]
            number = self.house_number(street)
            lat, lon, _ = self.building(street_id, number)
            doctors = tuple(self.doctor_name() for _ in range(_DOCTORS.pick(self.rng)))
            clinic_id = str(self.between(100_000, 999_999))
            while clinic_id in ids:
                clinic_id = str(self.between(100_000, 999_999))
            ids.add(clinic_id)
            name = self.clinic_name(doctors, street, number, names)
            names.add(name)
            prefix = POSTAL_DISTRICTS[street.city].phone_prefix
            digits = f"{prefix}{self.below(1_000_000):06d}"
            self.clinics.append(
                Clinic(
                    id=clinic_id,
                    name=name,
                    doctors=doctors,
                    street=street.name,
                    house_number=number,
                    postcode=street.postcode,
                    city=street.city,
                    municipality_code=street.municipality_code,
                    lat=lat,
                    lon=lon,
                    phone=f"+45 {digits[:4]} {digits[4:]}",
                    accepts_new_patients=self.chance(0.7),
                    capacity=sum(self.between(1_350, 1_750) for _ in doctors),
                )
            )
        # Every population has at least one open and one closed clinic to choose between.
        if len(self.clinics) >= 2:
            flags = [c.accepts_new_patients for c in self.clinics]
            if all(flags) or not any(flags):
                first = self.clinics[0]
                self.clinics[0] = replace(
                    first, accepts_new_patients=not first.accepts_new_patients
                )

    def doctor_name(self) -> str:
        origin = "dk" if self.chance(0.8) else self.origin()
        sex = self.sex(0.55)
        birth = self.birth_date(self.between(32, 68))
        return f"{self.first_name(origin, sex, birth)} {self.surname(origin)}"

    def clinic_name(
        self, doctors: tuple[str, ...], street: Street, number: str, taken: set[str]
    ) -> str:
        lasts = [d.rsplit(" ", 1)[1] for d in doctors]
        options: list[str] = []
        if len(doctors) == 1:
            options = [f"Læge {doctors[0]}", f"Lægepraksis {street.name} {number}"]
        elif len(doctors) == 2 and lasts[0] != lasts[1]:
            options = [f"Lægerne {lasts[0]} & {lasts[1]}", f"Lægerne {street.name} {number}"]
        else:
            options = [f"Lægerne {street.name} {number}", f"Lægehuset {street.area}"]
        name = self.one_of(options)
        if name in taken:
            name = f"Lægerne {street.name} {number}"
        suffix = 2
        base = name
        while name in taken:
            name = f"{base} ({suffix})"
            suffix += 1
        return name

    def clinics_near(self, street_id: int) -> _Weighted[str] | None:
        """The clinics nearest a street, the nearest most likely to be chosen."""
        if street_id not in self.nearest:
            s = self.data.streets[street_id]
            # A flat-earth distance ranks just as well as the haversine this close together.
            ranked = sorted(
                ((c.lat - s.lat) ** 2 + ((c.lon - s.lon) * _LON_SCALE) ** 2, i)
                for i, c in enumerate(self.clinics)
            )[:_NEAREST_CLINICS]
            pairs = [(self.clinics[i].id, _NEAR_WEIGHTS[n]) for n, (_, i) in enumerate(ranked)]
            self.nearest[street_id] = _Weighted.of(pairs) if pairs else None
        return self.nearest[street_id]

    def pick_clinic(self, street_id: int) -> str | None:
        near = self.clinics_near(street_id)
        return near.pick(self.rng) if near else None

    # -- households -------------------------------------------------------------------------

    def make_households(self, persons: int) -> None:
        while len(self.persons) < persons:
            self.household(persons - len(self.persons))

    def household(self, room: int) -> None:
        plan = _HOUSEHOLD_PLANS.pick(self.rng)
        origin = self.origin()
        if plan in ("couple_young", "couple_mid", "couple_old") and room >= 2:
            self.couple(plan, origin)
        elif plan == "family" and room >= 3:
            self.family(origin, room)
        elif plan == "single_parent" and room >= 2:
            self.single_parent(origin, room)
        elif plan == "flatshare" and room >= 2:
            self.flatshare(min(room, _FLATMATES.pick(self.rng)))
        elif plan == "single_old":
            age = min(100, int(self.rng.triangular(65, 101, 68)))
            p = self.person(self.sex(0.62), age, origin)
            p.marital = _OLD_SINGLE_STATUS.pick(self.rng)
            self.settle("single", [p], years_back=15)
        elif plan == "single_mid":
            p = self.person(self.sex(0.47), self.between(35, 64), origin)
            p.marital = _MID_SINGLE_STATUS.pick(self.rng)
            self.settle("single", [p], years_back=8)
        else:
            p = self.person(self.sex(), int(self.rng.triangular(18, 35, 26)), origin)
            if p.age > 25 and self.chance(0.03):
                p.marital = "skilt"
            self.settle("single", [p], years_back=3)

    def partner_origin(self, origin: str) -> str:
        if self.chance(0.12):  # mixed couples
            return self.origin() if origin == "dk" else "dk"
        return origin

    def pair(self, age: int, origin: str, same_sex: bool) -> tuple[_P, _P]:
        """Two partners; in mixed-sex pairs the man is on average two years older."""
        first_sex = self.sex()
        second_sex: Sex = first_sex if same_sex else ("M" if first_sex == "F" else "F")
        mean_gap = 0 if same_sex else 2 if first_sex == "F" else -2
        gap = round(self.rng.gauss(mean_gap, 4))
        a = self.person(first_sex, age, origin)
        b = self.person(second_sex, max(20, min(100, age + gap)), self.partner_origin(origin))
        return a, b

    def marry(self, a: _P, b: _P, married: bool) -> None:
        if married:
            status: MaritalStatus = "gift"
            if a.sex == b.sex and min(a.age, b.age) >= 40 and self.chance(0.5):
                status = "registreret partner"  # registered before 2012, never converted
            a.marital = b.marital = status
            if self.chance(0.55 if a.sex != b.sex else 0.3):
                husband, wife = (a, b) if a.sex == "M" else (b, a)
                if self.chance(0.9):
                    wife.last = husband.last
                else:
                    husband.last = wife.last
                if wife.middle == wife.last:
                    wife.middle = ""
                if husband.middle == husband.last:
                    husband.middle = ""
            kind: RelationKind = "spouse"
        else:
            for p in (a, b):
                p.marital = "skilt" if p.age > 30 and self.chance(0.3) else "ugift"
            kind = "partner"
        self.relations.append(Relation(a.cpr, b.cpr, kind, False))
        self.relations.append(Relation(b.cpr, a.cpr, kind, False))

    def couple(self, plan: str, origin: str) -> None:
        if plan == "couple_young":
            age, married, years_back = int(self.rng.triangular(21, 41, 29)), 0.35, 4
        elif plan == "couple_mid":
            age, married, years_back = self.between(41, 64), 0.7, 10
        else:
            age, married, years_back = int(self.rng.triangular(65, 96, 70)), 0.85, 18
        a, b = self.pair(age, origin, same_sex=self.chance(0.04))
        self.marry(a, b, self.chance(married))
        self.settle("couple", [a, b], years_back=years_back)

    def child_ages(self, parents: Sequence[_P], count: int, oldest: int) -> list[int]:
        """Ages of children born when every parent was old enough, and young enough."""
        oldest = max(0, min(oldest, *(p.age - 19 for p in parents)))
        youngest = max(0, *(p.age - (44 if p.sex == "F" else 58) for p in parents))
        youngest = min(youngest, oldest)
        return sorted((self.between(youngest, oldest) for _ in range(count)), reverse=True)

    def child(self, parents: Sequence[_P], age: int, origin: str) -> _P:
        names = sorted({p.last for p in parents})
        last = self.one_of(parents).last
        middle: str | None = None
        if len(names) == 2 and self.chance(0.4):
            middle = names[0] if last == names[1] else names[1]  # the other parent's name
        child_origin = self.one_of([p.origin for p in parents]) if origin != "dk" else origin
        citizenship = None
        if parents[0].citizenship != "DK" and self.chance(0.5):
            citizenship = parents[0].citizenship
        return self.person(self.sex(0.49), age, child_origin, last, middle, citizenship)

    def family(self, origin: str, room: int) -> None:
        n = min(_FAMILY_CHILDREN.pick(self.rng), room - 2)
        same_sex = self.chance(0.02)
        a, b = self.pair(int(self.rng.triangular(24, 56, 37)), origin, same_sex)
        mother = a if a.sex == "F" else b  # in a pair of two fathers: the second of them
        self.marry(a, b, self.chance(0.6))
        # A stepfamily: the children are the mother's; their father lives elsewhere.
        stepfamily = not same_sex and self.chance(0.12)
        legal = [mother] if stepfamily else [a, b]
        ages = self.child_ages(legal, n, oldest=25)
        kids = [self.child(legal, age, origin) for age in ages]
        for parent in legal:
            for kid in kids:
                self.link_parent(parent, kid, custody=kid.age < 18)
        index = self.settle("family", [a, b, *kids], years_back=7, guardians=legal)
        if stepfamily and self.chance(0.9):
            self.absent_parents.append((index, mother, kids, self.chance(0.35)))

    def single_parent(self, origin: str, room: int) -> None:
        parent = self.person(self.sex(0.8), int(self.rng.triangular(22, 58, 38)), origin)
        parent.marital = _SINGLE_PARENT_STATUS.pick(self.rng)
        n = min(_SINGLE_PARENT_CHILDREN.pick(self.rng), room - 1)
        ages = self.child_ages([parent], n, oldest=20)
        kids = [self.child([parent], age, origin) for age in ages]
        for kid in kids:
            self.link_parent(parent, kid, custody=kid.age < 18)
        index = self.settle("single_parent", [parent, *kids], years_back=5, guardians=[parent])
        # The other parent lives elsewhere, unless widowed, unknown or abroad.
        if parent.marital != "enke/enkemand" and self.chance(0.9):
            self.absent_parents.append((index, parent, kids, self.chance(0.35)))

    def flatshare(self, n: int) -> None:
        mates = [
            self.person(self.sex(), int(self.rng.triangular(19, 36, 24)), self.origin())
            for _ in range(n)
        ]
        self.settle("flatshare", mates, years_back=2)
        for mate in mates[1:]:  # flatmates move in one by one
            years = min(self.rng.expovariate(1 / 1.5), mate.age - 18)
            mate.moved_in = max(mate.birth, REFERENCE_DATE - timedelta(days=int(years * 365.25)))

    def link_parent(self, parent: _P, child: _P, custody: bool) -> None:
        self.relations.append(Relation(parent.cpr, child.cpr, "child", custody))
        self.relations.append(Relation(child.cpr, parent.cpr, "parent", custody))

    def settle(
        self,
        kind: HouseholdKind,
        members: list[_P],
        years_back: float,
        guardians: Sequence[_P] = (),
    ) -> int:
        """Give a new household a dwelling, a move-in date and GP clinics."""
        address, street_id = self.address(self.resident_street())
        index = len(self.households)
        adults = [m for m in members if m.age >= 18]
        limit = max(0, min(m.age for m in adults) - 18) if adults else 0
        years = min(self.rng.expovariate(1 / years_back), limit)
        moved = REFERENCE_DATE - timedelta(days=int(years * 365.25))
        family_clinic = self.pick_clinic(street_id)
        for m in members:
            m.household = index
            m.moved_in = max(moved, m.birth)
            if m.age >= 15 or kind == "flatshare":
                own = kind == "flatshare" or self.chance(0.15 if m.age >= 18 else 0.1)
                m.gp = self.pick_clinic(street_id) if own else family_clinic
                if m.age >= 18 and self.chance(0.012):
                    m.group, m.gp = 2, None  # free choice of doctor, no fixed GP
        if guardians:
            # Children under 15 follow a parent in the household, insurance group and all.
            guardian = next((g for g in guardians if g.group == 1), guardians[0])
            for m in members:
                if m.age < 15:
                    m.gp, m.group = guardian.gp, guardian.group
        self.households.append(_H(kind, address, members))
        return index

    # -- parents living elsewhere -----------------------------------------------------------

    def link_absent_parents(self) -> None:
        candidates: dict[tuple[Sex, int], list[_P]] = {}
        for h in self.households:
            if h.kind in ("single", "couple"):
                for m in h.members:
                    candidates.setdefault((m.sex, m.birth.year), []).append(m)
        taken: set[str] = set()
        for index, resident, kids, sole in self.absent_parents:
            sex: Sex = "M" if resident.sex == "F" else "F"
            eldest = min(k.birth.year for k in kids)
            youngest = max(k.birth.year for k in kids)
            low, high = youngest - (50 if sex == "M" else 42), eldest - 20
            if low > high:
                continue
            for _ in range(40):
                pool = candidates.get((sex, self.between(low, high)))
                if not pool:
                    continue
                other = self.one_of(pool)
                if other.cpr in taken or other.household == index:
                    continue
                taken.add(other.cpr)
                if resident.marital == "skilt" and other.marital == "ugift":
                    other.marital = "skilt"
                for kid in kids:
                    self.link_parent(other, kid, custody=kid.age < 18 and not sole)
                break

    # -- protection -------------------------------------------------------------------------

    def protect(self, persons: int) -> None:
        """Name and address protection: a few adults, with the household they live in."""
        target = min(len(self.persons), max(5, round(persons * 0.0015)))
        adults = [p for p in self.persons if p.age >= 18]
        protected = 0
        for p in self.rng.sample(adults, len(adults)):
            if protected >= target:
                break
            for m in self.households[p.household].members:
                if not m.protected:
                    m.protected = True
                    protected += 1

    # -- businesses -------------------------------------------------------------------------

    def make_businesses(self, count: int) -> list[Business]:
        streets = self.data.streets
        business_weights = tuple(
            w * (3.0 if s.city == "København K" else 2.0 if s.city == "København V" else 1.0)
            for w, s in zip(self.home_weights, streets, strict=True)
        )
        workplaces = _Weighted(self.homes.items, tuple(accumulate(business_weights)))
        industries = _Weighted.of([(i, i.weight) for i in self.data.industries])
        owners_pool = [p for p in self.persons if 20 <= p.age <= 80 and not p.protected]
        cvrs: set[str] = set()
        p_numbers: set[str] = set()
        names: set[str] = set()
        result: list[Business] = []
        for _ in range(count):
            industry = industries.pick(self.rng)
            form = self.rng.choices(
                industry.forms, weights=[_FORM_WEIGHTS[f] for f in industry.forms]
            )[0]
            owners = self.distinct(owners_pool, self.owner_count(form))
            street_id = workplaces.pick(self.rng)
            street = streets[street_id]
            number = self.house_number(street)
            lat, lon, _ = self.building(street_id, number)
            founded = self.founded(form, owners)
            name = self.business_name(industry, form, owners, street, number, founded, names)
            names.add(name)
            units = [(street, number)]
            two, three = {"ApS": (0.22, 0.08), "A/S": (0.3, 0.15)}.get(form, (0.05, 0.0))
            roll = self.rng.random()
            for _ in range(2 if roll < three else 1 if roll < two + three else 0):
                unit_street = streets[self.home_street()]  # a shop or workshop elsewhere
                units.append((unit_street, self.house_number(unit_street)))
            production_units = []
            for i, (unit_street, unit_number) in enumerate(units):
                production_units.append(
                    ProductionUnit(
                        p_number=self.unique_number(p_numbers, 1_000_000_000, 1_035_000_000),
                        name=name if i == 0 else f"{_without_form(name)} {unit_street.area}",
                        street=unit_street.name,
                        house_number=unit_number,
                        postcode=unit_street.postcode,
                        city=unit_street.city,
                        municipality_code=unit_street.municipality_code,
                    )
                )
            result.append(
                Business(
                    cvr=self.cvr(cvrs),
                    name=name,
                    company_form=form,
                    street=street.name,
                    house_number=number,
                    postcode=street.postcode,
                    city=street.city,
                    municipality_code=street.municipality_code,
                    lat=lat,
                    lon=lon,
                    industry=industry.industry,
                    founded=founded,
                    production_units=tuple(production_units),
                    owners=tuple(o.cpr for o in owners),
                )
            )
        return result

    def owner_count(self, form: CompanyForm) -> int:
        if form == "Enkeltmandsvirksomhed":
            return 1
        if form == "I/S":
            return self.between(2, 3)
        if form == "ApS":
            return 1 if self.chance(0.7) else 2
        if form == "A/S":
            return self.between(1, 3)
        return self.between(1, 2)  # a forening's chair, sometimes with the treasurer

    def distinct(self, pool: Sequence[_P], n: int) -> list[_P]:
        chosen: list[_P] = []
        while len(chosen) < min(n, len(pool)):
            p = self.one_of(pool)
            if p not in chosen:
                chosen.append(p)
        return chosen

    def founded(self, form: CompanyForm, owners: Sequence[_P]) -> date:
        oldest = {"A/S": 120, "Forening": 100}.get(form, 45)
        years = min(self.rng.expovariate(1 / 10), oldest)
        day = REFERENCE_DATE - timedelta(days=1 + int(years * 365.25))
        if form in ("Enkeltmandsvirksomhed", "I/S") and owners:
            # Founded by the owners themselves, so not before they came of age.
            of_age = max(o.birth for o in owners).replace(month=1, day=1)
            of_age = of_age.replace(year=of_age.year + 19)
            day = max(day, min(of_age, REFERENCE_DATE - timedelta(days=1)))
        return day

    def business_name(
        self,
        industry: _Industry,
        form: CompanyForm,
        owners: Sequence[_P],
        street: Street,
        number: str,
        founded: date,
        taken: set[str],
    ) -> str:
        label, area = industry.label, street.area
        surnames = [o.last for o in owners] or [self.surname("dk")]
        owner = owners[0] if owners else None
        options: list[str]
        if form == "Forening":
            if label == "A/B":
                options = [f"A/B {street.name} {number}"]
            elif label == "Boldklub":
                options = [f"{area} Boldklub", f"Boldklubben {self.one_of(_BRANDS)}"]
            else:
                options = [f"{area} {label}", f"{label}en {self.one_of(_BRANDS)}"]
        elif form == "Enkeltmandsvirksomhed" and owner is not None:
            person = f"{owner.first} {owner.last}"
            options = [
                f"{label} {person}" if industry.style == "prefix" else f"{person} {label}",
                f"{_genitive(owner.first)} {label}",
            ]
        elif form == "I/S" and len(surnames) >= 2 and surnames[0] != surnames[1]:
            pair = f"{surnames[0]} & {surnames[1]}"
            if label == "Advokater":
                options = [f"Advokatfirmaet {pair} I/S"]
            else:
                options = [f"{pair} I/S", f"{pair} {label} I/S"]
        else:
            brand = self.one_of(_BRANDS)
            if industry.style == "prefix":
                options = [f"{label} {area}", f"{label} {brand}", f"{label} {surnames[0]}"]
            else:
                options = [f"{area} {label}", f"{brand} {label}", f"{surnames[0]} {label}"]
            if label in _FAMILY_TRADES:
                options.append(f"{surnames[0]} & Søn")
            options = [f"{o} {form}" for o in options]
        for _ in range(5):
            name = self.one_of(options)
            if name not in taken:
                return name
        # Danish companies tell namesakes apart the same way: "Nordlys Café af 2019 ApS".
        name = self.one_of(options)
        stem, form_suffix = _split_form(name)
        name = f"{stem} af {founded.year}{form_suffix}"
        suffix = 2
        while name in taken:
            name = f"{stem} af {founded.year} nr. {suffix}{form_suffix}"
            suffix += 1
        return name

    def unique_number(self, taken: set[str], low: int, high: int) -> str:
        while True:
            number = str(self.between(low, high))
            if number not in taken:
                taken.add(number)
                return number

    def cvr(self, taken: set[str]) -> str:
        """A CVR number with a valid modulus-11 check digit."""
        weights = (2, 7, 6, 5, 4, 3, 2)
        while True:
            digits = [self.between(1, 4)] + [self.below(10) for _ in range(6)]
            check = -sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
            if check == 10:
                continue
            number = "".join(map(str, digits)) + str(check)
            if number not in taken:
                taken.add(number)
                return number

    # -- freezing ---------------------------------------------------------------------------

    def population(self, businesses: list[Business]) -> Population:
        households = tuple(
            Household(
                id=_household_id(i),
                address_id=h.address.id,
                member_cprs=tuple(m.cpr for m in h.members),
                kind=h.kind,
            )
            for i, h in enumerate(self.households)
        )
        persons = tuple(
            Person(
                cpr=p.cpr,
                first_name=p.first,
                middle_name=p.middle,
                last_name=p.last,
                birth_date=p.birth,
                sex=p.sex,
                address_id=self.households[p.household].address.id,
                household_id=_household_id(p.household),
                gp_clinic_id=p.gp,
                insurance_group=p.group,
                name_address_protected=p.protected,
                marital_status=p.marital,
                moved_in=p.moved_in,
                citizenship=p.citizenship,
            )
            for h in self.households
            for p in h.members
        )
        return Population(
            addresses=tuple(h.address for h in self.households),
            households=households,
            persons=persons,
            relations=tuple(self.relations),
            clinics=tuple(self.clinics),
            businesses=tuple(businesses),
        )


_DOCTORS: _Weighted[int] = _Weighted.of([(1, 30), (2, 30), (3, 20), (4, 12), (5, 8)])
_FLATMATES: _Weighted[int] = _Weighted.of([(2, 50), (3, 35), (4, 15)])
_FAMILY_CHILDREN: _Weighted[int] = _Weighted.of([(1, 45), (2, 40), (3, 12), (4, 3)])
_SINGLE_PARENT_CHILDREN: _Weighted[int] = _Weighted.of([(1, 60), (2, 32), (3, 8)])
_OLD_SINGLE_STATUS: _Weighted[MaritalStatus] = _Weighted.of(
    [("enke/enkemand", 55), ("skilt", 25), ("ugift", 20)]
)
_MID_SINGLE_STATUS: _Weighted[MaritalStatus] = _Weighted.of(
    [("ugift", 55), ("skilt", 40), ("enke/enkemand", 5)]
)
_SINGLE_PARENT_STATUS: _Weighted[MaritalStatus] = _Weighted.of(
    [("ugift", 52), ("skilt", 45), ("enke/enkemand", 3)]
)


def _household_id(index: int) -> str:
    return f"h-{index + 1:06d}"


def _genitive(name: str) -> str:
    return f"{name}'" if name[-1] in "sxz" else f"{name}s"


def _split_form(name: str) -> tuple[str, str]:
    for form in ("ApS", "A/S", "I/S"):
        if name.endswith(f" {form}"):
            return name[: -len(form) - 1], f" {form}"
    return name, ""


def _without_form(name: str) -> str:
    return _split_form(name)[0]


def generate(
    seed: int = 1, persons: int = 20_000, clinics: int = 160, businesses: int = 600
) -> Population:
    """A synthetic Copenhagen: exactly ``persons`` people in realistic households.

    The same arguments always give the same population.
    """
    if persons < 1 or clinics < 0 or businesses < 0:
        raise ValueError("persons must be at least 1; clinics and businesses not negative")
    builder = _Builder(seed)
    builder.make_clinics(clinics)
    builder.make_households(persons)
    builder.link_absent_parents()
    builder.protect(persons)
    population = builder.population(builder.make_businesses(businesses))
    incomes, assets = finances(population, seed)
    return replace(population, incomes=incomes, assets=assets)


_EMPLOYERS = (
    "Københavns Kommune",
    "Region Hovedstaden",
    "Novo Nordisk A/S",
    "Danske Bank A/S",
    "Coop Danmark A/S",
    "ISS Facility Services A/S",
    "Carlsberg Danmark A/S",
    "DSB",
)


def finances(population: Population, seed: int) -> tuple[tuple[Income, ...], tuple[Asset, ...]]:
    """Monthly income by type and assets for every adult, drawn from their own
    random stream (so adding them left the rest of the population unchanged)."""
    rng = random.Random(f"income-{seed}")
    incomes: list[Income] = []
    assets: list[Asset] = []
    for p in population.persons:
        age = p.age_on()
        if age < 18:
            continue
        roll = rng.random()
        if age >= 67:
            incomes.append(
                Income(p.cpr, "state_pension", rng.randint(70, 130) * 100, "Udbetaling Danmark")
            )
        elif age < 25 and roll < 0.6:
            incomes.append(
                Income(p.cpr, "student_grant", 6589, "Uddannelses- og Forskningsstyrelsen")
            )
            if rng.random() < 0.5:
                incomes.append(
                    Income(p.cpr, "salary", rng.randint(20, 60) * 100, rng.choice(_EMPLOYERS))
                )
        elif roll < 0.12:
            incomes.append(
                Income(p.cpr, "cash_benefit", rng.randint(110, 160) * 100, "Københavns Kommune")
            )
        elif roll < 0.18:
            incomes.append(Income(p.cpr, "unemployment_benefit", 19728, "A-kassen"))
        else:
            incomes.append(
                Income(p.cpr, "salary", rng.randint(220, 600) * 100, rng.choice(_EMPLOYERS))
            )
        # Most people on benefits have little saved; others vary a lot.
        poor = incomes[-1].kind in ("cash_benefit", "unemployment_benefit", "student_grant")
        bank = int(rng.expovariate(1 / (4000 if poor else 90000))) // 100 * 100
        assets.append(Asset(p.cpr, "bank", bank))
        if not poor and rng.random() < 0.25:
            assets.append(Asset(p.cpr, "securities", rng.randint(10, 500) * 1000))
        if not poor and rng.random() < 0.3:
            assets.append(Asset(p.cpr, "vehicle", rng.randint(20, 250) * 1000))
    return tuple(incomes), tuple(assets)
