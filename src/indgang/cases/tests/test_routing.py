import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indgang.cases.models import RoutingModel, RoutingRule
from indgang.cases.routing import classifier, router

pytestmark = pytest.mark.django_db


def run_route(lines, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(x) + "\n" for x in lines)))
    out = io.StringIO()
    call_command("route", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_route_command_answers_one_json_line_per_input(routing, monkeypatch):
    results = run_route(
        [
            {"text": "Min skraldespand er ikke blevet tømt i tre uger"},
            {"text": "Jeg har mistet mit pas og skal rejse paa fredag"},
            {"text": "hej"},
        ],
        monkeypatch,
    )
    assert len(results) == 3
    assert results[0] == {
        "administration": "tmf",
        "team": "affald",
        "confidence": results[0]["confidence"],
        "auto": True,
        "kle": "07.18.00",
        "kle_title": "Affald fra husholdninger, indsamlingsordninger i almindelighed",
    }
    assert results[1]["administration"] == "kff" and results[1]["auto"] is True
    assert (results[1]["kle"], results[1]["kle_title"]) == ("23.09.02", "Pas")
    for result in results:
        assert set(result) == {
            "administration",
            "team",
            "confidence",
            "auto",
            "kle",
            "kle_title",
        }
        assert 0 <= result["confidence"] <= 1
    # No silent guess: a text without a clear topic goes to triage.
    assert results[2]["auto"] is False and results[2]["administration"] is None
    assert results[2]["team"] is None


def test_the_route_command_refuses_a_line_that_is_not_a_text_object(routing, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"tekst": "x"}\n'))
    with pytest.raises(CommandError, match="line 1"):
        call_command("route", stdout=io.StringIO())


def test_a_rule_wins_over_the_classifier(routing):
    result = router.route("Jeg vil lave en underretning om pigen ovenpå")
    assert (result.administration, result.team, result.routed_by) == (
        "sof",
        "boern-familie",
        "rule",
    )
    assert result.confidence == 1.0


def test_rules_are_tried_in_order_and_inactive_ones_are_skipped(routing):
    RoutingRule.objects.create(
        position=1, name="Everything about rats", pattern="rotte", administration_id="okf"
    )
    assert router.route("Der er rotter i gården").administration == "okf"
    RoutingRule.objects.filter(name="Everything about rats").update(active=False)
    assert router.route("Der er rotter i gården").administration == "tmf"


def test_text_without_aeoeaa_and_english_is_routed(routing):
    assert router.route("vi venter paa en plads i boernehave").administration == "buf"
    assert router.route("my mother needs help at home after a fall").administration == "suf"


def test_a_case_below_the_threshold_keeps_top_three_suggestions(routing):
    result = router.route("Jeg har et spørgsmål")
    assert result.auto is False
    assert len(result.suggestions) == 3
    assert result.suggestions[0][1] >= result.suggestions[1][1]


def test_text_normalisation_folds_danish_letters_like_citizens_type_them():
    assert classifier.normalize("Børnehave  på Åboulevarden!") == "boernehave paa aaboulevarden"


def test_models_are_versioned_and_can_be_rolled_back(routing):
    from indgang.cases.conftest import trained_router

    first = RoutingModel.objects.get(active=True)
    second = router.store(trained_router())
    assert second.version == first.version + 1
    assert list(RoutingModel.objects.filter(active=True)) == [second]
    call_command("route", "rollback", stdout=io.StringIO())
    assert RoutingModel.objects.get(active=True) == first
    with pytest.raises(CommandError):
        call_command("route", "rollback", stdout=io.StringIO())


def test_a_model_whose_bytes_changed_is_refused(routing):
    model = RoutingModel.objects.get(active=True)
    RoutingModel.objects.filter(pk=model.pk).update(sha256="0" * 64)
    with pytest.raises(ValueError, match="hash"):
        router.active_router()


def test_thresholds_are_chosen_for_the_target_precision():
    import numpy as np

    probabilities = np.array([[0.9, 0.1], [0.8, 0.2], [0.55, 0.45], [0.52, 0.48]])
    threshold, margin = classifier.choose_thresholds(
        probabilities, ["a", "a", "b", "b"], ["a", "b"]
    )
    # Only the two confident, correct ones may be routed automatically.
    assert threshold > 0.55 or margin > 0.1


@pytest.mark.parametrize(
    "text",
    [
        "I'm worried about the boy next door, I think he is being beaten",
        "Jeg er bekymret for et barn i min opgang",
        "naboen slår sine børn hver aften",
    ],
)
def test_a_concern_for_a_child_goes_to_sof_in_danish_and_english(routing, text):
    result = router.route(text)
    assert (result.administration, result.routed_by) == ("sof", "rule")


def test_the_fast_probabilities_equal_scikit_learns(routing):
    """``TrainedRouter.proba`` skips scikit-learn's per-call checks; it must give
    the very numbers ``predict_proba`` gives, or routing would change."""
    trained = router.active_router()
    texts = [
        "Min skraldespand er ikke blevet tømt",
        "min skraldespand er ikke blevet tomt",
        "I need a new health insurance card",
        "hej",
        "",
        "Jeg er bekymret for mit barnebarn, og jeg skal også have nyt pas og parkeringstilladelse",
    ]
    fast = trained.proba(texts)
    slow = trained.pipeline.predict_proba(texts)
    assert fast.shape == slow.shape == (len(texts), len(trained.labels))
    assert abs(fast - slow).max() < 1e-12


def test_a_model_of_another_shape_is_asked_directly():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    texts, labels = ["pas", "kørekort", "skrald", "storskrald"], ["kff", "kff", "tmf", "tmf"]
    pipeline = Pipeline([("features", TfidfVectorizer()), ("model", LogisticRegression())])
    pipeline.fit(texts, labels)
    trained = classifier.TrainedRouter(pipeline=pipeline, threshold=0.5, margin=0.1)
    assert abs(trained.proba(["skrald"]) - pipeline.predict_proba(["skrald"])).max() == 0
