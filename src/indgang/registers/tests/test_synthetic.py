"""The synthetic population: valid identifiers, coherent families, a believable city.

Pure Python, no database: run with ``pytest -p no:django`` or as part of the suite.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from indgang.registers.synthetic import (
    FREDERIKSBERG,
    KOBENHAVN,
    POSTAL_DISTRICTS,
    REFERENCE_DATE,
    Person,
    Population,
    distance_km,
    generate,
    load_streets,
)


@pytest.fixture(scope="module")
def city() -> Population:
    """The default population, generated once for this module."""
    return generate()


@pytest.fixture(scope="module")
def by_cpr(city: Population) -> dict[str, Person]:
    return {p.cpr: p for p in city.persons}


def age(person: Person) -> int:
    return person.age_on(REFERENCE_DATE)


# --- determinism and size -------------------------------------------------------------------


def test_the_same_seed_gives_the_same_population() -> None:
    first = generate(seed=3, persons=1500, clinics=25, businesses=40)
    second = generate(seed=3, persons=1500, clinics=25, businesses=40)
    assert first == second


def test_another_seed_gives_another_population() -> None:
    first = generate(seed=3, persons=1500, clinics=25, businesses=40)
    other = generate(seed=4, persons=1500, clinics=25, businesses=40)
    assert [p.cpr for p in first.persons] != [p.cpr for p in other.persons]
    assert [b.cvr for b in first.businesses] != [b.cvr for b in other.businesses]


# Speed is measured in bench/registers, not asserted in a test.
def test_the_default_population_has_twenty_thousand_people(city: Population) -> None:
    assert len(city.persons) == 20_000
    assert len(city.clinics) == 160
    assert len(city.businesses) == 600


def test_the_summary_counts_what_is_there(city: Population) -> None:
    summary = city.summary()
    assert summary["persons"] == len(city.persons)
    assert summary["households"] == len(city.households)
    assert summary["addresses"] == len(city.addresses)
    assert summary["relations"] == len(city.relations)
    assert summary["clinics_closed"] == sum(not c.accepts_new_patients for c in city.clinics)
    assert summary["protected_persons"] == sum(p.name_address_protected for p in city.persons)
    assert summary["children"] == sum(age(p) < 18 for p in city.persons)


def test_small_populations_are_exact_too() -> None:
    small = generate(seed=7, persons=400, clinics=20, businesses=20)
    assert len(small.persons) == 400
    assert len(small.clinics) == 20
    assert len(small.businesses) == 20
    assert sum(p.name_address_protected for p in small.persons) >= 5


def test_it_refuses_an_empty_population() -> None:
    with pytest.raises(ValueError, match="persons"):
        generate(persons=0)


# --- CPR numbers ------------------------------------------------------------------------------


def test_every_cpr_number_is_valid_and_carries_the_birth_date(city: Population) -> None:
    for person in city.persons:
        assert re.fullmatch(r"\d{10}", person.cpr), person.cpr
        assert stdnum_cpr.is_valid(person.cpr), person.cpr
        assert stdnum_cpr.get_birth_date(person.cpr) == person.birth_date, person.cpr


def test_the_century_digit_matches_the_birth_year(city: Population) -> None:
    born_1900s = [p for p in city.persons if p.birth_date.year < 2000]
    born_2000s = [p for p in city.persons if p.birth_date.year >= 2000]
    assert len(born_1900s) > 1000
    assert len(born_2000s) > 1000
    for p in born_1900s:
        allowed = "0123" if p.birth_date.year < 1937 else "012349"
        assert p.cpr[6] in allowed, p.cpr
    for p in born_2000s:
        assert p.cpr[6] in "456789", p.cpr
    # Both 1900s ranges and several 2000s digits are actually used.
    assert {p.cpr[6] for p in born_2000s} >= {"4", "5", "9"}
    assert {p.cpr[6] for p in born_1900s} >= {"0", "1", "2", "3"}


def test_the_last_digit_is_even_for_women_and_odd_for_men(city: Population) -> None:
    for p in city.persons:
        assert int(p.cpr[-1]) % 2 == (0 if p.sex == "F" else 1), (p.cpr, p.sex)
    sexes = Counter(p.sex for p in city.persons)
    assert 0.45 < sexes["F"] / len(city.persons) < 0.55


def test_cpr_numbers_are_unique(city: Population) -> None:
    assert len({p.cpr for p in city.persons}) == len(city.persons)


def test_cpr_numbers_are_not_limited_to_the_old_modulus_11(city: Population) -> None:
    failing_mod11 = sum(stdnum_cpr.checksum(p.cpr) != 0 for p in city.persons)
    assert failing_mod11 > len(city.persons) / 2


def test_nobody_is_born_after_the_reference_date_and_ages_are_believable(
    city: Population,
) -> None:
    assert max(p.birth_date for p in city.persons) <= date(2026, 6, 30)
    ages = [age(p) for p in city.persons]
    assert min(ages) == 0
    assert 90 <= max(ages) <= 100
    young_adults = sum(20 <= a < 40 for a in ages) / len(ages)
    elderly = sum(a >= 65 for a in ages) / len(ages)
    children = sum(a < 18 for a in ages) / len(ages)
    assert 0.35 < young_adults < 0.55  # Copenhagen skews young
    assert 0.07 < elderly < 0.18
    assert 0.12 < children < 0.25


# --- households and relations -----------------------------------------------------------------


def test_every_person_lives_at_an_existing_address_in_their_household(city: Population) -> None:
    addresses = {a.id for a in city.addresses}
    households = {h.id: h for h in city.households}
    for p in city.persons:
        assert p.address_id in addresses
        household = households[p.household_id]
        assert p.cpr in household.member_cprs
        assert household.address_id == p.address_id
    assert sum(len(h.member_cprs) for h in city.households) == len(city.persons)


def test_each_household_has_its_own_dwelling(city: Population) -> None:
    assert len({h.address_id for h in city.households}) == len(city.households)
    units = {(a.street, a.house_number, a.floor, a.door, a.postcode) for a in city.addresses}
    assert len(units) == len(city.addresses)
    assert len({a.id for a in city.addresses}) == len(city.addresses)


def test_households_look_like_copenhagen(city: Population, by_cpr: dict[str, Person]) -> None:
    kinds = Counter(h.kind for h in city.households)
    total = len(city.households)
    assert 0.42 <= kinds["single"] / total <= 0.52
    assert kinds["couple"] and kinds["family"] and kinds["single_parent"] and kinds["flatshare"]
    for h in city.households:
        if h.kind == "single":
            assert len(h.member_cprs) == 1, h
        else:
            assert len(h.member_cprs) >= 2, h
        assert any(age(by_cpr[c]) >= 18 for c in h.member_cprs), h
    old_alone = [
        h for h in city.households if h.kind == "single" and age(by_cpr[h.member_cprs[0]]) >= 65
    ]
    assert len(old_alone) > 0.05 * total


def test_relations_are_symmetric(city: Population) -> None:
    inverse = {"spouse": "spouse", "partner": "partner", "parent": "child", "child": "parent"}
    rows = {(r.from_cpr, r.to_cpr, r.kind, r.custody) for r in city.relations}
    assert len(rows) == len(city.relations)  # no duplicates
    for r in city.relations:
        assert r.from_cpr != r.to_cpr
        assert (r.to_cpr, r.from_cpr, inverse[r.kind], r.custody) in rows, r


def test_relations_point_at_people_who_exist(city: Population, by_cpr: dict[str, Person]) -> None:
    for r in city.relations:
        assert r.from_cpr in by_cpr and r.to_cpr in by_cpr


def test_custody_is_only_held_over_children_under_18(
    city: Population, by_cpr: dict[str, Person]
) -> None:
    for r in city.relations:
        if r.custody:
            assert r.kind in ("parent", "child")
            child = by_cpr[r.to_cpr] if r.kind == "child" else by_cpr[r.from_cpr]
            assert age(child) < 18


def test_parents_are_old_enough_to_be_parents(city: Population, by_cpr: dict[str, Person]) -> None:
    for r in city.relations:
        if r.kind == "child":
            parent = by_cpr[r.from_cpr]
            gap = by_cpr[r.to_cpr].birth_date.year - parent.birth_date.year
            assert 18 <= gap <= (45 if parent.sex == "F" else 59), (r, gap)


def test_every_child_under_18_has_a_parent_with_custody(
    city: Population, by_cpr: dict[str, Person]
) -> None:
    custodians: dict[str, list[str]] = {}
    for r in city.relations:
        if r.kind == "child" and r.custody:
            custodians.setdefault(r.to_cpr, []).append(r.from_cpr)
    children = [p for p in city.persons if age(p) < 18]
    assert len(children) > 2000
    for child in children:
        assert custodians.get(child.cpr), child
    living_with_custodian = sum(
        any(by_cpr[c].household_id == child.household_id for c in custodians[child.cpr])
        for child in children
    )
    assert living_with_custodian / len(children) > 0.9


def test_some_children_have_a_parent_elsewhere_with_and_without_custody(
    city: Population, by_cpr: dict[str, Person]
) -> None:
    elsewhere_with, elsewhere_without = 0, 0
    for r in city.relations:
        if r.kind != "child" or age(by_cpr[r.to_cpr]) >= 18:
            continue
        if by_cpr[r.from_cpr].household_id != by_cpr[r.to_cpr].household_id:
            if r.custody:
                elsewhere_with += 1
            else:
                elsewhere_without += 1
    assert elsewhere_with > 50  # joint custody after a break-up
    assert elsewhere_without > 20  # sole custody to the parent the child lives with


def test_children_share_a_last_name_with_a_parent(
    city: Population, by_cpr: dict[str, Person]
) -> None:
    parents: dict[str, list[Person]] = {}
    for r in city.relations:
        if r.kind == "child":
            parents.setdefault(r.to_cpr, []).append(by_cpr[r.from_cpr])
    for cpr, its_parents in parents.items():
        child = by_cpr[cpr]
        assert child.last_name in {p.last_name for p in its_parents}, child


def test_spouses_are_married_and_live_together(city: Population, by_cpr: dict[str, Person]) -> None:
    spouses = [r for r in city.relations if r.kind == "spouse"]
    partners = [r for r in city.relations if r.kind == "partner"]
    assert spouses and partners
    for r in spouses:
        a, b = by_cpr[r.from_cpr], by_cpr[r.to_cpr]
        assert a.marital_status in ("gift", "registreret partner")
        assert a.marital_status == b.marital_status
        assert a.household_id == b.household_id
    for r in partners:
        assert by_cpr[r.from_cpr].marital_status not in ("gift", "registreret partner")
    shared = sum(by_cpr[r.from_cpr].last_name == by_cpr[r.to_cpr].last_name for r in spouses)
    assert 0.3 < shared / len(spouses) < 0.9  # often, not always


def test_married_people_have_a_spouse_in_the_population(
    city: Population,
) -> None:
    with_spouse = {r.from_cpr for r in city.relations if r.kind == "spouse"}
    for p in city.persons:
        if p.marital_status in ("gift", "registreret partner"):
            assert p.cpr in with_spouse, p


def test_moving_in_happens_between_birth_and_the_reference_date(city: Population) -> None:
    for p in city.persons:
        assert p.birth_date <= p.moved_in <= REFERENCE_DATE


def test_most_people_are_danish_citizens_but_not_all(city: Population) -> None:
    citizenships = Counter(p.citizenship for p in city.persons)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in citizenships)
    assert 0.75 < citizenships["DK"] / len(city.persons) < 0.95
    assert len(citizenships) > 10


def test_a_few_people_have_name_and_address_protection(city: Population) -> None:
    protected = [p for p in city.persons if p.name_address_protected]
    assert 5 <= len(protected) < 0.01 * len(city.persons)


# --- addresses ----------------------------------------------------------------------------------


def test_postcodes_stay_in_1050_to_2450_with_the_right_district(city: Population) -> None:
    for a in city.addresses:
        code = int(a.postcode)
        assert re.fullmatch(r"\d{4}", a.postcode)
        assert 1050 <= code <= 2450, a
        expected = (
            "København K"
            if code < 1500
            else "København V"
            if code < 1800
            else "Frederiksberg C"
            if code < 2000
            else {
                2000: "Frederiksberg",
                2100: "København Ø",
                2150: "Nordhavn",
                2200: "København N",
                2300: "København S",
                2400: "København NV",
                2450: "København SV",
            }[code]
        )
        assert a.city == expected, a


def test_every_resident_lives_in_copenhagen_municipality(city: Population) -> None:
    """Indgang serves the City of Copenhagen: no synthetic Copenhagener lives in
    2000 Frederiksberg (a separate municipality), though a clinic may be there."""
    assert all(a.municipality_code == KOBENHAVN for a in city.addresses)
    assert not [a for a in city.addresses if 1800 <= int(a.postcode) <= 2000]
    assert any(c.municipality_code == FREDERIKSBERG for c in city.clinics)


def test_coordinates_lie_inside_the_postal_district(city: Population) -> None:
    for a in city.addresses:
        district = POSTAL_DISTRICTS[a.city]
        assert distance_km(a.lat, a.lon, district.lat, district.lon) <= district.radius_km, a
        assert 55.6 < a.lat < 55.75 and 12.45 < a.lon < 12.66


def test_nørrebro_is_north_of_amager(city: Population) -> None:
    def mean_lat(street: str) -> float:
        lats = [a.lat for a in city.addresses if a.street == street]
        return sum(lats) / len(lats)

    assert mean_lat("Nørrebrogade") > mean_lat("Amagerbrogade") + 0.02


def test_apartments_dominate_the_inner_districts(city: Population) -> None:
    inner = [a for a in city.addresses if a.city in ("København K", "København V", "København N")]
    with_unit = [a for a in inner if a.floor and a.door]
    assert len(with_unit) / len(inner) > 0.9
    floors = {a.floor for a in city.addresses if a.floor}
    assert floors <= {"kl", "st", "1", "2", "3", "4", "5", "6"}
    doors = {a.door for a in city.addresses if a.door}
    assert doors <= {"th", "tv", "mf"} | {str(n) for n in range(1, 21)}
    assert re.fullmatch(r"\w[\w .'-]* \d+[A-Z]?, \d\. th, \d{4} .+", _any_th(city))


def _any_th(city: Population) -> str:
    return next(a.label for a in city.addresses if a.door == "th" and a.floor in set("123456"))


def test_addresses_are_spread_over_every_district(city: Population) -> None:
    cities = Counter(a.city for a in city.addresses)
    # Every district of the municipality (Frederiksberg's are a neighbour's).
    assert set(cities) == set(POSTAL_DISTRICTS) - {"Frederiksberg", "Frederiksberg C"}
    assert cities["København S"] > cities["Nordhavn"]


def test_the_street_list_has_real_streets_with_their_postcodes() -> None:
    streets = load_streets()
    assert len(streets) >= 150
    assert len({s.name for s in streets}) == len(streets)  # one postcode per street
    known = {s.name: s.postcode for s in streets}
    # A few that anyone can check on an envelope.
    assert known["Frederiksberggade"] == "1459"
    assert known["Vesterbrogade"] == "1620"
    assert known["Nørrebrogade"] == "2200"
    assert known["Falkoner Allé"] == "2000"
    assert known["Amagerbrogade"] == "2300"
    for s in streets:
        assert 1050 <= int(s.postcode) <= 2450
        assert s.min_number <= s.max_number
        district = POSTAL_DISTRICTS[s.city]
        assert distance_km(s.lat, s.lon, district.lat, district.lon) < district.radius_km, s


# --- GP clinics -----------------------------------------------------------------------------------


def test_there_are_enough_clinics_and_some_are_closed(city: Population) -> None:
    assert len(city.clinics) >= 150
    closed = sum(not c.accepts_new_patients for c in city.clinics)
    assert 0.15 < closed / len(city.clinics) < 0.45
    assert len({c.id for c in city.clinics}) == len(city.clinics)
    assert len({c.name for c in city.clinics}) == len(city.clinics)
    assert len({c.city for c in city.clinics}) == len(POSTAL_DISTRICTS)
    for c in city.clinics:
        assert re.fullmatch(r"[1-9]\d{5}", c.id)
        assert 1 <= len(c.doctors) <= 5
        assert re.fullmatch(r"\+45 \d{4} \d{4}", c.phone)
        assert c.capacity >= 1000 * len(c.doctors)


def test_a_tiny_population_still_has_an_open_and_a_closed_clinic() -> None:
    tiny = generate(seed=11, persons=30, clinics=3, businesses=2)
    assert {c.accepts_new_patients for c in tiny.clinics} == {True, False}


def test_everyone_in_group_1_has_a_gp_and_group_2_has_none(city: Population) -> None:
    clinics = {c.id for c in city.clinics}
    groups = Counter(p.insurance_group for p in city.persons)
    assert set(groups) == {1, 2}
    assert 0.003 < groups[2] / len(city.persons) < 0.03  # ~1 % choose group 2
    for p in city.persons:
        if p.insurance_group == 1:
            assert p.gp_clinic_id in clinics, p
        else:
            assert p.gp_clinic_id is None, p


def test_children_under_15_have_the_gp_of_a_parent_at_home(
    city: Population, by_cpr: dict[str, Person]
) -> None:
    parents: dict[str, list[Person]] = {}
    for r in city.relations:
        if r.kind == "child":
            parents.setdefault(r.to_cpr, []).append(by_cpr[r.from_cpr])
    for child in (p for p in city.persons if age(p) < 15):
        at_home = [p for p in parents[child.cpr] if p.household_id == child.household_id]
        assert (child.gp_clinic_id, child.insurance_group) in {
            (p.gp_clinic_id, p.insurance_group) for p in at_home
        }, child


def test_people_mostly_use_a_clinic_near_home(city: Population) -> None:
    clinics = {c.id: c for c in city.clinics}
    addresses = {a.id: a for a in city.addresses}
    distances = sorted(
        distance_km(a.lat, a.lon, clinics[p.gp_clinic_id].lat, clinics[p.gp_clinic_id].lon)
        for p in city.persons
        if p.gp_clinic_id
        for a in (addresses[p.address_id],)
    )
    assert distances[len(distances) // 2] < 1.5  # median under 1.5 km


# --- businesses -----------------------------------------------------------------------------------


def test_every_cvr_number_is_valid_and_unique(city: Population) -> None:
    assert len(city.businesses) >= 500
    for b in city.businesses:
        assert stdnum_cvr.is_valid(b.cvr), b.cvr
    assert len({b.cvr for b in city.businesses}) == len(city.businesses)


def test_production_units_have_unique_p_numbers(city: Population) -> None:
    numbers = [u.p_number for b in city.businesses for u in b.production_units]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\d{10}", n) for n in numbers)
    counts = Counter(len(b.production_units) for b in city.businesses)
    assert set(counts) <= {1, 2, 3} and counts[1] and counts[2]
    for b in city.businesses:  # the first unit is where the company is
        assert (b.production_units[0].street, b.production_units[0].postcode) == (
            b.street,
            b.postcode,
        )


def test_business_owners_are_adults_in_the_population(
    city: Population, by_cpr: dict[str, Person]
) -> None:
    for b in city.businesses:
        assert b.owners, b
        assert len(set(b.owners)) == len(b.owners)
        for cpr in b.owners:
            assert cpr in by_cpr
            assert age(by_cpr[cpr]) >= 18
        if b.company_form == "Enkeltmandsvirksomhed":
            assert len(b.owners) == 1
            owner = by_cpr[b.owners[0]]
            assert owner.birth_date.year + 18 <= b.founded.year
        if b.company_form == "I/S":
            assert len(b.owners) >= 2


def test_businesses_have_plausible_names_forms_and_dates(city: Population) -> None:
    forms = Counter(b.company_form for b in city.businesses)
    assert set(forms) <= {"ApS", "A/S", "I/S", "Enkeltmandsvirksomhed", "Forening"}
    assert forms["ApS"] > forms["A/S"] > 0 and forms["Enkeltmandsvirksomhed"] > 0
    assert len({b.name for b in city.businesses}) == len(city.businesses)
    for b in city.businesses:
        if b.company_form in ("ApS", "A/S", "I/S"):
            assert b.name.endswith(" " + b.company_form), b.name
        assert b.founded < REFERENCE_DATE
        assert 1050 <= int(b.postcode) <= 2450
        assert b.industry
