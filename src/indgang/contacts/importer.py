"""Import telephony and contact-centre exports (CSV) into the contact register.

The whole file is parsed and checked column by column with Polars before
anything is written. One bad row stops the import with a message per bad
row (line, column, value, what is wrong) and nothing is written. Good files
are written in one transaction: on PostgreSQL with ``COPY`` into a temporary
table and one ``INSERT … SELECT … ON CONFLICT DO NOTHING``; elsewhere with
``bulk_create``. Every row gets ``source_ref`` = source name + the row id
column (or a hash of the row), so importing the same file twice adds
nothing. Re-contacts are linked in bulk afterwards (``link_imported``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from indgang.catalogue import queries as catalogue
from indgang.catalogue import vocabulary
from indgang.contacts import bulk, recontact, services
from indgang.contacts.constants import (
    CHANNEL_ALIASES,
    INFERENCE_DAYS,
    OUTCOME_ALIASES,
    REASON_ALIASES,
    Channel,
    Outcome,
    RecontactStatus,
    Source,
)
from indgang.contacts.models import Contact
from indgang.core import events
from indgang.core.cpr import PATTERN as CPR_PATTERN
from indgang.core.cpr import clean_cpr
from indgang.core.models import Administration, Team
from indgang.core.pseudonym import citizen_key

logger = logging.getLogger(__name__)

# Contact fields a column can be mapped onto; row_id makes source_ref.
FIELDS = (
    "started_at",
    "channel",
    "service",
    "administration",
    "team",
    "cpr",
    "citizen_key",
    "duration_s",
    "outcome",
    "reason",
    "row_id",
)
REQUIRED = ("started_at",)
# Tried in order when no --date-format is given.
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
MAX_ERRORS_LISTED = 50
COPY_COLUMNS = bulk.COPY_COLUMNS


# Links imported contacts to earlier cases; {family} becomes VALUES placeholders.
LINK_CASES_SQL = """
WITH family(service, topic) AS (VALUES {family})
UPDATE contacts_contact t
SET earlier_case_id = (
        SELECT cs.id FROM cases_case cs JOIN cases_topic tp ON tp.id = cs.topic_id
        WHERE cs.citizen_key = t.citizen_key
          AND tp.slug = COALESCE(
              (SELECT f.topic FROM family f WHERE f.service = t.service), t.service)
          AND cs.created_at BETWEEN t.started_at - make_interval(days => %s)
                                AND t.started_at
        ORDER BY cs.created_at DESC LIMIT 1),
    recontact_status = %s
WHERE t.id BETWEEN %s AND %s AND t.citizen_key <> '' AND t.service <> ''
  AND EXISTS (
      SELECT 1 FROM cases_case cs JOIN cases_topic tp ON tp.id = cs.topic_id
      WHERE cs.citizen_key = t.citizen_key
        AND tp.slug = COALESCE(
            (SELECT f.topic FROM family f WHERE f.service = t.service), t.service)
        AND cs.created_at BETWEEN t.started_at - make_interval(days => %s)
                              AND t.started_at)
