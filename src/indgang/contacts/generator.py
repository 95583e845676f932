"""A year of synthetic contacts calibrated to Copenhagen (demo and benchmarks).

Copenhagen counts 13.07 M contacts a year: 5.38 M in person (3.8 M of them
library visits), 3.34 M by phone, 2.54 M written and 1.80 M digital; the
change-of-GP / health-card service alone caused 19,460 phone calls of about
8 minutes. ``generate(scale=...)`` reproduces those totals times the scale
exactly (to the nearest contact), spread over the catalogue's services with
weekday, opening-hour and seasonal patterns (January and August peaks, a
quiet July and Christmas, closed phones on holidays).

Citizens are pseudonymous keys of CPR numbers from the synthetic population,
so one citizen's contacts repeat. Some contacts are follow-ups of an earlier
one about the same matter within the re-contact window — more often a phone
call after a self-service attempt that failed — and the links are then
computed by the register's own rule, so the demo shows a re-contact share of
about 10–20 %.

Everything is vectorised with NumPy and written per matter with PostgreSQL
``COPY`` (plain inserts elsewhere); the same seed gives the same contacts.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl
from django.conf import settings
from django.db import connection, transaction

from indgang.catalogue import vocabulary
from indgang.contacts import partitions, recontact
from indgang.contacts.bulk import WRITE_COLUMNS, bulk_load, copy_rows, reserve_ids, worth_it
from indgang.contacts.constants import (
    LAEGESKIFT_CALL_SECONDS,
    LAEGESKIFT_PHONE_CALLS,
    YEARLY_CONTACTS,
    Channel,
    Outcome,
    Reason,
    Source,
)
from indgang.core import events
from indgang.core.models import Team
from indgang.core.pseudonym import citizen_key
from indgang.registers.models import Person

# slug, administration, team, yearly thousands: in person, phone, written, digital.
SERVICES: list[tuple[str, str, str, tuple[float, float, float, float]]] = [
    ("biblioteker", "kff", "biblioteker", (3800, 100, 80, 100)),
    ("idraet", "kff", "idraet", (250, 50, 40, 60)),
    ("pas", "kff", "borgerservice", (300, 150, 40, 150)),
    ("koerekort", "kff", "borgerservice", (150, 80, 30, 40)),
    ("sundhedskort", "kff", "borgerservice", (60, 60, 30, 120)),
    ("laegeskift", "kff", "borgerservice", (40, 0, 30, 250)),
    ("flytning", "kff", "borgerservice", (90, 90, 60, 300)),
    ("navnebeskyttelse", "kff", "borgerservice", (10, 15, 10, 20)),
    ("vuggestue", "buf", "pladsanvisning", (10, 180, 120, 150)),
    ("skoleindskrivning", "buf", "skoleindskrivning", (5, 80, 60, 60)),
    ("sundhedspleje", "buf", "sundhedspleje", (30, 60, 30, 10)),
    ("opkraevning", "okf", "opkraevning", (10, 200, 150, 40)),
    ("ejendomsskat", "okf", "ejendomsskat", (5, 100, 100, 20)),
    ("boernetilskud", "okf", "opkraevning", (5, 40, 40, 50)),
    ("hjemmehjaelp", "suf", "hjemmepleje", (20, 200, 100, 10)),
    ("plejebolig", "suf", "plejebolig", (10, 60, 50, 5)),
    ("genoptraening", "suf", "genoptraening", (40, 80, 40, 5)),
    ("boern-familie", "sof", "boern-familie", (20, 90, 80, 5)),
    ("handicap", "sof", "handicap", (10, 60, 80, 10)),
    ("hjemloeshed", "sof", "hjemloshed", (20, 20, 10, 0)),
    ("affald", "tmf", "affald", (5, 220, 150, 150)),
    ("beboerlicens", "tmf", "parkering", (10, 250, 150, 250)),
    ("byggeri", "tmf", "byggeri", (5, 80, 120, 60)),
    ("veje", "tmf", "veje", (0, 60, 100, 20)),
    ("jobcenter", "bif", "jobcenter", (350, 600, 400, 40)),
    ("kontanthjaelp", "bif", "ydelser", (80, 450, 350, 80)),
    ("enkeltydelse", "bif", "ydelser", (10, 20, 20, 30)),
    ("folkepension", "bif", "ydelser", (20, 120, 60, 50)),
    ("begravelseshjaelp", "bif", "ydelser", (5, 10, 10, 10)),
    ("integration", "bif", "integration", (120, 50, 40, 5)),
]
# Library visits are not identified; neither is every call or walk-in.
ANONYMOUS_SERVICES = frozenset({"biblioteker"})
WRITTEN_SPLIT = {
    Channel.WEB_FORM: 0.90,
    Channel.MESSAGE: 0.80,
    Channel.EMAIL: 0.55,
    Channel.LETTER: 0.19,
    Channel.CHAT: 0.10,
}
CHANNELS = [c.value for c in Channel]
GROUP_OF: dict[str, str] = {
    Channel.IN_PERSON: "in_person",
    Channel.PHONE: "phone",
    Channel.SELFSERVICE: "digital",
    **{c: "written" for c in WRITTEN_SPLIT},
}
IDENTIFIED: dict[str, float] = {
    Channel.SELFSERVICE: 1.0,
    Channel.WEB_FORM: 1.0,
    Channel.MESSAGE: 1.0,
    Channel.EMAIL: 0.6,
    Channel.LETTER: 0.8,
    Channel.CHAT: 0.4,
    Channel.PHONE: 0.55,
    Channel.IN_PERSON: 0.5,
}
# Share of identified contacts that follow up an earlier contact on the same matter.
FOLLOW_UP: dict[str, float] = {
    Channel.SELFSERVICE: 0.05,
    Channel.WEB_FORM: 0.15,
    Channel.MESSAGE: 0.25,
    Channel.EMAIL: 0.18,
    Channel.LETTER: 0.10,
    Channel.CHAT: 0.15,
    Channel.PHONE: 0.20,
    Channel.IN_PERSON: 0.12,
}
# Mean duration in seconds (lognormal) and spread; None: no duration (written).
DURATION: dict[str, tuple[float, float] | None] = {
    Channel.SELFSERVICE: (420, 0.6),
    Channel.WEB_FORM: None,
    Channel.MESSAGE: None,
    Channel.EMAIL: None,
    Channel.LETTER: None,
    Channel.CHAT: (480, 0.5),
    Channel.PHONE: (300, 0.6),
    Channel.IN_PERSON: (600, 0.5),
}
OUTCOMES = [Outcome.RESOLVED.value, Outcome.FORWARDED.value, Outcome.FOLLOW_UP.value]
OUTCOME_P: dict[str, tuple[float, float, float]] = {
    Channel.SELFSERVICE: (0.93, 0.0, 0.07),
    Channel.PHONE: (0.72, 0.15, 0.13),
    Channel.IN_PERSON: (0.80, 0.08, 0.12),
    Channel.CHAT: (0.75, 0.15, 0.10),
}
WRITTEN_OUTCOME_P = (0.55, 0.15, 0.30)
REASONS = [r.value for r in Reason]
# new_matter, guidance, supplement, chasing, not_understood, technical_error, wrong_details, other
REASON_P = (0.50, 0.24, 0.08, 0.05, 0.04, 0.01, 0.02, 0.06)
FOLLOW_UP_REASON_P = (0.0, 0.15, 0.12, 0.35, 0.20, 0.08, 0.05, 0.05)
AFTER_SELFSERVICE_REASON_P = (0.0, 0.15, 0.05, 0.10, 0.30, 0.35, 0.03, 0.02)

WEEKDAY = {  # Monday first
    "in_person": (1.15, 1.0, 1.0, 1.2, 0.85, 0.35, 0.15),
    "phone": (1.3, 1.1, 1.0, 1.05, 0.75, 0.0, 0.0),
    "written": (1.2, 1.1, 1.05, 1.0, 0.9, 0.35, 0.4),
    "digital": (1.15, 1.1, 1.05, 1.0, 0.85, 0.55, 0.7),
}
MONTH = (1.25, 1.0, 1.0, 0.95, 0.95, 0.95, 0.65, 1.2, 1.05, 1.0, 1.0, 0.85)
HOURS = {
    "in_person": {8: 0.3, 9: 0.8, 10: 1.2, 11: 1.2, 12: 1.1, 13: 1.1, 14: 1.0, 15: 0.9,
                  16: 0.8, 17: 0.6, 18: 0.4, 19: 0.2},
    "phone": {8: 0.6, 9: 1.3, 10: 1.4, 11: 1.2, 12: 1.0, 13: 1.0, 14: 0.8, 15: 0.3},
    "written": {h: (1.0 if 8 <= h <= 16 else 0.4 if 6 <= h <= 22 else 0.05) for h in range(24)},
    "digital": {h: (1.0 if 8 <= h <= 22 else 0.3 if 6 <= h <= 23 else 0.05) for h in range(24)},
}  # fmt: skip


@dataclass
class Summary:
    rows: int
    per_channel: dict[str, int]
    recontacts: int


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers in proportion to ``weights`` that sum exactly to ``total``."""
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:short]] += 1
    result: np.ndarray = counts
    return result


