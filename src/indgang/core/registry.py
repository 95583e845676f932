"""A typed plugin registry for external systems (identity, registers, ...).

Each kind of external system has one ``Registry``; plugins register with a
decorator under a stable identifier, and settings choose which one serves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._plugins: dict[str, T] = {}

    def register(self, identifier: str) -> Callable[[type[T]], type[T]]:
        def decorator(cls: type[T]) -> type[T]:
            if identifier in self._plugins:
                raise ImproperlyConfigured(f"{self.kind} plugin {identifier!r} is registered twice")
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