"""


@dataclass
class Mapping:
    """Which CSV column feeds which contact field, and how values read."""

    columns: dict[str, str] = field(default_factory=dict)
    # Per field: the file's value → Indgang's value (e.g. a queue name → service slug).
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    channel: str = ""
    delimiter: str = ","
    date_format: str = ""
    source_name: str = "import"
    timezone: str = ""

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise MappingError(_("The mapping file must hold a JSON object."))
        known = {"columns", "values", "channel", "delimiter", "date_format", "source_name"}
        unknown = set(data) - known - {"timezone"}
        if unknown:
            raise MappingError(
                _("The mapping file has unknown keys: %(keys)s.") % {"keys": ", ".join(unknown)}
            )
        mapping = cls(**data)
        mapping.check()
        return mapping

    def check(self) -> None:
        wrong = [name for name in self.columns if name not in FIELDS]
        if wrong:
            raise MappingError(
                _("Unknown contact field(s) in the mapping: %(fields)s. Known fields: %(known)s.")
                % {"fields": ", ".join(wrong), "known": ", ".join(FIELDS)}
            )
        if self.channel and self.channel not in Channel.values:
            raise MappingError(_("Unknown channel “%(value)s”.") % {"value": self.channel})
        if len(self.delimiter) != 1:
            raise MappingError(_("The delimiter must be one character."))
        if not self.source_name.strip() or len(self.source_name) > 40:
            raise MappingError(_("The source name must be 1–40 characters."))

    def column(self, name: str) -> str | None:
        return self.columns.get(name)


class MappingError(ValueError):
    pass


@dataclass(frozen=True)
class RowError:
    line: int  # line in the file; the header is line 1
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if self.column == "-":  # about the whole file
            return self.message
        where = (
            _("Line %(line)s, column “%(column)s”") % {"line": self.line, "column": self.column}
            if self.line
            else _("Column “%(column)s”") % {"column": self.column}
        )
        value = f" “{self.value}”" if self.value else ""
        return f"{where}:{value} {self.message}"


class ImportRefused(ValueError):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError], total: int) -> None:
        super().__init__(f"{total} error(s)")
        self.errors = errors
        self.total = total


@dataclass
class ImportResult:
    rows: int
    imported: int
    already_known: int
    first_day: dt.date | None
    last_day: dt.date | None
    dry_run: bool = False
    warning: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    # Imported contacts linked to the self-service attempt before them (inferred).
    attempt_links: int = 0


def _file_problem(message: str) -> ImportRefused:
    return ImportRefused([RowError(0, "-", "", message)], 1)


def _read(path: Path | str, delimiter: str) -> pl.DataFrame:
    raw = Path(path).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(head) >= 8 and head[1::2].count(0) > len(head) // 4
    ):
        raise _file_problem(
            _("The file is saved as UTF-16 (Unicode). Save it as CSV in UTF-8 and try again.")
        )
    if b"\x00" in head or head.startswith(b"PK\x03\x04"):
        raise _file_problem(
            _(
                "The file is not a text file (it may be an Excel workbook). "
                "Save it as CSV in UTF-8 and try again."
            )
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        # Older Danish exports are Windows-1252.
        raw = raw.decode("cp1252").encode("utf-8")
    return pl.read_csv(
        io.BytesIO(raw),
        separator=delimiter,
        infer_schema=False,
        truncate_ragged_lines=False,
    )


def _other_delimiter(header: list[str], mapping: Mapping) -> str | None:
    """The delimiter the file uses when it is not the one given: the header
    read as one column splits into the mapped columns on another character."""
    if len(header) != 1:
        return None
    wanted = set(mapping.columns.values())
    for candidate in (",", ";", "\t", "|"):
        if candidate != mapping.delimiter and wanted <= set(header[0].split(candidate)):
            return candidate
    return None


# Ten digits, maybe with a hyphen after six: what must never be stored outside
# the pseudonymous key, nor repeated in an error message.
CPR_LIKE = r"(?:^|\D)\d{6}-?\d{4}(?:\D|$)"
CPR_MASK = re.compile(r"\d{6}-?\d{4}")


def _valid_cpr(digits: str) -> bool:
    try:
        clean_cpr(digits)
    except ValidationError:
        return False
    return True


def _hash_keys(values: Iterable[str]) -> dict[str, str]:
    return {value: citizen_key(value) for value in values}


class _Checker:
    """Collects errors column by column without looping over rows in Python."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.lines = pl.int_range(2, frame.height + 2, eager=True)
        self.errors: list[RowError] = []
        self.total = 0

    def add(self, bad: pl.Series, raw: pl.Series, column: str, message: str) -> None:
        count = int(bad.sum())
        if not count:
            return
        self.total += count
        room = MAX_ERRORS_LISTED - len(self.errors)
        if room <= 0:
            return
        lines = self.lines.filter(bad).head(room).to_list()
        values = raw.filter(bad).head(room).to_list()
        for line, value in zip(lines, values, strict=True):
            shown = CPR_MASK.sub("XXXXXX-XXXX", str(value))[:80]
            self.errors.append(RowError(line, column, shown, message))