def channel_totals(scale: float) -> dict[str, int]:
    """Contacts per channel for a year at this scale; the groups match Copenhagen's
    figures to the nearest contact."""
    totals = {
        Channel.IN_PERSON.value: round(YEARLY_CONTACTS["in_person"] * scale),
        Channel.PHONE.value: round(YEARLY_CONTACTS["phone"] * scale),
        Channel.SELFSERVICE.value: round(YEARLY_CONTACTS["digital"] * scale),
    }
    written = _largest_remainder(
        round(YEARLY_CONTACTS["written"] * scale),
        np.array(list(WRITTEN_SPLIT.values()), dtype=np.float64),
    )
    for channel, count in zip(WRITTEN_SPLIT, written, strict=True):
        totals[channel.value] = int(count)
    return totals


def count_matrix(scale: float) -> dict[tuple[str, str], int]:
    """(service, channel) → contacts a year at this scale."""
    column = {"in_person": 0, "phone": 1, "written": 2, "digital": 3}
    counts: dict[tuple[str, str], int] = {}
    for channel, total in channel_totals(scale).items():
        weights = np.array([spec[3][column[GROUP_OF[channel]]] for spec in SERVICES], dtype=float)
        if channel == Channel.PHONE:
            fixed = round(LAEGESKIFT_PHONE_CALLS * scale)
            split = _largest_remainder(total - fixed, weights)
            split[[s[0] for s in SERVICES].index("laegeskift")] += fixed
        else:
            split = _largest_remainder(total, weights)
        for spec, count in zip(SERVICES, split, strict=True):
            if count:
                counts[(spec[0], channel)] = int(count)
    return counts


