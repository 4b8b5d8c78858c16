"""Regression guard: `stance evaluate` on data/test must not fall below the measured figures.

The floors are the figures measured for the closing note of the evaluation issue (with the
shipped model), minus a margin of 0.03: a guard against regressions, not a target.
"""
from __future__ import annotations

import json

import pytest

from conftest import DATA
from stance.cli import main

MARGIN = 0.03
MEASURED = {  # stance evaluate --gold data/test.jsonl, shipped model
    "quote_f1": 0.932,
    "exact_f1": 0.862,
    "attribution_accuracy": 0.950,
    "attribution_f1": 0.885,
    "stance_macro_f1": 0.723,
    "stance_macro_f1_gold_quotes": 0.798,
    "stance_accuracy": 0.808,
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "eval.json"
    assert main(["evaluate", "--gold", str(DATA / "test.jsonl"), "--json", str(out), "--no-articles"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", sorted(MEASURED))
def test_figure_does_not_regress(figures, key):
    assert figures[key] >= MEASURED[key] - MARGIN, f"{key} fell to {figures[key]:.3f}"


def test_full_system_beats_both_baselines(figures):
    systems = figures["systems"]
    for baseline in ("rules-only", "majority"):
        assert systems["full"]["stance_macro_f1_gold_quotes"] > systems[baseline]["stance_macro_f1_gold_quotes"] + 0.2