def _duration_seconds(raw: pl.Series) -> pl.Series:
    """Whole seconds, or [h:]mm:ss as telephony systems print them."""
    parts = raw.str.strip_chars().str.split(":")
    frame = pl.DataFrame({"text": raw.str.strip_chars(), "parts": parts})
    number = [
        pl.col("parts").list.get(i, null_on_oob=True).cast(pl.Int64, strict=False) for i in range(3)
    ]
    count = pl.col("parts").list.len()
    return frame.select(
        pl.col("text")
        .cast(pl.Int64, strict=False)
        .fill_null(
            pl.when(count == 3)
            .then(number[0] * 3600 + number[1] * 60 + number[2])
            .when(count == 2)
            .then(number[0] * 60 + number[1])
            .otherwise(None)
        )
    ).to_series()


def _parse_dates(raw: pl.Series, date_format: str, zone: str) -> pl.Series:
    text = raw.str.strip_chars()
    formats = [date_format] if date_format else list(DATE_FORMATS)
    parsed = pl.Series([None] * len(text), dtype=pl.Datetime("us"))
    for fmt in formats:
        parsed = parsed.fill_null(text.str.strptime(pl.Datetime("us"), fmt, strict=False))
    # Times in the spring-forward gap do not exist locally; read them an hour later.
    local = parsed.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
    shifted = (parsed + pl.duration(hours=1)).dt.replace_time_zone(
        zone, ambiguous="earliest", non_existent="null"
    )
    return local.fill_null(shifted).dt.convert_time_zone("UTC")


