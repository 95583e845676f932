"""``indgang contacts import FILE``, ``generate`` and ``partitions``.

import: telephony and contact-centre exports (CSV) with a column mapping;
a bad row stops the import with one message per bad row and nothing is
written. generate: a year of synthetic contacts calibrated to Copenhagen.
partitions: the monthly partitions ahead on PostgreSQL (contacts.partitions).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indgang.contacts.constants import INFERENCE_DAYS, Channel


class Command(BaseCommand):
    help = "Contact register: 'import FILE' reads a CSV export; 'generate' makes demo contacts."
    # Bulk jobs: `indgang check` runs at deployment; here the checks would cost seconds.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import a telephony/contact-centre CSV export.")
        load.add_argument("file")
        load.add_argument("--mapping", help="JSON file: columns, values, channel, delimiter, ...")
        load.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="Map a contact field onto a column, e.g. started_at=Starttid (repeatable).",
        )
        load.add_argument("--channel", choices=Channel.values, help="Channel of every row.")
        load.add_argument("--delimiter", help="Column delimiter, default ','.")
        load.add_argument("--date-format", help="strftime pattern, e.g. '%%d-%%m-%%Y %%H:%%M'.")
        load.add_argument("--source-name", help="Names the export in source_ref, e.g. telefoni.")
        load.add_argument("--dry-run", action="store_true", help="Check the file, write nothing.")
        link = sub.add_parser(
            "link-attempts",
            help="Link calls to the failed self-service attempts before them (inferred).",
        )
        link.add_argument("--days", type=int, default=14, help="Attempts of the last N days.")
        link.add_argument(
            "--within",
            type=int,
            default=INFERENCE_DAYS,
            help="A call counts when it comes at most this many days after the attempt.",
        )
        generate = sub.add_parser("generate", help="A year of synthetic contacts (demo data).")
        generate.add_argument("--scale", type=float, default=0.01)
        generate.add_argument("--year", type=int, default=2026)
        generate.add_argument("--seed", type=int, default=1)
        generate.add_argument(
            "--keep", action="store_true", help="Keep earlier demo contacts of that year."
        )
        partitions = sub.add_parser(
            "partitions", help="PostgreSQL: add the monthly partitions ahead (a daily job)."
        )
        partitions.add_argument("--months-ahead", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        # Messages follow LANGUAGE (e.g. LANGUAGE=en); Danish by default.
        wanted = os.environ.get("LANGUAGE", "").split(":")[0][:2].lower()
        language = wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            if options["action"] == "import":
                self.import_file(options)
            elif options["action"] == "partitions":
                self.partitions(options)
            elif options["action"] == "link-attempts":
                self.link_attempts(options)
            else:
                self.generate(options)

    def partitions(self, options: dict[str, Any]) -> None:
        from indgang.contacts import partitions

        added = partitions.ensure(options["months_ahead"])
        self.stdout.write(
            _("Monthly partitions added: %(count)s.") % {"count": added}
            if partitions.partitioned()
            else _("The contact register is not partitioned (SQLite): nothing to do.")
        )

    def import_file(self, options: dict[str, Any]) -> None:
        from indgang.contacts import importer

        try:
            mapping = (
                importer.Mapping.from_json(Path(options["mapping"]).read_text(encoding="utf-8"))
                if options["mapping"]
                else importer.Mapping()
            )
            for item in options["map"]:
                name, sep, column = item.partition("=")
                if not sep or not column:
                    raise importer.MappingError(
                        _("--map takes FIELD=COLUMN, got “%(item)s”.") % {"item": item}
                    )
                mapping.columns[name.strip()] = column.strip()
            for name in ("channel", "delimiter", "date_format", "source_name"):
                if options[name]:
                    setattr(mapping, name, options[name])
            if not mapping.columns:
                raise importer.MappingError(
                    _("Give a column mapping with --mapping FILE or --map FIELD=COLUMN.")
                )
            started = time.perf_counter()
            result = importer.import_file(options["file"], mapping, dry_run=options["dry_run"])
        except (OSError, ValueError) as error:
            if isinstance(error, importer.ImportRefused):
                for row_error in error.errors:
                    self.stderr.write(str(row_error))
                more = error.total - len(error.errors)
                if more > 0:
                    self.stderr.write(_("… and %(count)s more errors.") % {"count": more})
                raise CommandError(
                    _("%(count)s error(s) in the file; nothing was imported.")
                    % {"count": error.total}
                ) from None
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        if result.dry_run:
            self.stdout.write(
                _("%(rows)s rows are valid; nothing was written (dry run).") % {"rows": result.rows}
            )
            return
        self.stdout.write(
            _(
                "%(rows)s rows read: %(new)s imported, %(known)s already in the register "
                "(%(first)s – %(last)s), %(seconds).1f s."
            )
            % {
                "rows": result.rows,
                "new": result.imported,
                "known": result.already_known,
                "first": result.first_day or "-",
                "last": result.last_day or "-",
                "seconds": seconds,
            }
        )
        if result.warning:
            self.stderr.write(result.warning)
        if options["verbosity"] > 1:
            for step, took in result.timings.items():
                self.stdout.write(f"  {step}: {took:.1f} s")

    def link_attempts(self, options: dict[str, Any]) -> None:
        from indgang.contacts import services

        if options["days"] < 1 or options["within"] < 1:
            raise CommandError(_("--days and --within must be at least 1."))
        now = timezone.now()
        made = services.infer_attempt_links(
            now - dt.timedelta(days=options["days"]), now, days=options["within"]
        )
        self.stdout.write(
            _("%(count)s contacts linked to a self-service attempt.") % {"count": made}
        )
        self.stdout.write(services.inference_rule(options["within"], ("phone",)))

    def generate(self, options: dict[str, Any]) -> None:
        from indgang.contacts import generator

        if options["scale"] <= 0 or options["scale"] > 2:
            raise CommandError(_("--scale must be above 0 and at most 2."))
        started = time.perf_counter()
        summary = generator.generate(
            scale=options["scale"],
            year=options["year"],
            seed=options["seed"],
            replace=not options["keep"],
            progress=lambda text: self.stdout.write(text),
        )
        self.stdout.write(
            _("%(rows)s contacts generated for %(year)s in %(seconds).1f s.")
            % {
                "rows": summary.rows,
                "year": options["year"],
                "seconds": time.perf_counter() - started,
            }
        )
