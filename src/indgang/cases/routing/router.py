"""Routing an inquiry: ordered rules first, then the active classifier.

Topics and rules are data (``data/topics.json``, ``data/rules.json``,
loaded by ``load_reference_data``, editable in the admin). Classifier
versions live in ``RoutingModel`` rows; exactly one is active.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
from django.db import transaction
from django.db.models import Max

from indgang.cases.models import RoutingModel, RoutingRule, Topic, TrainingExample
from indgang.cases.routing import classifier
from indgang.core.models import Team

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RouteResult:
    administration: str | None
    team: str | None
    confidence: float
    auto: bool
    routed_by: str  # "rule", "classifier" or "" when nothing decided
    suggestions: list[tuple[str, float]] = field(default_factory=list)
    topic: str | None = None

    def contract(self) -> dict[str, Any]:
        """The ``indgang route`` output line."""
        return {
            "administration": self.administration,
            "team": self.team,
            "confidence": round(self.confidence, 4),
            "auto": self.auto,
        }


# Reference data ------------------------------------------------------------


@transaction.atomic
def load_reference_data() -> tuple[int, int]:
    """Topics and rules from the shipped files; existing rules are left as edited."""
    topics = json.loads((DATA / "topics.json").read_text(encoding="utf-8"))
    count = 0
    for administration, items in topics.items():
        for item in items:
            topic_team = Team.objects.get(administration_id=administration, slug=item["team"])
            Topic.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "administration_id": administration,
                    "team": topic_team,
                    "keywords": item["keywords"],
                    "sla_days": item["sla_days"],
                },
            )
            count += 1
    rules = 0
    if not RoutingRule.objects.exists():
        for position, item in enumerate(json.loads((DATA / "rules.json").read_text("utf-8"))):
            team = Team.objects.filter(
                administration_id=item["administration"], slug=item.get("team") or ""
            ).first()
            RoutingRule.objects.create(
                position=(position + 1) * 10,
                name=item["name"],
                pattern=item["pattern"],
                administration_id=item["administration"],
                team=team,
            )
            rules += 1
    return count, rules


def shipped_examples() -> list[classifier.Example]:
    written = [
        classifier.Example(**json.loads(line))
        for line in (DATA / "training.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    phrases = json.loads((DATA / "phrases.json").read_text(encoding="utf-8"))
    return written + classifier.expand(phrases)


def training_examples() -> list[classifier.Example]:
    """The shipped examples plus every caseworker correction."""
    corrections = [
        classifier.Example(text, administration)
        for text, administration in TrainingExample.objects.values_list("text", "administration_id")
    ]
    return shipped_examples() + corrections


# Model registry --------------------------------------------------------------


def _dump(router: classifier.TrainedRouter) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(router, buffer)
    return buffer.getvalue()


@transaction.atomic
def store(router: classifier.TrainedRouter, *, activate: bool = True) -> RoutingModel:
    blob = _dump(router)
    version = (RoutingModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    if activate:
        RoutingModel.objects.filter(active=True).update(active=False)
    return RoutingModel.objects.create(
        version=version,
        active=activate,
        metrics=router.metrics,
        blob=blob,
        sha256=hashlib.sha256(blob).hexdigest(),
    )


def train_and_store(seed: int = classifier.SEED) -> RoutingModel:
    """Retrain on shipped data and corrections, evaluate, store and activate."""
    return store(classifier.train(training_examples(), seed))


class NothingToRollBackTo(Exception):
    pass


@transaction.atomic
def rollback() -> RoutingModel:
    """Activate the version before the active one."""
    current = RoutingModel.objects.select_for_update().filter(active=True).first()
    if current is None:
        raise NothingToRollBackTo("no active model")
    previous = RoutingModel.objects.filter(version__lt=current.version).first()
    if previous is None:
        raise NothingToRollBackTo(f"v{current.version} is the oldest model")
    current.active = False
    current.save(update_fields=["active"])
    previous.active = True
    previous.save(update_fields=["active"])
    return previous


# Loaded models are cached per version and hash; the database stays the truth.
_loaded: dict[tuple[int, str], classifier.TrainedRouter] = {}
# One thread loads a model while the others wait for it: a burst of requests
# right after start-up must not unpickle (and import scikit-learn) once each.
_loading = threading.Lock()


def active_router(*, train_if_missing: bool = True) -> classifier.TrainedRouter | None:
    row = RoutingModel.objects.filter(active=True).only("version", "sha256").first()
    if row is None:
        if not train_if_missing:
            return None
        row = train_and_store()
    key = (row.version, row.sha256)
    if key in _loaded:
        return _loaded[key]
    with _loading:
        if key not in _loaded:
            blob = bytes(RoutingModel.objects.values_list("blob", flat=True).get(pk=row.pk))
            if hashlib.sha256(blob).hexdigest() != row.sha256:
                raise ValueError(f"routing model v{row.version} does not match its hash")
            model = joblib.load(io.BytesIO(blob))
            _loaded.clear()
            _loaded[key] = model
        return _loaded[key]


# Routing -----------------------------------------------------------------------


def _match_rule(text: str) -> RoutingRule | None:
    folded = classifier.normalize(text)
    for rule in RoutingRule.objects.filter(active=True).select_related("team"):
        try:
            pattern = re.compile(rule.pattern, re.IGNORECASE)
        except re.error:
            continue  # the admin form refuses bad patterns; skip any that slipped in
        if pattern.search(text) or pattern.search(folded):
            return rule
    return None


def topic_for(administration: str, text: str) -> Topic | None:
    """The topic whose keywords the text mentions most, within the administration.

    Keywords match at the start of a word, so "storskrald" also finds
    "storskraldet" and Danish compounds beginning with it.
    """
    folded = f" {classifier.normalize(text)}"
    best: tuple[int, Topic | None] = (0, None)
    for topic in Topic.objects.filter(administration_id=administration).select_related("team"):
        hits = sum(
            1 for keyword in topic.keywords.split() if f" {classifier.normalize(keyword)}" in folded
        )
        if hits > best[0]:
            best = (hits, topic)
    return best[1]


def _decided(administration: str, team: str | None, text: str, **kwargs: Any) -> RouteResult:
    topic = topic_for(administration, text)
    if team is None and topic is not None:
        team = topic.team.slug
    return RouteResult(
        administration, team, auto=True, topic=topic.slug if topic else None, **kwargs
    )


# Greetings, fillers and test words (data/filler.txt): an inquiry made only
# of these says nothing about where it belongs.
FILLER = frozenset(
    word
    for line in (DATA / "filler.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)


def informative(text: str) -> bool:
    """Enough content to route on: two words beyond greetings and fillers, or
    one long one ("storskrald"). "hej", "?" and "test" are never routed."""
    words = [
        w
        for w in classifier.normalize(text).split()
        if len(w) >= 3 and w not in FILLER and not w.isdigit()
    ]
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 6)


def route_many(texts: list[str], *, train_if_missing: bool = True) -> list[RouteResult]:
    """Route each text; with ``train_if_missing=False`` and no model yet, the
    texts the rules do not decide wait in triage instead of training one."""
    results: list[RouteResult | None] = []
    pending: list[int] = []
    vague: set[int] = set()
    for i, text in enumerate(texts):
        if not informative(text):
            # Never auto-routed; the classifier still ranks it for triage.
            vague.add(i)
            results.append(None)
            pending.append(i)
            continue
        rule = _match_rule(text)
        if rule is not None:
            team = rule.team.slug if rule.team else None
            results.append(
                _decided(rule.administration_id, team, text, confidence=1.0, routed_by="rule")
            )
        else:
            results.append(None)
            pending.append(i)
    router = active_router(train_if_missing=train_if_missing) if pending else None
    if router is None:
        for i in pending:
            results[i] = RouteResult(None, None, 0.0, False, "")
    else:
        for i, prediction in zip(pending, router.predict([texts[i] for i in pending]), strict=True):
            top3 = prediction.ranking[:3]
            if prediction.auto and i not in vague:
                results[i] = _decided(
                    prediction.best,
                    None,
                    texts[i],
                    confidence=prediction.confidence,
                    routed_by="classifier",
                    suggestions=top3,
                )
            else:
                results[i] = RouteResult(None, None, prediction.confidence, False, "", top3)
    return [r for r in results if r is not None]


def route(text: str, *, train_if_missing: bool = True) -> RouteResult:
    return route_many([text], train_if_missing=train_if_missing)[0]