def parse(path: Path | str, mapping: Mapping) -> pl.DataFrame:
    """Read and check the file; returns the rows ready to write.

    Raises ``ImportRefused`` listing the bad rows when any row is bad.
    """
    mapping.check()
    try:
        frame = _read(path, mapping.delimiter)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as error:
        if isinstance(error, pl.exceptions.NoDataError):
            raise _file_problem(_("The file is empty.")) from error
        raise ImportRefused(
            [
                RowError(
                    0, "-", "", _("The file cannot be read as CSV: %(error)s") % {"error": error}
                )
            ],
            1,
        ) from error
    header = frame.columns
    other = _other_delimiter(header, mapping)
    if other is not None:
        shown = {"\t": "tab"}.get
        raise _file_problem(
            _(
                "The columns in the file are separated by “%(found)s”, not “%(given)s”. "
                "Give the right separator with --delimiter."
            )
            % {"found": shown(other, other), "given": shown(mapping.delimiter, mapping.delimiter)}
        )
    missing = [
        RowError(
            0,
            column,
            "",
            _("The column is missing from the file (it is mapped to “%(field)s”).")
            % {"field": name},
        )
        for name, column in mapping.columns.items()
        if column not in header
    ]
    for name in REQUIRED:
        if not mapping.column(name):
            missing.append(RowError(0, name, "", _("No column is mapped to this required field.")))
    if not mapping.channel and not mapping.column("channel"):
        missing.append(
            RowError(0, "channel", "", _("Map a channel column or give the channel (--channel)."))
        )
    if missing:
        raise ImportRefused(missing, len(missing))
    check = _Checker(frame)
    height = frame.height

    def raw(name: str) -> pl.Series:
        column = mapping.column(name)
        values = frame[column] if column else pl.Series([""] * height, dtype=pl.Utf8)
        mapped = mapping.values.get(name)
        if mapped:
            values = values.replace(mapped)
        return values.fill_null("")

    def label(name: str) -> str:
        return mapping.column(name) or name

    started_raw = raw("started_at")
    started = _parse_dates(started_raw, mapping.date_format, mapping.timezone or settings.TIME_ZONE)
    wanted = mapping.date_format or "YYYY-MM-DD HH:MM[:SS]"
    check.add(
        started.is_null() & (started_raw.str.strip_chars() != ""),
        started_raw,
        label("started_at"),
        _("is not a date and time (expected format %(format)s).") % {"format": wanted},
    )
    check.add(
        started_raw.str.strip_chars() == "",
        started_raw,
        label("started_at"),
        _("The start time is missing."),
    )

    channel_raw = raw("channel")
    channel = channel_raw.str.strip_chars().str.to_lowercase()
    if mapping.channel:
        channel = channel.replace("", mapping.channel)
    channel = channel.replace_strict(CHANNEL_ALIASES, default=None, return_dtype=pl.Utf8)
    check.add(
        channel.is_null(),
        channel_raw,
        label("channel"),
        _("is not a known channel (e.g. telefon, personligt fremmøde, e-mail, selvbetjening)."),
    )

    outcome_raw = raw("outcome")
    outcome = (
        outcome_raw.str.strip_chars()
        .str.to_lowercase()
        .replace("", Outcome.RESOLVED.value)
        .replace_strict(OUTCOME_ALIASES, default=None)
    )
    check.add(
        outcome.is_null(),
        outcome_raw,
        label("outcome"),
        _("is not a known outcome (løst, videresendt, opfølgning)."),
    )

    reason_raw = raw("reason")
    reason = (
        reason_raw.str.strip_chars()
        .str.to_lowercase()
        .replace_strict({"": "", **REASON_ALIASES}, default=None)
    )
    check.add(reason.is_null(), reason_raw, label("reason"), _("is not a known reason code."))

    duration_raw = raw("duration_s")
    duration = _duration_seconds(duration_raw)
    check.add(
        (duration.is_null() & (duration_raw.str.strip_chars() != ""))
        | (duration < 0).fill_null(False),
        duration_raw,
        label("duration_s"),
        _("is not a duration (whole seconds or mm:ss)."),
    )

    cpr_raw = raw("cpr")
    cpr = cpr_raw.str.replace_all(r"[\s-]", "")
    ten_digits = cpr.str.contains(CPR_PATTERN)
    bad_dates = [v for v in cpr.filter(ten_digits).unique().to_list() if not _valid_cpr(v)]
    check.add(
        (cpr != "") & (~ten_digits | cpr.is_in(bad_dates)),
        cpr_raw,
        label("cpr"),
        _("is not a CPR number (10 digits, the first six a date)."),
    )
    key_raw = raw("citizen_key").str.strip_chars()
    check.add(
        (key_raw != "") & ~key_raw.str.contains(r"^[0-9a-f]{64}$"),
        key_raw,
        label("citizen_key"),
        _("is not a pseudonymous citizen key (64 hexadecimal characters)."),
    )

    service_raw = raw("service").str.strip_chars()
    # A value is a known service by its slug or its name: the catalogue's
    # vocabulary (services, topics, forms, bookable services) and its families.
    known = {slug: slug for pair in vocabulary.SERVICE_TOPICS.items() for slug in pair}
    known |= {name: slug for name, slug in vocabulary.BOOKING_SERVICES.items()}
    known |= {slug: slug for slug in vocabulary.BOOKING_SERVICES.values()}
    for slug, entry in catalogue.known_services().items():
        known[slug] = slug
        known.setdefault(entry.name.strip().lower(), slug)
    services = {
        value: known.get(value.lower()) or known.get(vocabulary.slug_for(value))
        for value in service_raw.unique().to_list()
        if value
    }
    service = service_raw.replace_strict(services, default="", return_dtype=pl.Utf8)
    check.add(
        service.is_null(),
        service_raw,
        label("service"),
        _(
            "is not a known service. Use a service's name or short name from the catalogue, "
            "or map the file's value to one (“values” in the mapping file)."
        ),
    )
    service = service.fill_null("")
    found = {slug for slug in services.values() if slug}

    administration_raw = raw("administration").str.strip_chars().str.to_lowercase()
    known_administrations = set(Administration.objects.values_list("code", flat=True))
    check.add(
        (administration_raw != "") & ~administration_raw.is_in(list(known_administrations)),
        administration_raw,
        label("administration"),
        _("is not an administration code (okf, kff, buf, suf, sof, tmf, bif)."),
    )
    # Administration and team default to the service's owners; a team
    # column names a team of the row's administration.
    homes = {slug: catalogue.home_of(slug) for slug in found}
    home_administration = service.replace_strict(
        {slug: home[0] or "" for slug, home in homes.items()}, default="", return_dtype=pl.Utf8
    )
    home_team = service.replace_strict(
        {slug: home[1] for slug, home in homes.items()}, default=None, return_dtype=pl.Int64
    )
    team_raw = raw("team").str.strip_chars()
    teams = {f"{t.administration_id}/{t.slug}": t.pk for t in Team.objects.all()}
    resolved = pl.DataFrame(
        {
            "given": administration_raw,
            "home": home_administration,
            "home_team": home_team,
            "team": team_raw,
        }
    ).select(
        administration=pl.when(pl.col("given") != "").then("given").otherwise("home"),
        team=pl.when(pl.col("team") != "")
        .then(
            pl.concat_str(
                [pl.when(pl.col("given") != "").then("given").otherwise("home"), "team"],
                separator="/",
            ).replace_strict(teams, default=None, return_dtype=pl.Int64)
        )
        .when(pl.col("given") == "")
        .then("home_team")
        .otherwise(None),
    )
    administration = resolved["administration"]
    team = resolved["team"]
    check.add(
        (team_raw != "") & team.is_null(),
        team_raw,
        label("team"),
        _("is not a team of the row's administration."),
    )

    if check.total:
        raise ImportRefused(check.errors, check.total)

    unique_cprs = cpr.filter(cpr != "").unique().to_list()
    keys = _hash_keys(unique_cprs)
    citizen = cpr.replace_strict(keys, default="").zip_with(cpr != "", key_raw)

    prefix = f"{mapping.source_name.strip()}:"
    if mapping.column("row_id"):
        row_id = raw("row_id").str.strip_chars()
        check.add(row_id == "", row_id, label("row_id"), _("The row id is missing."))
        check.add(
            row_id.str.contains(CPR_LIKE),
            row_id,
            label("row_id"),
            _("looks like a CPR number; a row id must not hold one."),
        )
        refs = prefix + row_id
    else:
        joined = frame.select(
            pl.concat_str([pl.col(c).fill_null("") for c in header], separator="\x1f")
        ).to_series()
        refs = pl.Series(
            [prefix + hashlib.sha1(v.encode()).hexdigest() for v in joined.to_list()],  # noqa: S324
            dtype=pl.Utf8,
        )
    check.add(
        refs.str.len_chars() > 120,
        refs,
        label("row_id"),
        _("The row id is too long (120 characters)."),
    )
    if mapping.column("row_id"):
        check.add(
            refs.is_duplicated(),
            refs,
            label("row_id"),
            _("The row id appears more than once in the file."),
        )
    if check.total:
        raise ImportRefused(check.errors, check.total)

    rows = pl.DataFrame(
        {
            "channel": channel,
            "service": service.str.slice(0, 80),
            "administration_id": administration.replace("", None),
            "team_id": team,
            "citizen_key": citizen,
            "started_at": started,
            "duration_s": duration,
            "outcome": outcome,
            "reason": reason,
            "source": pl.Series([Source.IMPORT.value] * height, dtype=pl.Utf8),
            "source_ref": refs,
        }
    )
    # Identical rows without a row id are one contact (the same hash).
    return rows.unique(subset="source_ref", keep="first", maintain_order=True)