def _day_weights(year: int) -> tuple[np.ndarray, np.ndarray]:
    """Per channel group: the weight of each day of the year; and each day's UTC offset."""
    import holidays

    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    dates = [d.item() for d in days]
    closed = set(holidays.country_holidays("DK", years=year)) | {
        dt.date(year, 12, 24),
        dt.date(year, 12, 31),
    }
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    offsets = np.array(
        [
            int(dt.datetime.combine(d, dt.time(12), zone).utcoffset().total_seconds())  # type: ignore[union-attr]
            for d in dates
        ]
    )
    groups = list(WEEKDAY)
    weights = np.zeros((len(groups), len(dates)))
    for g, group in enumerate(groups):
        for i, day in enumerate(dates):
            w = WEEKDAY[group][day.weekday()] * MONTH[day.month - 1]
            if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day == 2):
                w *= 0.4
            if day in closed:
                w *= 0.5 if group == "digital" else 0.05 if group == "written" else 0.0
            weights[g, i] = w
        weights[g] /= weights[g].sum()
    return weights, offsets


def _hour_weights(group: str) -> np.ndarray:
    hours = np.array([HOURS[group].get(h, 0.0) for h in range(24)])
    result: np.ndarray = hours / hours.sum()
    return result


def citizen_pool(size: int, seed: int) -> list[str]:
    """Pseudonymous keys for ``size`` citizens: CPR numbers of the synthetic
    population first, then synthetic CPR numbers beyond it."""
    rng = np.random.default_rng(seed + 7)
    cprs = sorted(Person.objects.values_list("cpr", flat=True))
    if len(cprs) >= size:
        chosen = [cprs[i] for i in sorted(rng.choice(len(cprs), size, replace=False))]
    else:
        taken = set(cprs)
        chosen = list(cprs)
        while len(chosen) < size:
            need = size - len(chosen)
            births = np.datetime64("1930-01-01") + rng.integers(0, 28_000, need * 2)
            serials = rng.integers(5000, 10000, need * 2)
            for birth, serial in zip(births.tolist(), serials.tolist(), strict=True):
                number = f"{birth:%d%m%y}{serial:04d}"
                if number not in taken:
                    taken.add(number)
                    chosen.append(number)
                    if len(chosen) == size:
                        break
    return [citizen_key(c) for c in chosen]


