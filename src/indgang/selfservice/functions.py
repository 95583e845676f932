"""Named functions that definitions refer to by name.

A definition is data, but some parts need code: the list of GPs a citizen
may choose, a legal rule, a fee. The service module registers those here
under a stable name ("laegeskift.clinics"), and the definition names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from indgang.selfservice.engine import Context
    from indgang.selfservice.models import Submission


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


OptionSource = Callable[["Context"], list[Option]]
Computation = Callable[["Context"], Any]
# A check returns None when the value is fine, else the key of the message to show.
Check = Callable[["Context", Any], str | None]
Handler = Callable[["Submission"], dict[str, Any]]

option_sources: dict[str, OptionSource] = {}
computations: dict[str, Computation] = {}
checks: dict[str, Check] = {}
handlers: dict[str, Handler] = {}


def _registrar(table: dict[str, Any], name: str) -> Callable[[Any], Any]:
    def decorator(function: Any) -> Any:
        if name in table:
            raise ImproperlyConfigured(f"self-service function {name!r} is registered twice")
        table[name] = function
        return function

    return decorator


def option_source(name: str) -> Callable[[OptionSource], OptionSource]:
    return _registrar(option_sources, name)


def computation(name: str) -> Callable[[Computation], Computation]:
    return _registrar(computations, name)


def check(name: str) -> Callable[[Check], Check]:
    return _registrar(checks, name)


def handler(name: str) -> Callable[[Handler], Handler]:
    return _registrar(handlers, name)
