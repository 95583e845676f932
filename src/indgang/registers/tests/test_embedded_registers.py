from indgang.registers import queries
from indgang.registers.base import AddressRecord


def test_a_person_comes_with_address_gp_and_family(population, parent_cpr):
    record = queries.person(parent_cpr)
    source = next(p for p in population.persons if p.cpr == parent_cpr)
    assert record is not None
    assert record.address is not None and record.address.id == source.address_id
    assert record.insurance_group == source.insurance_group
    children = {
        r.to_cpr for r in population.relations if r.from_cpr == parent_cpr and r.kind == "child"
    }
    assert {r.cpr for r in record.relations if r.kind == "child"} == children
    assert record.children_in_custody


def test_an_unknown_cpr_number_gives_none(population):
    assert queries.person("0101010000") is None


def test_address_autocomplete_narrows_by_street_number_and_postcode(population):
    address = population.addresses[0]
    by_street = queries.search_addresses(address.street[:5], 50)
    assert by_street and all(
        a.street.lower().startswith(address.street[:5].lower()) for a in by_street
    )
    exact = queries.search_addresses(f"{address.street} {address.house_number}, {address.postcode}")
    assert address.id in {a.id for a in exact}
    assert all(a.postcode == address.postcode for a in exact)


def test_the_address_label_follows_dawa():
    record = AddressRecord(
        id="x",
        street="Nørrebrogade",
        house_number="12",
        floor="2",
        door="th",
        postcode="2200",
        city="København N",
        municipality_code="0101",
        lat=0,
        lon=0,
    )
    assert record.label == "Nørrebrogade 12, 2. th, 2200 København N"
    ground = AddressRecord(
        id="y",
        street="Amagerbrogade",
        house_number="3A",
        floor="st",
        door="tv",
        postcode="2300",
        city="København S",
        municipality_code="0101",
        lat=0,
        lon=0,
    )
    assert ground.label == "Amagerbrogade 3A, st. tv, 2300 København S"


def test_the_address_api_is_public_and_shaped_like_dawa(client, population):
    address = population.addresses[0]
    response = client.get("/api/v1/registers/addresses/", {"q": address.street})
    assert response.status_code == 200
    first = response.json()[0]
    assert {
        "street",
        "house_number",
        "postcode",
        "city",
        "municipality_code",
        "lat",
        "lon",
        "text",
    } <= set(first)


def test_businesses_are_found_by_owner(population):
    business = next(b for b in population.businesses if b.owners)
    found = queries.businesses_of(business.owners[0])
    assert business.cvr in {b.cvr for b in found}
