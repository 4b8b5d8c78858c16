"""Stance lexicon rules: negation scope and the side rule."""
from __future__ import annotations

import pytest

from stance.rules import match_rules, side_label


def labels(nlp, text):
    doc = nlp(text)
    return {(h.name, h.label) for h in match_rules([t.text for t in doc], [t.lemma_ for t in doc])}


@pytest.mark.parametrize("text, expected", [
    ("The army ruled out an operation in North Waziristan", ("rule_out", "resist")),
    ("The army will not rule out an operation in North Waziristan", ("rule_out", "hedge")),
    ("We cannot fight on so many fronts", ("cannot", "resist")),
    ("We have drawn a red line", ("red_line", "resist")),
    ("Pakistan will not accept any cross-border strikes", ("not_accept", "resist")),
    ("Pakistan would take action against the Haqqani network", ("take_action", "comply")),
    ("the operation will be launched at a time of our own choosing", ("own_timing", "hedge")),
    # optional fillers: none, one or two words between the verb and its object
    ("The army launched operations last week", ("launched", "comply")),
    ("The army has launched an offensive in the valley", ("launched", "comply")),
    ("The army launched a big offensive", ("launched", "comply")),
    ("We will take action soon", ("will_act", "comply")),
])
def test_rule_fires(nlp, text, expected):
    assert expected in labels(nlp, text)


@pytest.mark.parametrize("text", ["Pakistan will accept any help offered",
                                  "We will never allow anybody to question our resolve"])
def test_the_refusal_rule_needs_what_is_refused(nlp, text):
    assert not any(name == "not_accept" for name, _ in labels(nlp, text))


@pytest.mark.parametrize("side, expected", [("us", "none"), ("media", "none"), ("afghanistan", "none"),
                                            ("pakistan", None), ("other", None), ("", None)])
def test_side_rule(side, expected):
    assert side_label(side) == expected