class _Ids:
    """A block of primary keys reserved for the generated rows."""

    def __init__(self, count: int) -> None:
        self.next = reserve_ids(count)

    def take(self, count: int) -> np.ndarray:
        ids = np.arange(self.next, self.next + count, dtype=np.int64)
        self.next += count
        return ids


def _matter_rows(
    rng: np.random.Generator,
    services: list[tuple[str, str, str]],
    counts: dict[tuple[str, str], int],
    days: tuple[np.ndarray, np.ndarray],
    year_start: np.int64,
    pool_weights: np.ndarray,
    window_s: int,
) -> dict[str, np.ndarray]:
    """All contacts of one matter (a family of services) for the year."""
    day_weights, offsets = days
    groups = list(WEEKDAY)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("service", "channel", "at", "ident")}
    for s, (slug, _admin, _team) in enumerate(services):
        for c, name in enumerate(CHANNELS):
            n = counts.get((slug, name), 0)
            if not n:
                continue
            group = GROUP_OF[name]
            day = rng.choice(len(offsets), n, p=day_weights[groups.index(group)])
            hour = rng.choice(24, n, p=_hour_weights(group))
            seconds = rng.integers(0, 3600, n)
            at = year_start + day * 86_400 + hour * 3600 + seconds - offsets[day]
            share = 0.0 if slug in ANONYMOUS_SERVICES else IDENTIFIED[name]
            parts["service"].append(np.full(n, s, dtype=np.int16))
            parts["channel"].append(np.full(n, c, dtype=np.int8))
            parts["at"].append(at.astype(np.int64))
            parts["ident"].append(rng.random(n) < share)
    rows = {k: np.concatenate(v) for k, v in parts.items()}
    order = np.argsort(rows["at"], kind="stable")
    rows = {k: v[order] for k, v in rows.items()}
    n = len(rows["at"])
    rows["citizen"] = rng.choice(len(pool_weights), n, p=pool_weights).astype(np.int64)

    # Follow-ups: a contact repeats an earlier one of the same matter within
    # the window. A phone call often follows a self-service attempt.
    at, channel, ident = rows["at"], rows["channel"], rows["ident"]
    follow_p = np.array([FOLLOW_UP[Channel(c)] for c in CHANNELS])[channel]
    child = ident & (rng.random(n) < follow_p)
    parent = np.full(n, -1, dtype=np.int64)
    lo = np.searchsorted(at, at - window_s + 3600, side="left")
    candidates = np.flatnonzero(child & (lo < np.arange(n)))
    pick = lo[candidates] + (rng.random(len(candidates)) * (candidates - lo[candidates])).astype(
        np.int64
    )
    parent[candidates] = pick
    phone, selfservice = CHANNELS.index(Channel.PHONE), CHANNELS.index(Channel.SELFSERVICE)
    digital = np.flatnonzero(channel == selfservice)
    if len(digital):
        calls = np.flatnonzero(child & (channel == phone) & (rng.random(n) < 0.6))
        first = np.searchsorted(at[digital], at[calls] - window_s + 3600, side="left")
        last = np.searchsorted(at[digital], at[calls], side="left")
        has = last > first
        calls, first, last = calls[has], first[has], last[has]
        parent[calls] = digital[first + (rng.random(len(calls)) * (last - first)).astype(np.int64)]
    parent[parent >= 0] = np.where(ident[parent[parent >= 0]], parent[parent >= 0], -1)
    # A follow-up of a follow-up belongs to the first contact's citizen:
    # follow parent pointers to the root by pointer doubling.
    root = np.where(parent >= 0, parent, np.arange(n))
    while True:
        deeper = root[root]
        if np.array_equal(deeper, root):
            break
        root = deeper
    rows["citizen"] = rows["citizen"][root]
    rows["parent"] = parent
    return rows


