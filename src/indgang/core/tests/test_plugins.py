"""One plugin base, one layout, one check for every registry."""

from __future__ import annotations

import re

import pytest
from django.core.checks import run_checks

from indgang.core.registry import Plugin, Registry

# Where a plugin for an external system lives.
LAYOUT = re.compile(r"^indgang\.\w+\.contrib\.\w+\.plugin$")


def test_every_plugin_shares_the_base_and_lives_in_contrib_vendor_plugin() -> None:
    kinds = {registry.kind for registry in Registry.every}
    assert {"identity", "register", "virus scanner", "SMS gateway", "Digital Post"} <= kinds
    for registry in Registry.every:
        for identifier, plugin in registry:
            assert isinstance(plugin, Plugin)
            assert plugin.identifier == identifier
            if registry.kind != "file store":  # an app's own uploads, not an external system
                assert LAYOUT.match(type(plugin).__module__), type(plugin).__module__


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("VIRUS_SCANNER", "kaspersky", "indgang.E010"),
        ("SMS_GATEWAY", "carrier-pigeon", "indgang.notifications.E001"),
        ("MESSAGING_DIGITAL_POST", "eboks", "messaging.E002"),
    ],
)
def test_a_setting_naming_an_unknown_plugin_stops_start_up_and_names_the_known_ones(
    settings: object, setting: str, value: str, check_id: str
) -> None:
    setattr(settings, setting, value)
    found = [m for m in run_checks(tags=["indgang"]) if m.id == check_id]
    assert len(found) == 1
    assert value in found[0].msg and "Known plugins:" in (found[0].hint or "")


def test_only_the_plugins_in_use_check_their_settings(settings: object) -> None:
    settings.MESSAGING_DIGITAL_POST = "inbox"  # type: ignore[attr-defined]
    settings.MESSAGING_SF1601_CERTIFICATE = ""  # type: ignore[attr-defined]
    settings.SMS_GATEWAY = "outbox"  # type: ignore[attr-defined]
    settings.SMS_GATEWAY_URL = ""  # type: ignore[attr-defined]
    ids = {m.id for m in run_checks(tags=["indgang"])}
    assert "messaging.E003" not in ids and "indgang.notifications.E002" not in ids
    settings.MESSAGING_DIGITAL_POST = "sf1601"  # type: ignore[attr-defined]
    assert "messaging.E003" in {m.id for m in run_checks(tags=["indgang"])}
