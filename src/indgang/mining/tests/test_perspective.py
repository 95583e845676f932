"""Naming activities by another attribute, grouping cases by another attribute."""

from datetime import timedelta

import polars as pl

from indgang.mining.engine import make_event_log, process_map, summarise
from indgang.mining.engine.perspective import (
    activity_choices,
    readable_activity,
    with_perspective,
)
from indgang.mining.layout import layout
from indgang.mining.tests.helpers import T0


def coded_log(missing_name: bool = False):
    names = ["register request", "send receipt", "register request", "send receipt"]
    if missing_name:
        names[2] = None
    return make_event_log(
        pl.DataFrame(
            {
                "case_id": ["a", "a", "b", "b"],
                "activity": ["01_HOOFD_010", "01_HOOFD_020", "01_HOOFD_010", "01_HOOFD_020"],
                "timestamp": [T0 + timedelta(hours=h) for h in range(4)],
                "activityNameEN": names,
                "dossier": ["d1", "d1", "d1", "d2"],
            }
        ),
        classifiers={"Activity classifier": ("concept:name", "lifecycle:transition")},
    )


def test_a_readable_attribute_is_chosen_when_activities_look_like_codes():
    log = coded_log()
    assert readable_activity(log) == "attribute:activityNameEN"
    keys = [c.key for c in activity_choices(log)]
    assert keys[:2] == ["", "classifier:Activity classifier"]
    assert "attribute:activityNameEN" in keys


def test_the_chosen_attribute_names_the_activities_falling_back_to_the_code():
    log = with_perspective(coded_log(missing_name=True), "attribute:activityNameEN")
    assert log.events.sort("position").get_column("activity").to_list() == [
        "register request",
        "send receipt",
        "01_HOOFD_010",  # no readable name on this event
        "send receipt",
    ]


def test_cases_can_be_grouped_by_another_attribute():
    log = with_perspective(coded_log(), case="attribute:dossier")
    assert log.n_cases == 2
    assert log.events.sort("position").get_column("case_id").to_list() == ["d1", "d1", "d1", "d2"]


def test_readable_logs_keep_their_names():
    log = with_perspective(coded_log(), "attribute:activityNameEN")
    assert readable_activity(log.with_events(log.events.drop("activityNameEN"))) == ""


def test_a_long_chain_is_drawn_top_down_and_a_branching_map_left_to_right():
    chain = make_event_log(
        pl.DataFrame(
            {
                "case_id": ["a"] * 12,
                "activity": [f"Step {n}" for n in range(12)],
                "timestamp": [T0 + timedelta(hours=h) for h in range(12)],
            }
        )
    )
    drawing = layout(process_map(summarise(chain)))
    assert drawing.height > drawing.width
    fan = make_event_log(
        pl.DataFrame(
            {
                "case_id": [c for c in "abcdef" for _ in range(2)],
                "activity": [x for n in range(6) for x in ("Receive", f"Option {n}")],
                "timestamp": [T0 + timedelta(hours=h) for h in range(12)],
            }
        )
    )
    drawing = layout(process_map(summarise(fan)))
    assert drawing.width > drawing.height
