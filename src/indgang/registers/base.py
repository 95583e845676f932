"""The base-register interfaces ("grunddata") and the records they return.

A plugin serves one or more registers. The embedded plugin is backed by the
synthetic population in this app's tables; a production plugin would call
the CPR, DAWA/DAR, CVR and Yderregister services behind the same methods.
Records are plain frozen dataclasses so callers never touch a plugin's
storage.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from dataclasses import dataclass, field

from django.utils.functional import Promise

from indgang.core.registry import Plugin
from indgang.registers.labels import address_label


@dataclass(frozen=True, slots=True)
class AddressRecord:
    id: str
    street: str
    house_number: str
    floor: str | None
    door: str | None
    postcode: str
    city: str
    municipality_code: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """The address as DAWA writes it: "Nørrebrogade 12, 2. th, 2200 København N"."""
        return address_label(
            self.street, self.house_number, self.floor, self.door, self.postcode, self.city
        )


@dataclass(frozen=True)
class ClinicRecord:
    id: str
    name: str
    doctors: tuple[str, ...]
    address: str
    postcode: str
    city: str
    lat: float
    lon: float
    phone: str
    accepts_new_patients: bool


@dataclass(frozen=True)
class RelatedPerson:
    cpr: str
    name: str
    birth_date: dt.date
    kind: str  # spouse, partner, parent, child
    custody: bool
    same_address: bool

    @property
    def age(self) -> int:
        return age_on(self.birth_date, dt.date.today())


@dataclass(frozen=True)
class PersonRecord:
    cpr: str
    first_name: str
    middle_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    address: AddressRecord | None
    name_address_protected: bool
    marital_status: str
    gp: ClinicRecord | None
    insurance_group: int
    moved_in: dt.date | None
    household: tuple[RelatedPerson, ...] = field(default=())
    relations: tuple[RelatedPerson, ...] = field(default=())
    insurance_group_since: dt.date | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def marital_status_label(self) -> str:
        from indgang.registers.constants import MARITAL_STATUS_LABELS

        return str(MARITAL_STATUS_LABELS.get(self.marital_status, self.marital_status))

    @property
    def age(self) -> int:
        return age_on(self.birth_date, dt.date.today())

    @property
    def children_in_custody(self) -> tuple[RelatedPerson, ...]:
        return tuple(r for r in self.relations if r.kind == "child" and r.custody and r.age < 18)


@dataclass(frozen=True)
class ProductionUnitRecord:
    p_number: str
    name: str
    address: str


@dataclass(frozen=True)
class BusinessRecord:
    cvr: str
    name: str
    company_form: str
    address: str
    industry: str
    founded: dt.date
    production_units: tuple[ProductionUnitRecord, ...]
    owner_cprs: tuple[str, ...]


@dataclass(frozen=True)
class IncomeRecord:
    kind: str  # salary, state_pension, cash_benefit, unemployment_benefit, student_grant, ...
    monthly: int  # kr. per month before tax
    payer: str


@dataclass(frozen=True)
class AssetRecord:
    kind: str  # bank, securities, vehicle
    value: int  # kr.


@dataclass(frozen=True)
class FinancesRecord:
    """A person's monthly income by type and assets, as the income register knows them."""

    cpr: str
    incomes: tuple[IncomeRecord, ...]
    assets: tuple[AssetRecord, ...]

    @property
    def monthly_income(self) -> int:
        return sum(i.monthly for i in self.incomes)

    @property
    def total_assets(self) -> int:
        return sum(a.value for a in self.assets)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class RegisterPlugin(Plugin):
    """Base for plugins; a plugin implements the registers it serves."""

    #: shown to citizens next to each fact ("where does this come from?")
    source_name: str | Promise = ""


class PersonRegister(RegisterPlugin):
    @abstractmethod
    def get_person(self, cpr: str) -> PersonRecord | None: ...

    @abstractmethod
    def search_persons(self, text: str, limit: int = 20) -> list[PersonRecord]: ...


class AddressRegister(RegisterPlugin):
    @abstractmethod
    def search_addresses(self, text: str, limit: int = 10) -> list[AddressRecord]: ...

    @abstractmethod
    def get_address(self, address_id: str) -> AddressRecord | None: ...


class BusinessRegister(RegisterPlugin):
    @abstractmethod
    def get_business(self, cvr: str) -> BusinessRecord | None: ...

    @abstractmethod
    def businesses_of(self, cpr: str) -> list[BusinessRecord]: ...


class GPRegister(RegisterPlugin):
    @abstractmethod
    def get_clinic(self, clinic_id: str) -> ClinicRecord | None: ...

    @abstractmethod
    def clinics(self) -> list[ClinicRecord]: ...

    def record_gp_change(self, cpr: str, clinic_id: str | None, insurance_group: int) -> None:
        """Register a citizen's new GP and health insurance group (a write)."""
        raise NotImplementedError(f"{type(self).__name__} cannot record a change of GP")


class IncomeRegister(RegisterPlugin):
    @abstractmethod
    def get_finances(self, cpr: str) -> FinancesRecord | None:
        """Monthly income by type and assets; None when the person is unknown."""
