"""Every metric, defined once.

Each metric is a named object with an id, a title, a definition (the same
text, word for word, as in docs/metrics.md; a test keeps them equal), a unit
and a function of (period, filters) returning a headline value and a series
(the breakdown drawn as a chart and shown as a table).

Contact metrics read the daily rollup (``ContactDaily``, and ``ReasonDaily``
for the contact reasons), so they are as of the last rebuild; the others read
their own app's public queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db.models import Avg, Count, Model, Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from indgang.appointments import queries as appointments
from indgang.cases import queries as cases
from indgang.contacts.constants import AVOIDABLE_REASONS, DIGITAL_CHANNELS, Channel, Reason
from indgang.insights import failure, labels
from indgang.insights.models import (
    ContactDaily,
    ContactMonthly,
    ReasonDaily,
    ReasonMonthly,
    RollupRun,
    Survey,
)
from indgang.insights.rollup import (
    DIMENSIONS,
    MEASURES,
    REASON_MEASURES,
    first_of_month,
    last_of_month,
    local_midnight,
)
from indgang.selfservice import queries as selfservice

# Below this many survey answers a satisfaction figure is not shown: one or
# two answers could be traced to the person who gave them.
MIN_ANSWERS = 5
ONE_DAY = timedelta(days=1)


class Unit:
    COUNT = "count"
    SHARE = "share"  # a fraction 0..1, shown as a percentage
    KRONER = "kr"
    SCORE = "score"  # mean on the 1–5 scale


def display(value: float | None, unit: str) -> str:
    """A value as the dashboards, tables and exports show it (Danish formats)."""
    if value is None:
        return "–"
    if unit == Unit.SHARE:
        return f"{number_format(value * 100, 1, use_l10n=True)} %"
    if unit == Unit.KRONER:
        return f"{number_format(round(value), 0, use_l10n=True, force_grouping=True)} kr."
    if unit == Unit.SCORE:
        return number_format(value, 2, use_l10n=True)
    places = 0 if float(value).is_integer() else 1
    return number_format(value, places, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Period:
    """Local days ``start``..``end``, both included."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return local_midnight(self.start)

    @property
    def until(self) -> datetime:
        return local_midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


@dataclass(frozen=True)
class Filters:
    service: str = ""
    administration: str = ""
    channel: str = ""


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    value: float | None


