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

from django.db import transaction
from django.db.models import Max

from indgang.cases.models import RoutingModel, RoutingRule, Topic, TrainingExample
from indgang.cases.routing import classifier, kle_routing
from indgang.core import kle, municipality
from indgang.core.models import Team

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RouteResult:
    administration: str | None
    team: str | None
    confidence: float
    auto: bool
    routed_by: str  # "rule", "classifier" or "" when nothing decided
    # (administration, probability, KLE number, KLE title), best first
    suggestions: list[tuple[Any, ...]] = field(default_factory=list)
    topic: str | None = None
    kle: str | None = None
    kle_title: str = ""
    kle_confidence: float = 0.0

    def contract(self) -> dict[str, Any]:
        """The ``indgang route`` output line."""
        return {
            "administration": self.administration,
            "team": self.team,
            "confidence": round(self.confidence, 4),
            "auto": self.auto,
            "kle": self.kle,
            "kle_title": self.kle_title or None,
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
                kle=item.get("kle", ""),
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


def evaluated_examples() -> list[tuple[classifier.Example, str | None]]:
    """The inquiries of the spent evaluation sets (``data/evaluated.jsonl``:
    bench/routing's holdout, unseen, blind2026 and independent2026, each
    already run and reported), written by people, labelled with an
    administration and most with a KLE number."""
    rows = [
        json.loads(line)
        for line in (DATA / "evaluated.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [(classifier.Example(r["text"], r["administration"]), r.get("kle")) for r in rows]


# The shipped examples are labelled with Copenhagen's administrations.
SHIPPED_MUNICIPALITY = "101"


def training_examples(
    for_map: municipality.MunicipalityMap | None = None,
) -> tuple[list[classifier.Example], list[str | None]]:
    """The shipped examples plus every caseworker correction, each with the
    KLE topic it most likely has, labelled for the given municipality.

    A correction's KLE number is the one the caseworker gave, else the
    strongest topic its keywords find within the chosen administration. For a
    municipality other than the one the shipped examples were written for,
    each example's administration comes from its KLE topic and that
    municipality's map (examples without a topic are left out).
    """
    target = for_map or municipality.current_map()
    source = (
        municipality.current_map(SHIPPED_MUNICIPALITY)
        if target.code != SHIPPED_MUNICIPALITY
        else target
    )
    shipped = shipped_examples()
    numbers = kle_routing.weak_labels(
        [e.text for e in shipped], [e.administration for e in shipped], source
    )
    # Inquiries labelled with a KLE number keep it when the map of the
    # municipality they were written for agrees on the administration.
    evaluated = evaluated_examples()
    guesses = kle_routing.weak_labels(
        [e.text for e, _ in evaluated], [e.administration for e, _ in evaluated], source
    )
    for (example, number), guess in zip(evaluated, guesses, strict=True):
        place = source.place(number) if number else None
        agrees = place is not None and place.administration == example.administration
        shipped.append(example)
        numbers.append(number if agrees else guess)
    corrections = list(TrainingExample.objects.values_list("text", "administration_id", "kle"))
    guessed = kle_routing.weak_labels(
        [t for t, _, _ in corrections], [a for _, a, _ in corrections], target
    )
    examples: list[classifier.Example] = []
    labels: list[str | None] = []
    for example, number in zip(shipped, numbers, strict=True):
        if target.code != SHIPPED_MUNICIPALITY:
            place = target.place(number) if number else None
            if place is None:
                continue
            example = classifier.Example(example.text, place.administration, example.source)
        examples.append(example)
        labels.append(number)
    for (text, administration, number), guess in zip(corrections, guessed, strict=True):
        if administration not in target.administrations:
            continue
        examples.append(classifier.Example(text, administration, "correction"))
        labels.append(number or guess)
    return examples, labels


# Model registry --------------------------------------------------------------


def _dump(router: classifier.TrainedRouter) -> bytes:
    buffer = io.BytesIO()
    # why: joblib (with SciPy) is loaded only where a model is stored or read
    import joblib

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


def train(seed: int = classifier.SEED, *, held_out: bool = True) -> classifier.TrainedRouter:
    """Train for the active municipality: the classifier on the examples, the
    KLE memory on their KLE topics, and thresholds for the combination."""
    target = municipality.current_map()
    examples, numbers = training_examples(target)
    corrected = [e for e in examples if e.source == "correction"]
    trained = classifier.train(examples, seed, held_out=held_out)
    # Every example with a KLE topic, and every correction (with or without).
    shipped = len(examples) - len(corrected)
    memory_rows = [
        (e.text, n, e.administration if k >= shipped else None)
        for k, (e, n) in enumerate(zip(examples, numbers, strict=True))
        if n or k >= shipped
    ]
    labelled = [row for row in memory_rows if row[1]]
    trained.memory = kle_routing.Memory.build(
        [t for t, _, _ in memory_rows],
        [n for _, n, _ in memory_rows],
        [a for _, _, a in memory_rows],
    )
    trained.municipality = target.code
    trained.kle_weight = KLE_WEIGHT
    texts, labels, oof, classes = trained.out_of_fold  # type: ignore[attr-defined]
    del trained.out_of_fold  # type: ignore[attr-defined]
    combined = _combine(oof, classes, kle_routing.evidence(texts, target), KLE_WEIGHT)
    trained.threshold, trained.margin = classifier.choose_thresholds(combined, labels, classes)
    trained.metrics.update(
        {
            "threshold": trained.threshold,
            "margin": trained.margin,
            "municipality": target.code,
            "kle_labelled": len(labelled),
            "corrections": TrainingExample.objects.count(),
        }
    )
    return trained


def train_and_store(seed: int = classifier.SEED) -> RoutingModel:
    """Retrain on shipped data and corrections, evaluate, store and activate."""
    return store(train(seed))


@dataclass
class TrainReport:
    model: RoutingModel
    corrections: int
    right_before: int  # corrections the previous model routed where caseworkers put them
    right_after: int
    changed: list[tuple[str, str | None, str | None]]  # (text, before, after) among corrections


def retrain(seed: int = classifier.SEED) -> TrainReport:
    """Retrain and report what changed for the caseworkers' corrections: how
    many the previous and the new model send where the caseworker put them,
    and which ones now go elsewhere."""
    previous = active_router(train_if_missing=False)
    model = train_and_store(seed)
    new = active_router()
    rows = list(TrainingExample.objects.values_list("text", "administration_id"))
    texts = [t for t, _ in rows]

    def decided(trained: classifier.TrainedRouter | None) -> list[str | None]:
        if trained is None or not texts:
            return [None] * len(texts)
        return [r.administration if r.auto else None for r in route_many(texts, model=trained)]

    before, after = decided(previous), decided(new)
    return TrainReport(
        model=model,
        corrections=len(rows),
        right_before=sum(1 for (_, a), b in zip(rows, before, strict=True) if a == b),
        right_after=sum(1 for (_, a), b in zip(rows, after, strict=True) if a == b),
        changed=[(text, b, a) for text, b, a in zip(texts, before, after, strict=True) if b != a],
    )


# How much the KLE evidence weighs against the text classifier (0..1).
KLE_WEIGHT = 0.5


def _combine(
    probabilities: Any, classes: list[str], evidence: list[kle_routing.Evidence], weight: float
) -> Any:
    """Classifier and KLE evidence, the KLE part weighing ``weight`` times how
    sure the keyword evidence is: with no KLE keyword found, the classifier
    decides alone."""
    import numpy as np

    if not evidence:
        return probabilities
    share = np.array([[e.share.get(c, 0.0) for c in classes] for e in evidence])
    sure = np.array([[weight * e.strength if e.share else 0.0] for e in evidence])
    return (1 - sure) * probabilities + sure * share


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
            # why: joblib (with SciPy) is loaded only where a model is stored or read
            import joblib

            model = joblib.load(io.BytesIO(blob))
            _loaded.clear()
            _loaded[key] = model
        return _loaded[key]


# Routing -----------------------------------------------------------------------


def _rules() -> list[tuple[RoutingRule, re.Pattern[str]]]:
    compiled = []
    for rule in RoutingRule.objects.filter(active=True).select_related("team"):
        try:
            compiled.append((rule, re.compile(rule.pattern, re.IGNORECASE)))
        except re.error:
            continue  # the admin form refuses bad patterns; skip any that slipped in
    return compiled


def _match_rule(
    text: str, rules: list[tuple[RoutingRule, re.Pattern[str]]] | None = None
) -> RoutingRule | None:
    folded = classifier.normalize(text)
    for rule, pattern in _rules() if rules is None else rules:
        if pattern.search(text) or pattern.search(folded):
            return rule
    return None


def _topics() -> dict[str, list[Topic]]:
    by_administration: dict[str, list[Topic]] = {}
    for topic in Topic.objects.select_related("team"):
        topic.folded_keywords = [  # type: ignore[attr-defined]
            f" {classifier.normalize(keyword)}" for keyword in topic.keywords.split()
        ]
        by_administration.setdefault(topic.administration_id, []).append(topic)
    return by_administration


def topic_for(
    administration: str, text: str, topics: dict[str, list[Topic]] | None = None
) -> Topic | None:
    """The topic whose keywords the text mentions most, within the administration.

    Keywords match at the start of a word, so "storskrald" also finds
    "storskraldet" and Danish compounds beginning with it.
    """
    folded = f" {classifier.normalize(text)}"
    best: tuple[int, Topic | None] = (0, None)
    candidates = (
        Topic.objects.filter(administration_id=administration).select_related("team")
        if topics is None
        else topics.get(administration, [])
    )
    for topic in candidates:
        keywords = getattr(topic, "folded_keywords", None) or [
            f" {classifier.normalize(keyword)}" for keyword in topic.keywords.split()
        ]
        hits = sum(1 for keyword in keywords if keyword in folded)
        if hits > best[0]:
            best = (hits, topic)
    return best[1]


def _decided(
    administration: str,
    team: str | None,
    text: str,
    topics: dict[str, list[Topic]] | None = None,
    **kwargs: Any,
) -> RouteResult:
    topic = topic_for(administration, text, topics)
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


# With no classifier for the municipality (a fresh database, or a map the
# active model was not trained for), the KLE evidence decides alone and must
# be this sure.
KLE_ONLY_THRESHOLD = 0.6
KLE_ONLY_MARGIN = 0.3


def prepare() -> None:
    """Make a freshly migrated database ready to route: the default
    municipality (administrations, teams, KLE map), then Copenhagen's topics
    and rules when it is the active one."""
    active = municipality.ensure_default()
    if active.code == SHIPPED_MUNICIPALITY and not Topic.objects.exists():
        load_reference_data()


def route_many(
    texts: list[str],
    *,
    train_if_missing: bool = True,
    municipality_code: str | None = None,
    model: classifier.TrainedRouter | None = None,
) -> list[RouteResult]:
    """Route each text for the active (or the given) municipality.

    With ``train_if_missing=False`` and no model yet, the KLE keywords decide
    alone (or the text waits in triage) instead of training a model.
    """
    target = municipality.current_map(municipality_code)
    results: list[RouteResult | None] = []
    pending: list[int] = []
    vague: set[int] = set()
    ruled: dict[int, RoutingRule] = {}
    rules = _rules()
    topics = _topics()
    for i, text in enumerate(texts):
        results.append(None)
        if not informative(text):
            # Never auto-routed; still ranked for triage.
            vague.add(i)
            pending.append(i)
            continue
        rule = _match_rule(text, rules)
        if rule is not None and (
            rule.administration_id in target.administrations
            or (rule.kle and target.place(rule.kle) is not None)
        ):
            ruled[i] = rule
        else:
            pending.append(i)
    trained = model or (active_router(train_if_missing=train_if_missing) if pending else None)
    memory = trained.memory if trained is not None else None
    evidence = kle_routing.evidence(texts, target, memory) if texts else []
    for i, rule in ruled.items():
        administration = rule.administration_id
        team = rule.team.slug if rule.team else None
        guess = evidence[i].best_kle(administration, target)
        if administration not in target.administrations:
            # Another municipality: the rule's KLE topic and its map decide.
            place = target.place(rule.kle)
            assert place is not None
            administration, team = place.administration, place.team
            guess = kle_routing.KleGuess(rule.kle, kle.title(rule.kle), 1.0)
        elif rule.kle and (guess is None or guess.number[:5] != rule.kle[:5]):
            guess = kle_routing.KleGuess(rule.kle, kle.title(rule.kle), 1.0)
        results[i] = _decided(
            administration,
            team,
            texts[i],
            topics,
            confidence=1.0,
            routed_by="rule",
            **_kle_fields(guess),
        )
    if pending:
        use_classifier = (
            trained is not None
            and trained.municipality == target.code
            and set(trained.labels) <= set(target.administrations)
        )
        pending_evidence = [evidence[i] for i in pending]
        if use_classifier:
            assert trained is not None
            classes = trained.labels
            probabilities = trained.proba([texts[i] for i in pending])
            combined = _combine(probabilities, classes, pending_evidence, trained.kle_weight)
            threshold, margin = trained.threshold, trained.margin
        else:
            classes = sorted(target.administrations)
            combined = [[e.distribution[c] for c in classes] for e in pending_evidence]
            threshold, margin = KLE_ONLY_THRESHOLD, KLE_ONLY_MARGIN
        for i, row, ev in zip(pending, combined, pending_evidence, strict=True):
            if ev.correction is not None and ev.correction[0] in classes:
                # A caseworker put a text this similar there: follow, in proportion.
                pull = ev.correction[1]
                row = [
                    (1 - pull) * p + (pull if c == ev.correction[0] else 0.0)
                    for c, p in zip(classes, row, strict=True)
                ]
            ranking = sorted(
                ((c, round(float(p), 4)) for c, p in zip(classes, row, strict=True)),
                key=lambda item: -item[1],
            )
            best, confidence = ranking[0]
            second = ranking[1][1] if len(ranking) > 1 else 0.0
            suggestions = []
            for code, probability in ranking[:3]:
                guess = ev.best_kle(code, target)
                suggestions.append(
                    (
                        code,
                        probability,
                        guess.number if guess else None,
                        guess.title if guess else "",
                    )
                )
            auto = i not in vague and confidence >= threshold and confidence - second >= margin
            if auto:
                guess = ev.best_kle(best, target)
                place = target.place(guess.number) if guess else None
                team = place.team if place and place.administration == best else None
                results[i] = _decided(
                    best,
                    team,
                    texts[i],
                    topics,
                    confidence=confidence,
                    routed_by="classifier",
                    suggestions=suggestions,
                    **_kle_fields(guess),
                )
            else:
                guess = ev.best_kle(None, target)
                results[i] = RouteResult(
                    None, None, confidence, False, "", suggestions, **_kle_fields(guess)
                )
    return [r for r in results if r is not None]


def kle_for(text: str, administration: str) -> kle_routing.KleGuess | None:
    """The KLE topic of a text whose administration is already decided (a
    topic the citizen chose): the strongest one the map gives to it."""
    target = municipality.current_map()
    return kle_routing.evidence([text], target)[0].best_kle(administration, target)


def _kle_fields(guess: kle_routing.KleGuess | None) -> dict[str, Any]:
    if guess is None:
        return {}
    return {"kle": guess.number, "kle_title": guess.title, "kle_confidence": guess.confidence}


def route(
    text: str, *, train_if_missing: bool = True, municipality_code: str | None = None
) -> RouteResult:
    return route_many(
        [text], train_if_missing=train_if_missing, municipality_code=municipality_code
    )[0]