def import_file(path: Path | str, mapping: Mapping, *, dry_run: bool = False) -> ImportResult:
    """Check the whole file, then write it in one transaction (or not at all)."""
    clock = _Clock()
    rows = parse(path, mapping)
    clock.lap("parse and check")
    first = last = None
    if rows.height:
        local = rows["started_at"].dt.convert_time_zone(settings.TIME_ZONE)
        first, last = local.min().date(), local.max().date()  # type: ignore[union-attr]
    if dry_run:
        return ImportResult(rows.height, 0, 0, first, last, dry_run=True, timings=clock.laps)
    postgresql = connection.vendor == "postgresql"
    result_attempts = 0
    with transaction.atomic():
        fresh = rows.filter(~pl.col("source_ref").is_in(_known_refs(rows, postgresql)))
        clock.lap("skip known rows")
        if fresh.height:
            start = bulk.reserve_ids(fresh.height)
            fresh = fresh.with_columns(
                id=pl.int_range(start, start + fresh.height, dtype=pl.Int64, eager=True)
            )
            fresh = recontact.link_frame(fresh, _earlier_candidates(fresh, postgresql))
            clock.lap("link re-contacts")
            if postgresql:
                with bulk.bulk_load(fresh.height):
                    bulk.copy_rows("contacts_contact", WRITE_COLUMNS, fresh)
                    clock.lap("write (COPY)")
                clock.lap("indexes")
            else:
                _insert(fresh)
                clock.lap("write")
            link_cases(start, start + fresh.height - 1)
            clock.lap("link cases")
            if first and last:
                # Calls soon after a failed self-service attempt at the same
                # service are linked to it (inferred, the rule stated).
                result_attempts = link_attempts_after_import(first, last)
                clock.lap("link self-service attempts")
    clock.lap("commit")
    result = ImportResult(
        rows.height, fresh.height, rows.height - fresh.height, first, last, timings=clock.laps
    )
    result.attempt_links = result_attempts
    if fresh.height and first and last:
        result.warning = refresh_insights(first, last)
        clock.lap("insights rollup")
    return result


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


