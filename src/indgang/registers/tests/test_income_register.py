"""The income register: monthly income by type and assets, deterministic from
the population seed, served through the embedded plugin."""

import pytest

from indgang.conftest import small_population
from indgang.registers import queries
from indgang.registers.synthetic import generate


def test_the_same_seed_gives_the_same_incomes_and_the_rest_is_unchanged():
    a = generate(seed=3, persons=300, clinics=10, businesses=5)
    b = generate(seed=3, persons=300, clinics=10, businesses=5)
    assert a.incomes == b.incomes and a.assets == b.assets
    assert generate(seed=4, persons=300, clinics=10, businesses=5).incomes != a.incomes


def test_every_adult_has_an_income_and_children_none():
    population = small_population()
    earners = {i.cpr for i in population.incomes}
    for person in population.persons:
        assert (person.cpr in earners) == (person.age_on() >= 18)
    assert {i.kind for i in population.incomes} >= {"salary", "state_pension"}
    assert all(i.monthly > 0 for i in population.incomes)
    assert all(a.value >= 0 for a in population.assets)


@pytest.mark.django_db
def test_the_embedded_plugin_serves_finances_from_the_loaded_population(population):
    adult = next(p for p in population.persons if p.age_on() >= 18)
    finances = queries.finances(adult.cpr)
    assert finances is not None
    expected = [i for i in population.incomes if i.cpr == adult.cpr]
    assert finances.monthly_income == sum(i.monthly for i in expected)
    assert finances.total_assets == sum(a.value for a in population.assets if a.cpr == adult.cpr)
    assert queries.finances("0101010000") is None
