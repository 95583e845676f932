from indgang.core.registry import Registry
from indgang.identity.base import IdentityPlugin

register: Registry[IdentityPlugin] = Registry("identity")


def enabled_plugins() -> list[IdentityPlugin]:
    return [plugin for _, plugin in register if plugin.is_enabled()]