WRITE_COLUMNS = bulk.WRITE_COLUMNS


def _known_refs(rows: pl.DataFrame, postgresql: bool) -> list[str]:
    """The rows' source_refs that are already in the register."""
    if not postgresql:
        refs = rows["source_ref"].to_list()
        known: list[str] = []
        for start in range(0, len(refs), 500):
            known.extend(
                Contact.objects.filter(
                    source=Source.IMPORT, source_ref__in=refs[start : start + 500]
                ).values_list("source_ref", flat=True)
            )
        return known
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE contacts_import_refs (source_ref text) ON COMMIT DROP")
        bulk.copy_rows("contacts_import_refs", ["source_ref"], rows.select("source_ref"))
        cursor.execute("ANALYZE contacts_import_refs")
        cursor.execute(
            "SELECT r.source_ref FROM contacts_import_refs r JOIN contacts_contact c"
            " ON c.source = %s AND c.source_ref = r.source_ref AND c.source_ref <> ''",
            [Source.IMPORT.value],
        )
        known = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE contacts_import_refs")
    return known


def _earlier_candidates(rows: pl.DataFrame, postgresql: bool) -> pl.DataFrame:
    """Contacts already in the register that new rows may repeat: the same
    citizens, within the window before the file's first contact."""
    keyed = rows.filter((pl.col("citizen_key") != "") & (pl.col("service") != ""))
    types: dict[str, Any] = {
        "id": pl.Int64,
        "citizen_key": pl.Utf8,
        "service": pl.Utf8,
        "started_at": pl.Datetime("us", "UTC"),
    }
    schema = pl.Schema(types)
    if not keyed.height:
        return pl.DataFrame(schema=schema)
    since = keyed["started_at"].min() - recontact.window()  # type: ignore[operator]
    until = keyed["started_at"].max()
    keys = keyed.select("citizen_key").unique()
    window: list[Any] = [since, until]
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE contacts_import_keys (citizen_key text) ON COMMIT DROP"
            )
            bulk.copy_rows("contacts_import_keys", ["citizen_key"], keys)
            cursor.execute("ANALYZE contacts_import_keys")
            cursor.execute(
                "SELECT c.id, c.citizen_key, c.service, c.started_at FROM contacts_contact c"
                " JOIN contacts_import_keys k ON k.citizen_key = c.citizen_key"
                " WHERE c.started_at BETWEEN %s AND %s AND c.service <> ''",
                window,
            )
            found = cursor.fetchall()
            cursor.execute("DROP TABLE contacts_import_keys")
    else:
        values = keys["citizen_key"].to_list()
        found = []
        for start in range(0, len(values), 500):
            found.extend(
                Contact.objects.filter(
                    citizen_key__in=values[start : start + 500],
                    started_at__gte=since,
                    started_at__lte=until,
                )
                .exclude(service="")
                .values_list("id", "citizen_key", "service", "started_at")
            )
    return pl.DataFrame(found, schema=schema, orient="row")


