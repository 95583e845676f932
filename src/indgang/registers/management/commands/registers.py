import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from indgang.registers import services
from indgang.registers.synthetic import generate


class Command(BaseCommand):
    help = "Base registers: 'generate' loads a deterministic synthetic population."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="Generate and load a synthetic Copenhagen.")
        gen.add_argument("--seed", type=int, default=1)
        gen.add_argument("--persons", type=int, default=20_000)
        gen.add_argument("--clinics", type=int, default=160)
        gen.add_argument("--businesses", type=int, default=600)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        population = generate(
            seed=options["seed"],
            persons=options["persons"],
            clinics=options["clinics"],
            businesses=options["businesses"],
        )
        summary = services.load_population(population)
        seconds = time.perf_counter() - started
        parts = ", ".join(f"{value} {key}" for key, value in summary.items())
        self.stdout.write(f"Loaded {parts} in {seconds:.1f} s (seed {options['seed']}).")
