"""A typed plugin registry for external systems (identity, registers, ...).

Each kind of external system has one ``Registry``; plugins subclass
``Plugin``, register with a decorator under a stable identifier, and a
setting chooses which one serves. One system check (``core.checks``) walks
every registry: a setting naming an unknown plugin stops start-up, and each
plugin in use says what is wrong with its own settings in ``check()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured


class Plugin:
    """Base of every plugin for an external system."""

    identifier: str = ""  # set by ``Registry.register``
    # A demo plugin works on local data only (or lets anyone in): never the
    # one serving citizens in production.
    is_demo: bool = False

    def check(self) -> list[CheckMessage]:
        """Problems with this plugin's settings, as system checks with ids;
        called for the plugins in use only."""
        return []


T = TypeVar("T", bound=Plugin)


class Registry(Generic[T]):
    """The plugins of one kind.

    ``chosen`` answers which identifiers the settings choose (None: every
    registered plugin is in use, e.g. citizen login where each plugin says
    whether it is enabled); ``setting`` names the setting in the check's
    message, and ``unknown_id`` is the check id for an unknown identifier.
    """

    every: ClassVar[list[Registry[Plugin]]] = []

    def __init__(
        self,
        kind: str,
        *,
        setting: str = "",
        chosen: Callable[[], Iterable[tuple[str, str]]] | None = None,
        unknown_id: str = "",
    ) -> None:
        self.kind = kind
        self.setting = setting
        self._chosen = chosen
        self.unknown_id = unknown_id
        self._plugins: dict[str, T] = {}
        Registry.every.append(self)  # type: ignore[arg-type]

    def register(self, identifier: str) -> Callable[[type[T]], type[T]]:
        def decorator(cls: type[T]) -> type[T]:
            if identifier in self._plugins:
                raise ImproperlyConfigured(f"{self.kind} plugin {identifier!r} is registered twice")
            cls.identifier = identifier
            self._plugins[identifier] = cls()
            return cls

        return decorator

    def __getitem__(self, identifier: str) -> T:
        try:
            return self._plugins[identifier]
        except KeyError:
            known = ", ".join(sorted(self._plugins)) or "none"
            raise ImproperlyConfigured(
                f"unknown {self.kind} plugin {identifier!r} (known: {known})"
            ) from None

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._plugins

    def __iter__(self) -> Iterator[tuple[str, T]]:
        return iter(sorted(self._plugins.items()))

    def chosen(self) -> list[tuple[str, str]]:
        """(setting, identifier) for each plugin the settings choose."""
        if self._chosen is not None:
            return list(self._chosen())
        if self.setting:
            return [(self.setting, str(getattr(settings, self.setting)))]
        return [(self.kind, identifier) for identifier in self._plugins]

    def check(self) -> list[CheckMessage]:
        found: list[CheckMessage] = []
        checked: set[str] = set()
        for setting, identifier in self.chosen():
            if identifier not in self._plugins:
                known = ", ".join(sorted(self._plugins))
                found.append(
                    Error(
                        f"{setting} is {identifier!r}, which is not a known {self.kind} plugin.",
                        hint=f"Known plugins: {known}.",
                        id=self.unknown_id or "indgang.E005",
                    )
                )
            elif identifier not in checked:
                checked.add(identifier)
                found += self._plugins[identifier].check()
        return found