def _insert(rows: pl.DataFrame) -> None:
    values = rows.select(WRITE_COLUMNS).with_columns(
        pl.col("started_at").dt.strftime("%Y-%m-%d %H:%M:%S")
    )
    placeholders = ", ".join(["%s"] * len(WRITE_COLUMNS))
    statement = (
        f"INSERT INTO contacts_contact ({', '.join(WRITE_COLUMNS)})"  # noqa: S608
        f" VALUES ({placeholders})"
    )
    with connection.cursor() as cursor:
        # Earlier rows first, so a link always points at a row already written.
        ordered = values.sort("started_at", "id").rows()
        for start in range(0, len(ordered), 5000):
            cursor.executemany(statement, ordered[start : start + 5000])


def link_cases(first_id: int, last_id: int) -> None:
    """Link imported contacts (ids ``first_id``..``last_id``) to the citizen's
    earlier case on the same matter within the window."""
    if connection.vendor == "postgresql":
        placeholders, family = _family_values()
        days = recontact.window().days
        with connection.cursor() as cursor:
            cursor.execute(
                LINK_CASES_SQL.replace("{family}", placeholders),
                [*family, days, RecontactStatus.SUGGESTED.value, first_id, last_id, days],
            )
        return
    for contact in Contact.objects.filter(id__gte=first_id, id__lte=last_id).exclude(
        citizen_key=""
    ):
        case = recontact.earlier_case(contact)
        if case is not None:
            contact.earlier_case = case
            contact.recontact_status = RecontactStatus.SUGGESTED
            contact.save(update_fields=["earlier_case", "recontact_status"])


def link_attempts_after_import(first: dt.date, last: dt.date) -> int:
    """Infer the self-service attempts behind the imported days' calls."""
    zone = ZoneInfo(settings.TIME_ZONE)
    window = dt.timedelta(days=INFERENCE_DAYS)
    since = dt.datetime.combine(first, dt.time(), tzinfo=zone) - window
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return services.infer_attempt_links(since, until)


def refresh_insights(first: dt.date, last: dt.date) -> str:
    """Rebuild the insights' daily aggregates for the days just written.

    The contacts are already committed; a failing rebuild is reported, not
    raised (``indgang insights rollup`` can be rerun). Insights does it,
    on the ``ContactsChanged`` event."""
    try:
        events.publish(events.ContactsChanged(first=first, last=last))
    except Exception as error:
        logger.exception("insights rollup %s–%s failed", first, last)
        return _("The dashboards' daily figures could not be rebuilt: %(error)s") % {"error": error}
    return ""


def _family_values() -> tuple[str, list[str]]:
    pairs = sorted(vocabulary.SERVICE_TOPICS.items())
    placeholders = ", ".join(["(%s, %s)"] * len(pairs))
    return placeholders, [v for pair in pairs for v in pair]
