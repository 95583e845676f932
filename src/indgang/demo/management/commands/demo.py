import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from indgang.contacts.generator import load_demo_contacts
from indgang.demo import services
from indgang.demo.caseload import load_bookings_today, load_caseload
from indgang.demo.failure_demand import load_failure_demand
from indgang.demo.minside import load_minside_demo
from indgang.demo.teams import DEMO_PASSWORD, STAFF
from indgang.insights import rollup
from indgang.messaging.demo import load_reply_templates
from indgang.mining.demo import load_demo_logs
from indgang.notifications.demo import load_contact_details
from indgang.registers import queries as registers


class Command(BaseCommand):
    help = "Demo data: 'load' adds teams, demo staff and the synthetic population."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load the demo data set (idempotent).")
        load.add_argument("--seed", type=int, default=1)
        load.add_argument("--persons", type=int, default=20_000)
        load.add_argument(
            "--force", action="store_true", help="Regenerate the population even if loaded."
        )
        load.add_argument(
            "--cases",
            type=int,
            default=350,
            help="How many demo cases to create across the administrations (once).",
        )
        load.add_argument(
            "--contacts-scale",
            type=float,
            default=None,
            help="Share of Copenhagen's contacts a year to generate (default DEMO_CONTACTS_SCALE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        self.stdout.write(f"Teams: {services.load_teams()}")
        self.stdout.write(f"New demo staff: {services.load_staff()}")
        if options["force"] or not registers.clinics():
            summary = services.load_population(options["seed"], options["persons"])
            self.stdout.write("Population: " + ", ".join(f"{v} {k}" for k, v in summary.items()))
        else:
            self.stdout.write("Population already loaded (use --force to regenerate).")
        self.stdout.write(f"New self-service definition versions: {services.load_selfservice()}")
        units, bookable, catalogue = services.load_directory_and_appointments()
        self.stdout.write(
            f"Directory units: {units}; bookable services: {bookable}; catalogue: {catalogue}"
        )
        topics, rules, version = services.load_routing()
        trained = f"; trained routing model v{version}" if version else ""
        self.stdout.write(f"Case topics: {topics}; new routing rules: {rules}{trained}")
        self.stdout.write(f"New reply templates: {load_reply_templates()}")
        self.stdout.write(f"New demo cases: {load_caseload(options['cases'], options['seed'])}")
        self.stdout.write(f"Appointments today at the centres: {load_bookings_today()}")
        self.stdout.write(f"Persona contact details for notifications: {load_contact_details()}")
        self.stdout.write(load_minside_demo())
        self.stdout.write(load_demo_contacts(options["contacts_scale"], options["seed"]))
        scale = options["contacts_scale"] or settings.DEMO_CONTACTS_SCALE
        linked = load_failure_demand(scale, options["seed"])
        if linked:
            today = timezone.localdate()
            rollup.rebuild(today - dt.timedelta(days=364), today)
        self.stdout.write(f"Lægeskift failure demand: {linked} contacts linked to attempts")
        mining_started = time.perf_counter()
        logs = load_demo_logs()
        self.stdout.write(
            f"Process-mining logs for 'analytiker': {len(logs)} new"
            f" ({time.perf_counter() - mining_started:.1f} s)"
        )
        users = ", ".join(str(spec["username"]) for spec in STAFF)
        self.stdout.write(f"Demo staff users: {users} — password: {DEMO_PASSWORD}")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
