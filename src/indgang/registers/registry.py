from django.conf import settings

from indgang.core.registry import Registry
from indgang.registers.base import (
    AddressRegister,
    BusinessRegister,
    GPRegister,
    IncomeRegister,
    PersonRegister,
    RegisterPlugin,
)

register: Registry[RegisterPlugin] = Registry(
    "register",
    chosen=lambda: [
        (f"REGISTER_PLUGINS[{kind!r}]", identifier)
        for kind, identifier in settings.REGISTER_PLUGINS.items()
    ],
    unknown_id="indgang.E005",
)


def _plugin(kind: str) -> RegisterPlugin:
    return register[settings.REGISTER_PLUGINS[kind]]


def person_register() -> PersonRegister:
    plugin = _plugin("person")
    assert isinstance(plugin, PersonRegister)
    return plugin


def address_register() -> AddressRegister:
    plugin = _plugin("address")
    assert isinstance(plugin, AddressRegister)
    return plugin


def business_register() -> BusinessRegister:
    plugin = _plugin("business")
    assert isinstance(plugin, BusinessRegister)
    return plugin


def gp_register() -> GPRegister:
    plugin = _plugin("gp")
    assert isinstance(plugin, GPRegister)
    return plugin


def income_register() -> IncomeRegister:
    plugin = _plugin("income")
    assert isinstance(plugin, IncomeRegister)
    return plugin