def _attributes(
    rng: np.random.Generator, rows: dict[str, np.ndarray], window_s: int, laegeskift: int
) -> None:
    """Durations, outcomes, reasons and the re-contact links of one matter."""
    n = len(rows["at"])
    channel, parent = rows["channel"], rows["parent"]
    duration = np.full(n, -1, dtype=np.int64)
    for c, name in enumerate(CHANNELS):
        spec = DURATION[Channel(name)]
        where = np.flatnonzero(channel == c)
        if spec is None or not len(where):
            continue
        mean, sigma = spec
        if name == Channel.PHONE:
            # The lægeskift calls: ~8 minutes, some 15–20.
            calls = where[rows["service"][where] == laegeskift]
            rest = where[rows["service"][where] != laegeskift]
            mu = np.log(LAEGESKIFT_CALL_SECONDS) - 0.5**2 / 2
            duration[calls] = np.rint(rng.lognormal(mu, 0.5, len(calls)))
            where = rest
        mu = np.log(mean) - sigma**2 / 2
        duration[where] = np.rint(rng.lognormal(mu, sigma, len(where)))
    rows["duration"] = duration

    outcome = np.zeros(n, dtype=np.int8)
    for c, name in enumerate(CHANNELS):
        where = np.flatnonzero(channel == c)
        p = OUTCOME_P.get(Channel(name), WRITTEN_OUTCOME_P)
        outcome[where] = rng.choice(3, len(where), p=p)
    # A contact someone had to follow up was less often resolved.
    followed = np.unique(parent[parent >= 0])
    unresolved = followed[rng.random(len(followed)) < 0.6]
    outcome[unresolved] = rng.choice([1, 2], len(unresolved), p=[0.3, 0.7])
    selfservice = CHANNELS.index(Channel.SELFSERVICE)
    outcome[unresolved[channel[unresolved] == selfservice]] = 2
    rows["outcome"] = outcome

    reason = rng.choice(len(REASONS), n, p=REASON_P).astype(np.int8)
    children = np.flatnonzero(parent >= 0)
    after_digital = children[channel[parent[children]] == selfservice]
    other = children[channel[parent[children]] != selfservice]
    reason[other] = rng.choice(len(REASONS), len(other), p=FOLLOW_UP_REASON_P)
    reason[after_digital] = rng.choice(
        len(REASONS), len(after_digital), p=AFTER_SELFSERVICE_REASON_P
    )
    rows["reason"] = reason


def _frame(
    rows: dict[str, np.ndarray],
    ids: np.ndarray,
    services: list[tuple[str, str, str]],
    teams: dict[tuple[str, str], int],
    keys: pl.Series,
) -> pl.DataFrame:
    def pick(values: list[object], index: np.ndarray) -> pl.Series:
        return pl.Series(values).gather(index)

    service = rows["service"]
    team_ids = [teams.get((s[1], s[2])) for s in services]
    return pl.DataFrame(
        {
            "id": ids,
            "channel": pick(list(CHANNELS), rows["channel"]),
            "service": pick([s[0] for s in services], service),
            "administration_id": pick([s[1] for s in services], service),
            "team_id": pick(team_ids, service),  # type: ignore[arg-type]
            "citizen_key": keys.gather(rows["citizen"]),
            "ident": rows["ident"],
            "started_at": rows["at"] * 1_000_000,
            "duration_s": rows["duration"],
            "outcome": pick(list(OUTCOMES), rows["outcome"]),
            "reason": pick(list(REASONS), rows["reason"]),
        }
    ).select(
        "id",
        "channel",
        "service",
        "administration_id",
        "team_id",
        pl.when("ident").then("citizen_key").otherwise(pl.lit("")).alias("citizen_key"),
        pl.col("started_at").cast(pl.Datetime("us", "UTC")),
        pl.col("duration_s").replace(-1, None),
        "outcome",
        pl.when(pl.col("service").is_in(list(ANONYMOUS_SERVICES)))
        .then(pl.lit(""))
        .otherwise("reason")
        .alias("reason"),
        pl.lit(Source.DEMO.value).alias("source"),
        pl.lit("").alias("source_ref"),
    )