@dataclass(frozen=True)
class Value:
    value: float | None
    series: tuple[Point, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Metric:
    id: str
    title: Promise
    definition: Promise
    unit: str
    series_title: Promise
    compute: Callable[[Period, Filters], Value] = field(repr=False)
    # Which filters the metric honours (the others do not apply to it).
    honours: frozenset[str] = frozenset({"service", "administration", "channel"})
    # When the headline is one part of the breakdown (the digital share of the
    # channel shares), its name; the table's "All" row then sums the rows.
    headline_title: Promise | None = None
    # Templates read a metric's fields; they must not call it.
    do_not_call_in_templates: ClassVar[bool] = True

    def __call__(self, period: Period, filters: Filters | None = None) -> Value:
        return self.compute(period, filters or Filters())


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


# -- contact rollup -----------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """Contacts with one combination of the rollup's dimensions in a period."""

    channel: str
    service: str
    administration: str
    recontact: bool
    earlier_channel: str
    count: int
    # Resolved; resolved and not repeated by a later contact.
    resolved: int
    settled: int
    duration_sum: int
    duration_count: int


def _slices(period: Period) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The whole months inside the period (read from the monthly rows) and
    the days at either end (read from the daily rows)."""
    first = period.start if period.start.day == 1 else last_of_month(period.start) + ONE_DAY
    last = period.end
    if period.end != last_of_month(period.end):
        last = first_of_month(period.end) - ONE_DAY
    if first > last:
        return None, [(period.start, period.end)]
    days = []
    if period.start < first:
        days.append((period.start, first - ONE_DAY))
    if last < period.end:
        days.append((last + ONE_DAY, period.end))
    return (first, first_of_month(last)), days


def _filtered(rows: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.service:
        rows = rows.filter(service=filters.service)
    if filters.administration:
        rows = rows.filter(administration=filters.administration)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return rows


def _rollup_version() -> tuple[int, datetime | None]:
    run = RollupRun.objects.order_by("-id").values_list("id", "finished_at").first()
    return run or (0, None)


def contact_figures(period: Period, filters: Filters) -> tuple[Figure, ...]:
    """The rollup for a period and filters, grouped by every dimension: at
    most two small queries, cached until the next rebuild (so the metrics of
    one dashboard share them)."""
    return _contact_figures(period, filters, _rollup_version())


def _read_rollup(
    daily: type[Model],
    monthly: type[Model],
    dimensions: tuple[str, ...],
    measures: tuple[str, ...],
    period: Period,
    filters: Filters,
) -> dict[tuple[Any, ...], list[int]]:
    """A rollup's measures summed per combination of its dimensions over the
    period's whole months (monthly rows) and edge days (daily rows)."""
    months, days = _slices(period)
    sums = {m: Sum(m) for m in measures}
    parts: list[QuerySet[Any]] = []
    if months:
        parts.append(monthly._default_manager.filter(month__gte=months[0], month__lte=months[1]))
    if days:
        within = Q()
        for first, last in days:
            within |= Q(day__gte=first, day__lte=last)
        parts.append(daily._default_manager.filter(within))
    width = len(dimensions)
    combined: dict[tuple[Any, ...], list[int]] = {}
    for part in parts:
        grouped = _filtered(part, filters).values(*dimensions).annotate(**sums).order_by()
        for row in grouped.values_list(*dimensions, *measures):
            totals = combined.setdefault(row[:width], [0] * len(measures))
            for i, value in enumerate(row[width:]):
                totals[i] += value or 0
    return combined


@lru_cache(maxsize=128)
def _contact_figures(
    period: Period, filters: Filters, version: tuple[int, datetime | None]
) -> tuple[Figure, ...]:
    combined = _read_rollup(ContactDaily, ContactMonthly, DIMENSIONS, MEASURES, period, filters)
    return tuple(Figure(*key, *totals) for key, totals in combined.items())


@dataclass(frozen=True)
class ReasonFigure:
    """Contacts with one recorded reason on one channel in a period."""

    channel: str
    reason: str
    count: int


# Service and administration are only filtered on, so the reason rows are read
# grouped by channel and reason alone: a few dozen rows, not thousands.
REASON_SPLIT = ("channel", "reason")


def reason_figures(period: Period, filters: Filters) -> tuple[ReasonFigure, ...]:
    """The reason rollup for a period and filters (contacts with a recorded
    reason only), cached like ``contact_figures``."""
    return _reason_figures(period, filters, _rollup_version())


@lru_cache(maxsize=128)
def _reason_figures(
    period: Period, filters: Filters, version: tuple[int, datetime | None]
) -> tuple[ReasonFigure, ...]:
    combined = _read_rollup(
        ReasonDaily, ReasonMonthly, REASON_SPLIT, REASON_MEASURES, period, filters
    )
    return tuple(ReasonFigure(*key, *totals) for key, totals in combined.items())


def clear_cache() -> None:
    """Forget the cached rollup reads (tests and the benchmark time cold reads)."""
    _contact_figures.cache_clear()
    _reason_figures.cache_clear()
    failure.clear_cache()


Counted = TypeVar("Counted", Figure, ReasonFigure)


def _sum_by(figures: Iterable[Counted], key: Callable[[Counted], str]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for f in figures:
        totals[key(f)] += f.count
    return dict(totals)


def _channel_points(values: dict[str, float | None]) -> tuple[Point, ...]:
    return tuple(
        Point(c.value, str(c.label), values[c.value]) for c in Channel if c.value in values
    )


def _per_channel(period: Period, filters: Filters) -> dict[str, int]:
    return _sum_by(contact_figures(period, filters), lambda f: f.channel)


def contacts(period: Period, filters: Filters) -> Value:
    per_channel = _per_channel(period, filters)
    return Value(sum(per_channel.values()), _channel_points(dict(per_channel)))


def channel_share(period: Period, filters: Filters) -> Value:
    per_channel = _per_channel(period, filters)
    total = sum(per_channel.values())
    shares: dict[str, float | None] = {k: ratio(v, total) for k, v in per_channel.items()}
    digital = sum(v for k, v in per_channel.items() if k in DIGITAL_CHANNELS)
    return Value(ratio(digital, total), _channel_points(shares))


def unit_cost(channel: str) -> float:
    return float(settings.INSIGHTS_CHANNEL_COSTS.get(channel, 0))


def cost_per_channel(period: Period, filters: Filters) -> Value:
    per_channel = {k: n * unit_cost(k) for k, n in _per_channel(period, filters).items()}
    return Value(sum(per_channel.values()), _channel_points(dict(per_channel)))


def cost_per_service(period: Period, filters: Filters) -> Value:
    per_service: dict[str, float] = defaultdict(float)
    for f in contact_figures(period, filters):
        per_service[f.service] += f.count * unit_cost(f.channel)
    names = labels.service_names(per_service)
    points = tuple(
        Point(slug, names[slug], per_service[slug])
        for slug in sorted(per_service, key=lambda s: (-per_service[s], s))
    )
    return Value(sum(per_service.values()), points)


def recontact_rate(period: Period, filters: Filters) -> Value:
    figures = contact_figures(period, filters)
    total = sum(f.count for f in figures)
    pairs = _sum_by(
        (f for f in figures if f.recontact),
        lambda f: f"{f.earlier_channel or 'case'}>{f.channel}",
    )
    points = []
    for key in sorted(pairs, key=lambda k: (-pairs[k], k)):
        earlier, channel = key.split(">")
        label = labels.channel_pair("" if earlier == "case" else earlier, channel)
        points.append(Point(key, label, ratio(pairs[key], total)))
    return Value(ratio(sum(pairs.values()), total), tuple(points))


def first_contact_resolution(period: Period, filters: Filters) -> Value:
    first: dict[str, int] = defaultdict(int)
    settled: dict[str, int] = defaultdict(int)
    for f in contact_figures(period, filters):
        if not f.recontact:
            first[f.channel] += f.count
            settled[f.channel] += f.settled
    return Value(
        ratio(sum(settled.values()), sum(first.values())),
        _channel_points({k: ratio(settled[k], n) for k, n in first.items()}),
    )


def digital_takeup(period: Period, filters: Filters) -> Value:
    # A channel filter would make take-up meaningless: it is ignored.
    figures = [
        f
        for f in contact_figures(period, Filters(filters.service, filters.administration))
        if f.service
    ]
    everything = _sum_by(figures, lambda f: f.service)
    digital = _sum_by((f for f in figures if f.channel in DIGITAL_CHANNELS), lambda f: f.service)
    names = labels.service_names(everything)
    points = tuple(
        Point(slug, names[slug], ratio(digital.get(slug, 0), everything[slug]))
        for slug in sorted(everything)
    )
    return Value(ratio(sum(digital.values()), sum(everything.values())), points)


def mean_duration(period: Period, filters: Filters) -> Value:
    seconds: dict[str, int] = defaultdict(int)
    timed: dict[str, int] = defaultdict(int)
    for f in contact_figures(period, filters):
        seconds[f.channel] += f.duration_sum
        timed[f.channel] += f.duration_count
    minutes = {k: ratio(seconds[k] / 60, timed[k]) for k in seconds}
    return Value(ratio(sum(seconds.values()) / 60, sum(timed.values())), _channel_points(minutes))


# -- contact reasons ------------------------------------------------------------

# The avoidable reasons in the register's order (the order of the rows).
AVOIDABLE = tuple(r for r in Reason if r in AVOIDABLE_REASONS)


def _reason_note(period: Period, filters: Filters, figures: tuple[ReasonFigure, ...]) -> str:
    """How many contacts the reason figures rest on: without it an avoidable
    share of a tenth of the register would look like the whole truth."""
    everything = sum(f.count for f in contact_figures(period, filters))
    recorded = sum(f.count for f in figures)
    if not recorded:
        return gettext("No contact in %(period)s has a recorded reason.") % {"period": period}
    avoidable = sum(f.count for f in figures if f.reason in AVOIDABLE_REASONS)
    # Both rollups are rebuilt together, so every recorded reason is a contact.
    coverage = recorded / max(everything, recorded)
    return gettext(
        "In %(period)s, %(recorded)s of %(all)s contacts (%(coverage)s) have a recorded "
        "reason, and %(avoidable)s of those are avoidable."
    ) % {
        "period": period,
        "recorded": display(recorded, Unit.COUNT),
        "all": display(everything, Unit.COUNT),
        "coverage": display(coverage, Unit.SHARE),
        "avoidable": display(avoidable, Unit.COUNT),
    }


def reason_coverage(period: Period, filters: Filters) -> Value:
    everything = _per_channel(period, filters)
    recorded = _sum_by(reason_figures(period, filters), lambda f: f.channel)
    shares = {k: ratio(recorded.get(k, 0), n) for k, n in everything.items()}
    return Value(ratio(sum(recorded.values()), sum(everything.values())), _channel_points(shares))


def avoidable_contacts(period: Period, filters: Filters) -> Value:
    figures = reason_figures(period, filters)
    note = _reason_note(period, filters, figures)
    recorded = sum(f.count for f in figures)
    if not recorded:
        return Value(None, note=note)
    avoidable = _sum_by((f for f in figures if f.reason in AVOIDABLE_REASONS), lambda f: f.reason)
    points = tuple(
        Point(r.value, str(r.label), ratio(avoidable.get(r.value, 0), recorded)) for r in AVOIDABLE
    )
    return Value(ratio(sum(avoidable.values()), recorded), points, note)


def avoidable_per_channel(period: Period, filters: Filters) -> Value:
    figures = reason_figures(period, filters)
    recorded = _sum_by(figures, lambda f: f.channel)
    avoidable = _sum_by((f for f in figures if f.reason in AVOIDABLE_REASONS), lambda f: f.channel)
    shares = {k: ratio(avoidable.get(k, 0), n) for k, n in recorded.items()}
    return Value(
        ratio(sum(avoidable.values()), sum(recorded.values())),
        _channel_points(shares),
        _reason_note(period, filters, figures),
    )


def avoidable_cost(period: Period, filters: Filters) -> Value:
    figures = reason_figures(period, filters)
    note = _reason_note(period, filters, figures)
    if not figures:
        # No recorded reasons is not the same as no avoidable cost.
        return Value(None, note=note)
    per_reason: dict[str, float] = defaultdict(float)
    for f in figures:
        if f.reason in AVOIDABLE_REASONS:
            per_reason[f.reason] += f.count * unit_cost(f.channel)
    points = tuple(Point(r.value, str(r.label), per_reason.get(r.value, 0.0)) for r in AVOIDABLE)
    return Value(sum(per_reason.values()), points, note)


# -- self-service funnel -----------------------------------------------------


def _funnel_services(filters: Filters) -> list[str]:
    slugs = [d.slug for d in selfservice.services()]
    if filters.service:
        return [s for s in slugs if s == filters.service]
    if filters.administration:
        owned = set(labels.services_of(filters.administration))
        return [s for s in slugs if s in owned]
    return slugs


def _funnels(period: Period, filters: Filters) -> dict[str, dict[str, Any]]:
    return {
        slug: selfservice.funnel_summary(slug, since=period.since, until=period.until)
        for slug in _funnel_services(filters)
    }


def selfservice_completion(period: Period, filters: Filters) -> Value:
    funnels = _funnels(period, filters)
    names = labels.service_names(funnels)
    points = tuple(
        Point(slug, names[slug], ratio(f["submitted"], f["started"])) for slug, f in funnels.items()
    )
    return Value(
        ratio(
            sum(f["submitted"] for f in funnels.values()),
            sum(f["started"] for f in funnels.values()),
        ),
        points,
    )


def step_dropoff(period: Period, filters: Filters) -> Value:
    funnels = _funnels(period, filters)
    points = []
    shown_all = completed_all = 0
    many = len(funnels) > 1
    for slug, summary in funnels.items():
        for step, counts in summary["steps"].items():
            shown, completed = counts["shown"], counts["completed"]
            shown_all += shown
            completed_all += min(completed, shown)
            label = f"{slug}: {step}" if many else step
            points.append(Point(f"{slug}:{step}", label, ratio(max(shown - completed, 0), shown)))
    return Value(ratio(shown_all - completed_all, shown_all), tuple(points))


def validation_errors(period: Period, filters: Filters) -> Value:
    funnels = _funnels(period, filters)
    per_field: dict[str, int] = defaultdict(int)
    many = len(funnels) > 1
    for slug, summary in funnels.items():
        for error in summary["errors"]:
            field_name = f"{error['step']}.{error['field']}"
            per_field[f"{slug}: {field_name}" if many else field_name] += error["count"]
    points = tuple(
        Point(k, k, float(v)) for k, v in sorted(per_field.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return Value(float(sum(per_field.values())), points)


# -- failure demand ---------------------------------------------------------------


def _failure_rows(period: Period, filters: Filters) -> tuple[Any, ...]:
    return failure.breakdown(period, filters)


def _ranked(values: dict[str, tuple[str, float]]) -> tuple[Point, ...]:
    return tuple(
        Point(key, label, value)
        for key, (label, value) in sorted(values.items(), key=lambda kv: (-kv[1][1], kv[0]))
        if value
    )


def failure_demand(period: Period, filters: Filters) -> Value:
    rows = _failure_rows(period, filters)
    return Value(
        float(sum(r.total_contacts for r in rows)),
        _ranked({r.key: (r.label, float(r.total_contacts)) for r in rows}),
    )


def failure_demand_minutes(period: Period, filters: Filters) -> Value:
    rows = _failure_rows(period, filters)
    return Value(sum(r.minutes for r in rows), _ranked({r.key: (r.label, r.minutes) for r in rows}))


def failure_demand_cost(period: Period, filters: Filters) -> Value:
    rows = _failure_rows(period, filters)
    return Value(sum(r.cost for r in rows), _ranked({r.key: (r.label, r.cost) for r in rows}))


def contacts_per_100_submissions(period: Period, filters: Filters) -> Value:
    rows = _failure_rows(period, filters)
    linked: dict[tuple[str, int], int] = defaultdict(int)
    submitted: dict[tuple[str, int], int] = {}
    names: dict[tuple[str, int], str] = {}
    for r in rows:
        linked[(r.service, r.version)] += r.total_contacts
        submitted[(r.service, r.version)] = r.submitted
        names[(r.service, r.version)] = f"{r.service_name} v{r.version}"
    points = tuple(
        Point(f"{s}:{v}", names[(s, v)], ratio(linked[(s, v)] * 100, submitted[(s, v)]))
        for s, v in sorted(linked)
        if linked[(s, v)] or submitted[(s, v)]
    )
    # Every submission counts in the headline, also those of versions no
    # contact followed.
    return Value(
        ratio(sum(linked.values()) * 100, sum(submitted.values())),
        points,
    )


# -- cases, appointments, surveys ---------------------------------------------


def sla_compliance(period: Period, filters: Filters) -> Value:
    rows = cases.sla_figures(
        period.since,
        period.until,
        administration=filters.administration,
        topic=filters.service,
    )
    names = labels.administration_names()
    points = tuple(
        Point(
            r["administration_id"] or "",
            names.get(r["administration_id"] or "", gettext("Not routed")),
            ratio(r["on_time"], r["resolved"]),
        )
        for r in rows
    )
    return Value(ratio(sum(r["on_time"] for r in rows), sum(r["resolved"] for r in rows)), points)


def no_show_rate(period: Period, filters: Filters) -> Value:
    rates = appointments.no_show_rates(
        filters.administration or None, since=period.since, until=period.until
    )
    points = tuple(
        Point(f"{r.unit}:{r.service}", f"{r.unit}: {r.service}", ratio(r.no_shows, r.appointments))
        for r in rates
    )
    return Value(ratio(sum(r.no_shows for r in rates), sum(r.appointments for r in rates)), points)


def surveys(filters: Filters) -> QuerySet[Survey]:
    rows = Survey.objects.all()
    if filters.service:
        rows = rows.filter(service=filters.service)
    if filters.administration:
        rows = rows.filter(administration=filters.administration)
    return rows


def satisfaction(period: Period, filters: Filters) -> Value:
    answered = surveys(filters).filter(answered_at__gte=period.since, answered_at__lt=period.until)
    summary = answered.aggregate(n=Count("id"), mean=Avg("satisfaction"))
    if summary["n"] < MIN_ANSWERS:
        return Value(None, note=gettext("Fewer than 5 answers: not shown."))
    per_score = {
        r["satisfaction"]: r["n"]
        for r in answered.values("satisfaction").annotate(n=Count("id")).order_by()
    }
    points = tuple(
        Point(str(score), str(score), ratio(per_score.get(score, 0), summary["n"]))
        for score in range(1, 6)
    )
    return Value(summary["mean"], points)


def settled_in_one_contact(period: Period, filters: Filters) -> Value:
    answered = surveys(filters).filter(answered_at__gte=period.since, answered_at__lt=period.until)
    per_source = list(
        answered.values("source")
        .annotate(n=Count("id"), yes=Count("id", filter=Q(settled=True)))
        .order_by("source")
    )
    total = sum(r["n"] for r in per_source)
    if total < MIN_ANSWERS:
        return Value(None, note=gettext("Fewer than 5 answers: not shown."))
    points = tuple(
        Point(r["source"], labels.survey_source(r["source"]), ratio(r["yes"], r["n"]))
        for r in per_source
        if r["n"] >= MIN_ANSWERS
    )
    return Value(ratio(sum(r["yes"] for r in per_source), total), points)


def survey_response_rate(period: Period, filters: Filters) -> Value:
    invited = surveys(filters).filter(invited_at__gte=period.since, invited_at__lt=period.until)
    per_source = list(
        invited.values("source")
        .annotate(n=Count("id"), done=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by("source")
    )
    points = tuple(
        Point(r["source"], labels.survey_source(r["source"]), ratio(r["done"], r["n"]))
        for r in per_source
    )
    return Value(ratio(sum(r["done"] for r in per_source), sum(r["n"] for r in per_source)), points)


NO_CHANNEL = frozenset({"service", "administration"})

METRICS: dict[str, Metric] = {
    m.id: m
    for m in [
        Metric(
            "contacts",
            _("Contacts per channel"),
            _(
                "The number of contacts in the contact register that started in the period, "
                "per channel."
            ),
            Unit.COUNT,
            _("Channel"),
            contacts,
        ),
        Metric(
            "channel_share",
            _("Channel share"),
            _(
                "Each channel's contacts divided by all contacts in the period. "
                "The headline is the digital share: self-service contacts divided by all "
                "contacts."
            ),
            Unit.SHARE,
            _("Channel"),
            channel_share,
            headline_title=_("Digital share"),
        ),
        Metric(
            "cost_per_channel",
            _("Cost per channel"),
            _(
                "Contacts on each channel in the period multiplied by that channel's unit "
                "cost per contact (an assumed staff cost, not a measurement), in kroner."
            ),
            Unit.KRONER,
            _("Channel"),
            cost_per_channel,
        ),
        Metric(
            "cost_per_service",
            _("Cost per service"),
            _(
                "For each service, the sum over channels of its contacts in the period times "
                "the channel's unit cost per contact, in kroner."
            ),
            Unit.KRONER,
            _("Service"),
            cost_per_service,
        ),
        Metric(
            "recontact_rate",
            _("Re-contact rate"),
            _(
                "Contacts in the period that repeat an earlier contact or case, divided by "
                "all contacts in the period. Split by channel pair (earlier channel → "
                "this contact's channel), each pair's re-contacts divided by all contacts."
            ),
            Unit.SHARE,
            _("Channel pair"),
            recontact_rate,
        ),
        Metric(
            "first_contact_resolution",
            _("First-contact resolution"),
            _(
                "Of the contacts in the period that are not re-contacts, the share whose "
                "outcome is resolved and that no later contact repeats."
            ),
            Unit.SHARE,
            _("Channel"),
            first_contact_resolution,
        ),
        Metric(
            "digital_takeup",
            _("Digital take-up"),
            _(
                "For each service, its self-service contacts divided by all its contacts in "
                "the period. Contacts without a service are left out."
            ),
            Unit.SHARE,
            _("Service"),
            digital_takeup,
            NO_CHANNEL,
        ),
        Metric(
            "mean_duration",
            _("Mean handling time"),
            _(
                "The mean duration in minutes of the contacts in the period that have a "
                "recorded duration, per channel."
            ),
            Unit.COUNT,
            _("Channel"),
            mean_duration,
        ),
        Metric(
            "reason_coverage",
            _("Contacts with a recorded reason"),
            _(
                "Contacts in the period with a recorded reason divided by all contacts in the "
                "period, per channel. The avoidable-contact figures rest on these contacts "
                "only."
            ),
            Unit.SHARE,
            _("Channel"),
            reason_coverage,
        ),
        Metric(
            "avoidable_contacts",
            _("Avoidable contacts"),
            _(
                "Of the contacts in the period with a recorded reason, the share whose reason "
                "is avoidable: chasing progress, did not understand the text, technical error "
                "in self-service or wrong contact details. Contacts without a recorded reason "
                "are left out of both the numerator and the denominator. Per avoidable "
                "reason, that reason's contacts divided by all contacts with a recorded "
                "reason."
            ),
            Unit.SHARE,
            _("Reason"),
            avoidable_contacts,
        ),
        Metric(
            "avoidable_per_channel",
            _("Avoidable contacts per channel"),
            _(
                "For each channel, its contacts in the period with an avoidable reason "
                "divided by its contacts with a recorded reason. Contacts without a recorded "
                "reason are left out."
            ),
            Unit.SHARE,
            _("Channel"),
            avoidable_per_channel,
        ),
        Metric(
            "avoidable_cost",
            _("Cost of avoidable contacts"),
            _(
                "For each avoidable reason, its contacts in the period times their channel's "
                "unit cost per contact (an assumed staff cost, not a measurement), in kroner. An "
                "estimate and a lower bound: contacts without a recorded reason are not "
                "counted."
            ),
            Unit.KRONER,
            _("Reason"),
            avoidable_cost,
        ),
        Metric(
            "selfservice_completion",
            _("Self-service completion rate"),
            _(
                "Self-service drafts submitted in the period divided by drafts started in "
                "the period, from the self-service funnel events."
            ),
            Unit.SHARE,
            _("Service"),
            selfservice_completion,
            NO_CHANNEL,
        ),
        Metric(
            "step_dropoff",
            _("Drop-off per step"),
            _(
                "For each self-service step, the drafts that were shown the step but did not "
                "complete it, divided by the drafts shown the step, in the period."
            ),
            Unit.SHARE,
            _("Step"),
            step_dropoff,
            NO_CHANNEL,
        ),
        Metric(
            "validation_errors",
            _("Validation errors per field"),
            _(
                "The number of validation errors citizens met in self-service in the period, "
                "per step and field."
            ),
            Unit.COUNT,
            _("Field"),
            validation_errors,
            NO_CHANNEL,
        ),
        Metric(
            "failure_demand",
            _("Failure demand"),
            _(
                "Contacts in the period linked to a self-service attempt (by staff with the "
                "citizen, or inferred for imported calls: a call about the same service "
                "within 3 days after an abandoned or failed attempt), per service, form "
                "version, step and field."
            ),
            Unit.COUNT,
            _("Step and field"),
            failure_demand,
        ),
        Metric(
            "failure_demand_minutes",
            _("Minutes of failure demand"),
            _(
                "The recorded minutes of the contacts in the period linked to a "
                "self-service attempt, per service, form version, step and field. "
                "Contacts without a recorded duration add no minutes."
            ),
            Unit.COUNT,
            _("Step and field"),
            failure_demand_minutes,
        ),
        Metric(
            "failure_demand_cost",
            _("Cost of failure demand"),
            _(
                "The contacts in the period linked to a self-service attempt, each times "
                "its channel's cost per contact, in kroner, per service, form version, "
                "step and field."
            ),
            Unit.KRONER,
            _("Step and field"),
            failure_demand_cost,
        ),
        Metric(
            "contacts_per_100_submissions",
            _("Contacts per 100 submissions"),
            _(
                "For each service and form version, the contacts in the period linked to a "
                "self-service attempt times 100, divided by the forms submitted in the "
                "period."
            ),
            Unit.COUNT,
            _("Service and version"),
            contacts_per_100_submissions,
        ),
        Metric(
            "sla_compliance",
            _("SLA compliance"),
            _(
                "Of the cases resolved in the period, the share resolved on or before their "
                "deadline (the deadline moves while a case waits for the citizen)."
            ),
            Unit.SHARE,
            _("Administration"),
            sla_compliance,
            NO_CHANNEL,
        ),
        Metric(
            "satisfaction",
            _("Satisfaction"),
            _(
                "The mean answer (1–5) to the satisfaction question of the surveys answered "
                "in the period; by score, each score's share of the answers. Not shown for "
                "fewer than 5 answers."
            ),
            Unit.SCORE,
            pgettext_lazy("survey answer", "Score"),
            satisfaction,
            NO_CHANNEL,
        ),
        Metric(
            "settled_in_one_contact",
            _("Settled in one contact (survey)"),
            _(
                "Of the surveys answered in the period, the share answering yes to "
                "“Did you settle your matter in this one contact?”. Not shown for "
                "fewer than 5 answers."
            ),
            Unit.SHARE,
            _("Survey after"),
            settled_in_one_contact,
            NO_CHANNEL,
        ),
        Metric(
            "survey_response_rate",
            _("Survey response rate"),
            _("Of the survey invitations made in the period, the share that has been answered."),
            Unit.SHARE,
            _("Survey after"),
            survey_response_rate,
            NO_CHANNEL,
        ),
        Metric(
            "no_show_rate",
            _("No-show rate"),
            _(
                "Of the past, not cancelled appointments that started in the period, the "
                "share where the citizen did not show up."
            ),
            Unit.SHARE,
            _("Centre and service"),
            no_show_rate,
            frozenset({"administration"}),
        ),
    ]
}


def metric(metric_id: str) -> Metric:
    return METRICS[metric_id]


def compute_all(ids: Iterable[str], period: Period, filters: Filters) -> dict[str, Value]:
    return {i: METRICS[i](period, filters) for i in ids}


def phone_calls(service: str, period: Period) -> tuple[int, float | None]:
    """Measured phone contacts of a service in a period and their mean
    duration in minutes (to prefill the business case)."""
    figures = contact_figures(period, Filters(service=service, channel=Channel.PHONE))
    calls = sum(f.count for f in figures)
    timed = sum(f.duration_count for f in figures)
    seconds = sum(f.duration_sum for f in figures)
    return calls, (seconds / 60 / timed) if timed else None
