"""``indgang route``: route JSON lines from stdin; ``train`` and ``rollback`` manage models.

Contract: each input line ``{"text": "..."}`` gives one output line
``{"administration": code|null, "team": slug|null, "confidence": 0..1, "auto": bool,
"kle": "NN.NN.NN"|null, "kle_title": str|null}``;
``administration`` is null when the inquiry would go to central triage.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indgang.cases.models import RoutingModel
from indgang.cases.routing import router

BATCH = 256


class Command(BaseCommand):
    help = "Route inquiries (JSON lines on stdin), or 'train' / 'rollback' the classifier."
    # A short command (cron, scripts): the system checks run in `indgang serve` and `indgang check`.
    requires_system_checks: list[str] = []  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action")
        train = sub.add_parser("train", help="Retrain, evaluate, store and activate a version.")
        train.add_argument("--seed", type=int, default=4)
        sub.add_parser("rollback", help="Activate the previous model version.")
        sub.add_parser("models", help="List model versions with their figures.")
        sub.add_parser("warm", help="Build the KLE keyword index ahead (e.g. at install).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if action in ("train", None):
            router.prepare()
        if action == "train":
            report = router.retrain(seed=options["seed"])
            model = report.model
            held_out = model.metrics["held_out"]
            self.stdout.write(
                f"Model v{model.version} active for municipality {model.metrics['municipality']}: "
                f"{model.metrics['examples']} examples ({model.metrics['kle_labelled']} with a KLE "
                f"topic), held-out accuracy {held_out['accuracy']}, macro-F1 "
                f"{held_out['macro_f1']} (threshold {model.metrics['threshold']}, "
                f"margin {model.metrics['margin']})"
            )
            self.stdout.write(
                f"Caseworkers' corrections: {report.corrections}; routed where the caseworker "
                f"put them: {report.right_before} before, {report.right_after} now"
            )
            for text, before, after in report.changed[:20]:
                self.stdout.write(
                    f"  changed: {before or 'triage'} → {after or 'triage'}: {text[:80]}"
                )
            if len(report.changed) > 20:
                self.stdout.write(f"  … and {len(report.changed) - 20} more")
        elif action == "rollback":
            try:
                model = router.rollback()
            except router.NothingToRollBackTo as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Model v{model.version} is active again.")
        elif action == "warm":
            # why: the index lives in core and is built only when asked for
            from indgang.core import kle

            kle.index.cache_clear()
            built = kle.index()
            self.stdout.write(
                f"KLE index: {len(built.numbers)} topics, {len(built.phrases)} keywords "
                f"({kle.cache_file()})"
            )
        elif action == "models":
            for row in RoutingModel.objects.all():
                held_out = row.metrics.get("held_out", {})
                mark = "*" if row.active else " "
                self.stdout.write(
                    f"{mark} v{row.version} {row.created_at:%Y-%m-%d %H:%M} "
                    f"accuracy {held_out.get('accuracy')} coverage {held_out.get('coverage')}"
                )
        else:
            self._route_stdin()

    def _route_stdin(self) -> None:
        router.active_router()  # trains one from the shipped data if none exists yet
        batch: list[str] = []
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f'line {number}: expected a JSON object like {{"text": "..."}}'
                ) from error
            batch.append(text)
            if len(batch) >= BATCH:
                self._flush(batch)
        self._flush(batch)

    def _flush(self, batch: list[str]) -> None:
        for result in router.route_many(batch):
            self.stdout.write(json.dumps(result.contract(), ensure_ascii=False))
        self.stdout.flush()
        batch.clear()