def _write(frame: pl.DataFrame) -> None:
    frame = frame.select(WRITE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_rows("contacts_contact", WRITE_COLUMNS, frame)
            return
        rows = frame.with_columns(pl.col("started_at").dt.strftime("%Y-%m-%d %H:%M:%S")).rows()
        placeholders = ", ".join(["%s"] * len(WRITE_COLUMNS))
        statement = (
            f"INSERT INTO contacts_contact ({', '.join(WRITE_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
        )
        for start in range(0, len(rows), 20_000):
            cursor.executemany(statement, rows[start : start + 20_000])


def delete_demo(year: int) -> int:
    """Remove the demo contacts of a year (links to them from others are cleared)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    from indgang.contacts.models import Contact

    demo = Contact.objects.filter(source=Source.DEMO, started_at__gte=start, started_at__lt=end)
    with transaction.atomic():
        Contact.objects.filter(earlier_contact__in=demo).exclude(
            source=Source.DEMO, started_at__gte=start, started_at__lt=end
        ).update(earlier_contact=None)
        deleted = demo._raw_delete(demo.db)
    return int(deleted)


def generate(
    *,
    scale: float,
    year: int,
    seed: int = 1,
    replace: bool = True,
    progress: Callable[[str], object] | None = None,
) -> Summary:
    """Generate and store a year of synthetic contacts; returns what was written."""
    say = progress or (lambda _text: None)
    counts = count_matrix(scale)
    total = sum(counts.values())
    rng = np.random.default_rng(seed)
    window_s = int(recontact.window().total_seconds())
    pool_size = max(200, round(650_000 * scale))
    keys = pl.Series(citizen_pool(pool_size, seed), dtype=pl.Utf8)
    pool_weights = rng.lognormal(0, 1, len(keys))
    pool_weights /= pool_weights.sum()
    days = _day_weights(year)
    year_start = np.int64(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp())
    teams = {(t.administration_id, t.slug): t.pk for t in Team.objects.all()}
    matters: dict[str, list[tuple[str, str, str]]] = {}
    for slug, administration, team, _weights in SERVICES:
        matters.setdefault(vocabulary.topic_of(slug), []).append((slug, administration, team))
    per_channel = dict.fromkeys(CHANNELS, 0)
    recontacts = 0
    # The year's months get their partitions first (PostgreSQL; contacts.partitions).
    partitions.cover(dt.date(year, 1, 1), dt.date(year, 12, 1))
    big = worth_it(total)
    started = time.perf_counter()
    with transaction.atomic(), bulk_load(total, bulk=big):
        if replace:
            removed = delete_demo(year)
            if removed:
                say(f"Removed {removed} earlier demo contacts of {year}.")
        ids = _Ids(total)
        for topic, services in matters.items():
            rows = _matter_rows(rng, services, counts, days, year_start, pool_weights, window_s)
            slugs = [s[0] for s in services]
            laegeskift = slugs.index("laegeskift") if "laegeskift" in slugs else -1
            _attributes(rng, rows, window_s, laegeskift)
            # The register's rule links the re-contacts, as for any contact.
            frame = recontact.link_frame(
                _frame(rows, ids.take(len(rows["at"])), services, teams, keys)
            )
            _write(frame)
            for c, count in zip(*np.unique(rows["channel"], return_counts=True), strict=True):
                per_channel[CHANNELS[c]] += int(count)
            recontacts += int(frame["earlier_contact_id"].is_not_null().sum())
            say(f"  {topic}: {frame.height} contacts")
        say(f"Generated and written in {time.perf_counter() - started:.1f} s.")
        started = time.perf_counter()
        if big:
            say("Rebuilding indexes and foreign keys …")
    say(f"Indexes, keys and commit: {time.perf_counter() - started:.1f} s.")
    started = time.perf_counter()
    warning = _refresh(year)
    say(warning or f"Insights daily figures rebuilt in {time.perf_counter() - started:.1f} s.")
    return Summary(total, per_channel, recontacts)


def _refresh(year: int) -> str:
    from indgang.contacts.importer import refresh_insights

    return refresh_insights(dt.date(year, 1, 1), dt.date(year, 12, 31))


def load_demo_contacts(scale: float | None = None, seed: int = 1) -> str:
    """`indgang demo load`: this year's synthetic contacts, once (scale from
    DEMO_CONTACTS_SCALE). Returns a line for the command's output."""
    from django.utils import timezone

    from indgang.contacts.models import Contact

    scale = settings.DEMO_CONTACTS_SCALE if scale is None else scale
    year = timezone.localdate().year
    if scale <= 0:
        return "Demo contacts: none (DEMO_CONTACTS_SCALE is 0)."
    if Contact.objects.filter(source=Source.DEMO).exists():
        return "Demo contacts already loaded (indgang contacts generate replaces them)."
    summary = generate(scale=scale, year=year, seed=seed)
    # A demo shows what has happened: the rest of this year is not generated
    # history yet (`indgang contacts generate` keeps the whole calendar year).
    now = timezone.now()
    future, _ = Contact.objects.filter(source=Source.DEMO, started_at__gt=now).delete()
    if future:
        events.publish(
            events.ContactsChanged(first=timezone.localdate(now), last=dt.date(year, 12, 31))
        )
    return (
        f"Demo contacts for {year} up to today: {summary.rows - future} at scale {scale:g} "
        f"({summary.recontacts} linked as re-contacts in the whole year)."
    )
