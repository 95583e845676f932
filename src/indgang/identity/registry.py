from indgang.core.registry import Registry
from indgang.identity.base import IdentityPlugin

# Every registered login is in use (each says whether it is enabled).
register: Registry[IdentityPlugin] = Registry("identity")


def enabled_plugins() -> list[IdentityPlugin]:
    return [plugin for _, plugin in register if plugin.is_enabled()]
