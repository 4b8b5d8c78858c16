"""The stance model: training, metadata, decisions, review threshold, safe loading."""
from __future__ import annotations

import os
import re
import zipfile

import pytest

from conftest import DATA, read_jsonl
from stance.errors import ModelError
from stance.candidates import choose_extraction_threshold
from stance.model import article_features, combine, load, save
from stance.review import accuracy_lower_bound, choose_threshold, flagged_at, review_threshold
from stance.training import parse_gold, records_from_gold, train_model
from stance.types import STANCES, Decision


@pytest.fixture(scope="module")
def small_model(nlp, tmp_path_factory):
    gold = read_jsonl(DATA / "train.jsonl")[:14]
    docs = parse_gold(gold, nlp=nlp)
    records, labels, groups = records_from_gold(gold, docs=docs)
    bundle = train_model(records, labels, groups, sources=["data/train.jsonl[:14]"], gold_articles=gold, gold_docs=docs)
    path = tmp_path_factory.mktemp("model") / "small.skops"
    save(bundle, path)
    return path, records, labels


def test_model_file_carries_what_it_needs(small_model):
    path, records, labels = small_model
    model = load(path)
    meta = model.meta
    assert set(meta["labels"]) <= set(STANCES)
    assert meta["versions"]["scikit-learn"] and len(meta["training"]["sha256"]) == 64
    assert meta["training"]["quotes"] == len(records)
    for key in ("cv_macro_f1", "review_threshold", "unflagged_accuracy", "flagged_share"):
        assert key in meta["metrics"]
    assert os.path.getsize(path) < 5_000_000


def test_decisions_are_labels_with_probabilities(small_model):
    path, records, _ = small_model
    decisions = load(path).classify(records[:20])
    assert len(decisions) == 20
    assert all(d.label in STANCES and 0.0 <= d.confidence <= 1.0 and d.evidence for d in decisions)
    assert {d.source for d in decisions} <= {"rule", "model"}


def test_model_decisions_name_the_rules_that_fired(small_model):
    path, records, _ = small_model
    model = load(path)
    quote = {"text": "We cannot promise anything, but we will launch an operation", "lemmas":
             "we can not promise anything , but we will launch an operation", "context": "", "cue": "said",
             "side": "pakistan", "type": "direct", "article": "a",
             "hits": [["cannot", "resist"], ["will_act", "comply"]],
             "evidence": "cannot: 'can not' -> resist; will_act: 'will launch an operation' -> comply"}
    assert not any(f"{name}:{label}" in model.deciders for name, label in quote["hits"])
    decision = model.classify([quote])[0]
    assert decision.source == "model"
    assert "cannot: 'can not' -> resist" in decision.evidence and "will_act" in decision.evidence


def test_us_speaker_is_none_by_the_side_rule():
    decision = combine({"side": "us", "hits": []}, None, [], {"side:none": 0.99})
    assert (decision.label, decision.source, decision.confidence) == ("none", "rule", 0.99)


def test_a_rule_decides_only_when_trusted_and_unopposed():
    record = {"side": "pakistan", "hits": [["red_line", "resist"], ["own_timing", "hedge"]]}
    import numpy as np

    proba = np.array([0.1, 0.2, 0.6, 0.1])
    classes = ["comply", "hedge", "none", "resist"]
    assert combine(record, proba, classes, {"red_line:resist": 0.9}).source == "rule"
    both = {"red_line:resist": 0.9, "own_timing:hedge": 0.9}
    assert combine(record, proba, classes, both) == Decision("none", 0.6, "model", "")


def test_article_features_average_the_other_open_quotes_of_the_article():
    import numpy as np

    records = [{"article": "a", "side": "pakistan"}, {"article": "a", "side": "pakistan"},
               {"article": "a", "side": "other"}, {"article": "a", "side": "us"},
               {"article": "b", "side": "pakistan"}, {"side": "pakistan"}]
    proba = np.array([[0.7, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.1], [0.1, 0.1, 0.7, 0.1],
                      [0.0, 0.0, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25], [0.1, 0.1, 0.1, 0.7]])
    rows = article_features(records, proba)
    assert rows.shape == (6, 9)
    assert np.allclose(rows[0, :4], np.log(proba[0]))
    # the other open quotes of article a: records 1 and 2; the US quote is the side rule's
    assert np.allclose(rows[0, 4:8], [0.1, 0.4, 0.4, 0.1]) and rows[0, 8] == 1.0
    assert np.allclose(rows[2, 4:8], [0.4, 0.4, 0.1, 0.1])
    # alone in its article, or with no article at all: no neighbours
    assert np.allclose(rows[4, 4:], 0.0) and np.allclose(rows[5, 4:], 0.0)


