"""Failure demand: the contacts a self-service step or field causes.

One row per service, definition version, step and field, from the funnel
events (attempts, drop-outs, validation errors) and the contacts linked to a
self-service attempt (``contacts.AttemptLink``: by staff with the citizen, or
inferred for imported calls), with minutes and cost. Pseudonymous throughout:
neither source names a citizen. The metrics in ``metrics.py`` and the ranked
page read ``breakdown``; each figure is defined in docs/metrics.md.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings

from indgang.contacts import queries as contacts
from indgang.contacts.constants import Channel
from indgang.insights import labels
from indgang.selfservice import queries as selfservice
from indgang.selfservice.constants import FunnelEventKind

if TYPE_CHECKING:
    from indgang.insights.metrics import Filters, Period


def unit_cost(channel: str) -> float:
    return float(settings.INSIGHTS_CHANNEL_COSTS.get(channel, 0))


@dataclass
class Row:
    """Failure demand of one step and field (``field`` is "" for the step as a
    whole: drop-outs and contacts about an attempt that stopped without error)."""

    service: str
    version: int
    step: str
    field: str
    attempts: int = 0
    dropouts: int = 0
    errors: int = 0
    contacts: dict[str, int] = dataclasses.field(default_factory=dict)
    seconds: int = 0
    timed: int = 0
    inferred: int = 0
    cost: float = 0.0
    # The service version's submissions in the period.
    submitted: int = 0
    rules: dict[str, int] = dataclasses.field(default_factory=dict)
    explanation: str = ""
    service_name: str = ""
    step_title: str = ""
    field_label: str = ""

    @property
    def key(self) -> str:
        return f"{self.service}:{self.version}:{self.step}:{self.field}"

    @property
    def total_contacts(self) -> int:
        return sum(self.contacts.values())

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def per_100(self) -> float | None:
        """Linked contacts per 100 submissions of the service version."""
        return self.total_contacts * 100 / self.submitted if self.submitted else None

    @property
    def label(self) -> str:
        where = self.step_title or self.step or "–"
        if self.field:
            where = f"{where} › {self.field_label or self.field}"
        return f"{self.service_name} v{self.version}: {where}"


def _services(filters: Filters) -> list[str] | None:
    if filters.service:
        return [filters.service]
    if filters.administration:
        return list(labels.services_of(filters.administration))
    return None


def breakdown(period: Period, filters: Filters) -> tuple[Row, ...]:
    """Every step and field with failure demand in the period, most costly first."""
    return _breakdown(period, filters, _links_version())


def _links_version() -> tuple[int, int]:
    # The cache is kept while no link and no funnel event is added.
    return contacts.attempt_link_version(), selfservice.funnel_version()


def clear_cache() -> None:
    _breakdown.cache_clear()


@lru_cache(maxsize=64)
def _breakdown(period: Period, filters: Filters, version: tuple[int, int]) -> tuple[Row, ...]:
    services = _services(filters)
    rows: dict[tuple[str, int, str, str], Row] = {}
    submitted: dict[tuple[str, int], int] = defaultdict(int)

    def row(service: str, version: int, step: str, field_name: str) -> Row:
        key = (service, version, step, field_name)
        if key not in rows:
            rows[key] = Row(service, version, step, field_name)
        return rows[key]

    shown: dict[tuple[str, int, str], int] = defaultdict(int)
    completed: dict[tuple[str, int, str], int] = defaultdict(int)
    for e in selfservice.funnel_breakdown(period.since, period.until, services):
        where = (e["service"], e["version"], e["step"])
        if e["kind"] == FunnelEventKind.STEP_SHOWN:
            shown[where] += e["drafts"]
        elif e["kind"] == FunnelEventKind.STEP_COMPLETED:
            completed[where] += e["drafts"]
        elif e["kind"] == FunnelEventKind.SUBMITTED:
            submitted[(e["service"], e["version"])] += e["events"]
        elif e["kind"] == FunnelEventKind.VALIDATION_ERROR:
            r = row(e["service"], e["version"], e["step"], e["field"])
            r.errors += e["events"]
            r.rules[e["rule"]] = r.rules.get(e["rule"], 0) + e["events"]
    for where, n in shown.items():
        if where[2] in ("", "check"):
            continue
        r = row(*where, "")
        r.attempts = n
        r.dropouts = max(n - completed.get(where, 0), 0)
    for link in contacts.attempt_link_figures(
        period.since, period.until, services=services, channel=filters.channel
    ):
        r = row(str(link["service"]), int(link["version"]), str(link["step"]), str(link["field"]))
        channel = str(link["channel"])
        n = int(link["contacts"])
        r.contacts[channel] = r.contacts.get(channel, 0) + n
        r.seconds += int(link["seconds"])
        r.timed += int(link["timed"])
        r.inferred += int(link["inferred"])
        r.cost += n * unit_cost(channel)
        if link["rule"]:
            r.rules.setdefault(str(link["rule"]), 0)
    # Field rows share their step's attempts (the drafts shown the step).
    for r in rows.values():
        if r.field:
            r.attempts = shown.get((r.service, r.version, r.step), 0)
        r.submitted = submitted.get((r.service, r.version), 0)
    _describe(rows.values())
    return tuple(
        sorted(
            rows.values(),
            key=lambda r: (-r.cost, -r.total_contacts, -r.errors, -r.dropouts, r.key),
        )
    )


def _describe(rows: Any) -> None:
    names = labels.service_names({r.service for r in rows})
    for r in rows:
        r.service_name = names.get(r.service, r.service)
        rules = sorted(r.rules, key=lambda k: -r.rules[k]) or [""]
        explained = [selfservice.explain(r.service, r.version, r.step, r.field, k) for k in rules]
        r.step_title = explained[0].step_title
        r.field_label = explained[0].field_label if r.field else ""
        if r.field:
            r.explanation = " ".join(dict.fromkeys(e.text for e in explained if e.rule))
        else:
            r.explanation = ""


def channels_in(rows: tuple[Row, ...]) -> list[tuple[str, str]]:
    """The channels that have linked contacts, in the register's order."""
    seen = {c for r in rows for c in r.contacts}
    return [(c.value, str(c.label)) for c in Channel if c.value in seen]