def test_article_stage_reads_the_other_quotes_of_the_article(small_model):
    path, records, _ = small_model
    model = load(path)
    assert model.article_model is not None and model.meta["article_stage"] is True
    assert all(r["article"] for r in records)  # gold records know their article
    quote = dict(next(r for r in records if r["side"] == "pakistan"), article="x")
    alone = model.classify([quote])[0]
    mates = [dict(r, article="x") for r in records if r["side"] == "pakistan"][1:9]
    together = model.classify([quote, *mates])[0]
    assert alone.confidence != together.confidence
    # a quote in another article is not affected by them
    apart = model.classify([quote, *[dict(r, article="y") for r in mates]])[0]
    assert apart == alone


def test_choose_threshold():
    # 100 decisions at 0.9, all right; 100 at 0.5, half right: only the first hundred can stay unflagged
    decisions = [Decision("resist", 0.9, "model", "")] * 100 + [Decision("resist", 0.5, "model", "")] * 100
    gold = ["resist"] * 150 + ["hedge"] * 50
    assert choose_threshold(decisions, gold) == (0.9, 1.0, 0.5)


def test_the_review_target_needs_a_margin_on_few_quotes():
    # nine right out of ten is 0.90, but ten quotes cannot show that held-out text will reach it
    decisions = [Decision("resist", 0.9 - k / 100, "model", "") for k in range(10)]
    gold = ["resist"] * 9 + ["hedge"]
    assert choose_threshold(decisions, gold)[0] > 1.0
    assert accuracy_lower_bound(90, 100) < 0.9 < accuracy_lower_bound(950, 1000) < 0.95
    assert accuracy_lower_bound(0, 0) == 0.0 and accuracy_lower_bound(100, 100) < 1.0


def test_review_threshold_holds_for_every_kind_of_training_data():
    # "easy" text: every decision right, so alone it would flag nothing;
    # "hard" text: only its decisions at 0.7 and above are right
    n_easy, n_hard = 3000, 240
    easy = [Decision("none", 0.1 + 0.8 * k / (n_easy - 1), "model", "") for k in range(n_easy)]
    hard = [Decision("resist", 0.1 + 0.8 * k / (n_hard - 1), "model", "") for k in range(n_hard)]
    decisions = easy + hard
    gold = ["none"] * n_easy + ["resist" if d.confidence >= 0.7 else "hedge" for d in hard]
    strata = ["easy.jsonl"] * n_easy + ["hard.jsonl"] * n_hard
    pooled, pooled_figures = review_threshold(decisions, gold)
    # pooled, the easy text hides the hard one's errors: its unflagged quotes miss the target
    assert pooled < 0.5 and pooled_figures["all"]["unflagged_accuracy"] >= 0.9
    assert flagged_at(pooled, hard, gold[n_easy:])[0] < 0.5
    threshold, figures = review_threshold(decisions, gold, strata)
    assert threshold == choose_threshold(hard, gold[n_easy:])[0] > pooled
    assert figures["hard.jsonl"]["unflagged_accuracy"] >= 0.9
    assert figures["easy.jsonl"]["flagged_share"] > 0.7 and figures["hard.jsonl"]["quotes"] == n_hard
    # a kind with too few quotes to measure does not set the threshold
    few, _ = review_threshold(decisions[:n_easy + 10], gold[:n_easy + 10], strata[:n_easy] + ["tiny.jsonl"] * 10)
    assert few == min(d.confidence for d in easy)


def test_truncated_model_is_refused(small_model, tmp_path):
    path, _, _ = small_model
    broken = tmp_path / "broken.skops"
    broken.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(ModelError, match="not a stance model file|damaged"):
        load(broken)


def test_random_bytes_are_refused(tmp_path):
    path = tmp_path / "junk.skops"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(ModelError, match="not a stance model file"):
        load(path)


def test_foreign_types_are_refused_and_never_run(tmp_path):
    import skops.io as sio

    path = tmp_path / "evil.skops"
    sio.dump({"meta": {"format": "stance-model/1"}, "estimator": os.system}, path)
    with pytest.raises(ModelError, match="refusing to load"):
        load(path)


def test_tampered_member_is_refused(small_model, tmp_path):
    path, _, _ = small_model
    tampered = tmp_path / "tampered.skops"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "schema.json":
                swapped = re.sub(rb'"__class__": "select_text",(\s*)"__module__": "stance.features"',
                                 rb'"__class__": "system",\1"__module__": "posix"', data)
                assert swapped != data
                data = swapped
            target.writestr(item, data)
    with pytest.raises(ModelError, match="refusing to load"):
        load(tampered)


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        load(tmp_path / "none.skops")


@pytest.mark.parametrize("record, label, source", [
    ({"side": "us", "hits": [["red_line", "resist"]]}, "none", "rule"),
    ({"side": "pakistan", "hits": []}, "none", "default"),
    ({"side": "pakistan", "hits": [["own_timing", "hedge"], ["red_line", "resist"], ["cannot", "resist"]]},
     "resist", "rule"),
    ({"side": "pakistan", "hits": [["own_timing", "hedge"], ["red_line", "resist"]]}, "hedge", "rule"),
])
def test_rules_only_decision(record, label, source):
    from stance.rules import rules_only_decision

    decision = rules_only_decision(record)
    assert (decision.label, decision.source) == (label, source)


def test_extraction_filter_is_trained_and_applied(small_model, nlp):
    path, _, _ = small_model
    model = load(path)
    info = model.meta["extraction"]
    assert 0.0 <= info["threshold"] <= 0.5 and info["cv_quote_f1"] >= info["cv_quote_f1_unfiltered"]
    from stance.attribution import attribute
    from stance.candidates import candidate_features
    from stance.quotes import find_quotes

    doc = nlp('The operation, dubbed "Rah-e-Nijat", began. "We cannot fight on so many fronts," the official said.')
    found = attribute(doc, find_quotes(doc))
    keep = model.keep_candidates([candidate_features(doc, q, s.name, s.side) for q, s, _ in found])
    assert len(keep) == len(found) and all(isinstance(k, bool) for k in keep)


def test_probabilities_equal_the_calibrated_model(small_model):
    import numpy as np

    path, records, _ = small_model
    model = load(path)
    X = model.explainer.named_steps["features"].transform(records[:30])
    assert np.allclose(model.probabilities(X), model.estimator.predict_proba(records[:30]))


def test_a_quote_whose_speaker_has_no_known_side_goes_to_review(labeller):
    placed_text = ("Pakistan's Foreign Office said on Monday that the army had no plan for an offensive "
                   "in North Waziristan.")
    unplaced_text = "The director of the city opera said the new season would open in May with a premiere."
    (placed_quote,) = labeller.label_text(placed_text)
    (unplaced_quote,) = labeller.label_text(unplaced_text)
    assert placed_quote.side == "pakistan"
    assert unplaced_quote.needs_review  # nothing placed the director: the home side is a guess
    # a placed speaker is flagged only by the confidence
    assert placed_quote.needs_review == (placed_quote.confidence < labeller.model.threshold)


@pytest.mark.parametrize("name, side, expected", [
    ("Asif Ali Zardari", "pakistan", True), ("us officials", "us", True), ("Dawn", "media", True),
    ("director of city opera", "other", False), ("someone", "", False), ("", "", False),
])
def test_placed_speakers(name, side, expected):
    from stance.attribution import Speaker
    from stance.pipeline import placed

    assert placed(Speaker(name, name, 0, len(name), side)) is expected


def test_a_speaker_given_only_the_home_side_is_not_placed():
    from stance.attribution import HOME_SIDE, Speaker
    from stance.pipeline import placed

    assert not placed(Speaker("officials", "officials", 0, 9, HOME_SIDE, placed=False))


@pytest.mark.parametrize("side, feature", [("other", "side=pakistan"), ("pakistan", "side=pakistan"),
                                           ("us", "side=us"), ("", "side=-")])
def test_an_unplaced_speaker_reads_as_pakistani(side, feature):
    from stance.features import meta_features

    record = {"lemmas": "we will never allow it", "side": side, "hits": [["not_accept", "resist"]]}
    features = meta_features(record)
    assert features[feature] == 1.0
    assert not any(name.startswith("side=other") or name.startswith("side_rule=other") for name in features)


def test_the_extraction_threshold_holds_for_each_training_file():
    """A large file whose quotes are easy must not set the threshold for a small, hard one."""
    import numpy as np

    # file a: 100 gold quotes found at 0.9, false candidates at 0.35 (40) and 0.25 (5);
    # file b: 10 gold quotes found at 0.35
    proba = np.array([0.9] * 100 + [0.35] * 40 + [0.25] * 5 + [0.35] * 10)
    y = np.array([1] * 100 + [0] * 45 + [1] * 10)
    strata = ["a"] * 145 + ["b"] * 10
    pooled, _, _ = choose_extraction_threshold(proba, y, 110)
    per_file, _, figures = choose_extraction_threshold(proba, y, 110, strata=strata, gold_by_stratum={"a": 100, "b": 10})
    assert pooled == 0.4
    assert per_file == 0.3
    assert figures["b"][0.3] == 1.0 and figures["b"][0.4] == 0.0
