"""The stance model: a scikit-learn pipeline over quote records, combined with the rules.

Training chooses C by cross-validation grouped by article, calibrates probabilities on
grouped folds, measures each lexicon rule's precision (only precise rules decide alone),
fits a second stage that reads the other quotes of the article on out-of-fold probabilities, and
picks the review threshold on out-of-fold decisions. The file is written with skops
and loaded only when every type in it is on the trusted list below.
"""
from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from . import features
from .errors import ModelError
from .review import flagged_at, review_threshold
from .rules import SIDE_RULE, deciding_rules, rule_statistics, side_label
from .types import STANCES, Decision

log = logging.getLogger(__name__)

FORMAT = "stance-model/1"
DECISIVE_LABELS = ("resist", "comply", "hedge")
C_GRID = (1.0, 3.0, 10.0)
ARTICLE_C = 1.0
# Grouped cross-validation on the training data preferred the sentence context at half weight
# (macro-F1 0.647 against 0.643 without it and 0.627 at full weight). The features and decision
# rules tried since, and why none was kept, are in benchmarks/README.md ("Stance: tried, not kept").
FEATURE_WEIGHTS = {"text": 1.0, "chars": 1.0, "context": 0.5, "meta": 1.0}
# Types a model file may contain besides what skops trusts by default (scikit-learn, numpy).
TRUSTED_TYPES = frozenset({
    "stance.features.select_text", "stance.features.select_context", "stance.features.select_meta",
    "stance.features.select_raw", "sklearn.calibration._CalibratedClassifier", "sklearn.calibration._SigmoidCalibration",
})


def build_pipeline(*, C: float = 1.0, seed: int = 0, feature_weights: dict[str, float] | None = None) -> Pipeline:
    """The feature union (quote words, sentence context, meta features) and a linear model;
    a part whose weight is 0 is left out."""
    weights = dict(FEATURE_WEIGHTS, **(feature_weights or {}))
    parts = [
        ("text", Pipeline([("select", FunctionTransformer(features.select_text)),
                           ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True))])),
        ("chars", Pipeline([("select", FunctionTransformer(features.select_raw)),
                            ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                                      sublinear_tf=True, max_features=50000))])),
        ("context", Pipeline([("select", FunctionTransformer(features.select_context)),
                              ("tfidf", TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True))])),
        ("meta", Pipeline([("select", FunctionTransformer(features.select_meta)),
                           ("dict", DictVectorizer())])),
    ]
    parts = [(name, part) for name, part in parts if weights.get(name, 0.0) > 0]
    union = FeatureUnion(parts, transformer_weights={name: weights[name] for name, _ in parts})
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
    return Pipeline([("features", union), ("clf", clf)])


def _macro_f1(y_true, y_pred) -> float:
    return f1_score(y_true, y_pred, labels=list(DECISIVE_LABELS), average="macro", zero_division=0)


def combine(record: dict, proba: np.ndarray | None, classes: list[str], deciders: dict[str, float],
            explanation: str = "") -> Decision:
    """Rules first where a measured-precise rule fires unopposed, else the model."""
    side = side_label(record.get("side", ""))
    if side is not None and f"{SIDE_RULE}:{side}" in deciders:
        key = f"{SIDE_RULE}:{side}"
        return Decision(side, deciders[key], "rule", f"speaker side '{record.get('side')}' takes no position")
    firing = {label: deciders[f"{name}:{label}"] for name, label in record.get("hits", [])
              if f"{name}:{label}" in deciders}
    if len(firing) == 1:
        label, precision = next(iter(firing.items()))
        names = ", ".join(f"{n}" for n, lab in record.get("hits", []) if lab == label)
        return Decision(label, precision, "rule", f"rule {names} -> {label}")
    if proba is None:
        return Decision("none", 0.0, "default", "no rule fired and no model is loaded")
    best = int(np.argmax(proba))
    return Decision(classes[best], float(proba[best]), "model", explanation)


def article_features(records: list[dict], proba: np.ndarray) -> np.ndarray:
    """Second-stage features of the quotes the side rule leaves to the model: the quote's own
    first-stage log-probabilities, the mean first-stage probabilities of the article's other
    such quotes, and whether it has any. Quotes of one article often share a stance (the
    article reports one round of a dispute), which the quote's own words may not show."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        if record.get("article") and side_label(record.get("side", "")) is None:
            by_article[record["article"]].append(i)
    rows = np.zeros((len(records), 2 * proba.shape[1] + 1))
    for i, record in enumerate(records):
        others = [j for j in by_article.get(record.get("article") or "", []) if j != i]
        rows[i, :proba.shape[1]] = np.log(np.clip(proba[i], 1e-4, 1.0))
        if others:
            rows[i, proba.shape[1]:-1] = proba[others].mean(axis=0)
            rows[i, -1] = 1.0
    return rows


def _article_model(X: np.ndarray, y: list[str], weights: np.ndarray, seed: int) -> LogisticRegression:
    model = LogisticRegression(C=ARTICLE_C, class_weight="balanced", max_iter=2000, random_state=seed)
    return model.fit(X, y, sample_weight=weights)


def _calibrated(pipeline: Pipeline, X, y, groups, weights: np.ndarray) -> CalibratedClassifierCV:
    n_splits = min(5, len(set(groups)))
    splits = list(GroupKFold(n_splits=n_splits).split(X, y, groups))
    # ensemble=False: one pipeline fitted on all the data, calibrated on out-of-fold scores
    model = CalibratedClassifierCV(pipeline, method="sigmoid", cv=splits, ensemble=False)
    return model.fit(X, y, clf__sample_weight=weights)


def train(records: list[dict], labels: list[str], groups: list[str], *, seed: int = 0,
          data_hash: str = "", sources: list[str] | None = None, weights: list[float] | None = None,
          article_stage: bool = True, strata: list[str] | None = None) -> dict:
    """Fit the stance model; return the dict that `save` writes (estimator and meta).

    With `article_stage`, a second model revises each quote's probabilities with those of the
    other quotes of its article (`article_features`); records carry their article in `article`.

    `weights` (one per record) lets one source count less than another, for example the
    project's own written articles beside real news. `strata` (one per record) names the kind
    of data each record comes from; the review threshold must hold for each (`review_threshold`).
    """
    weights_all = np.ones(len(records)) if weights is None else np.asarray(weights, dtype=float)
    unknown = sorted(set(labels) - set(STANCES))
    if unknown:
        raise ModelError(f"unknown stance labels in the training data: {unknown}")
    if len(set(groups)) < 3:
        raise ModelError("training needs quotes from at least 3 articles (grouped cross-validation)")
    outer = GroupKFold(n_splits=min(5, len(set(groups))))
    scorer = make_scorer(_macro_f1)
    search = GridSearchCV(build_pipeline(seed=seed), {"clf__C": list(C_GRID)}, cv=outer, scoring=scorer)
    search.fit(records, labels, groups=groups, clf__sample_weight=weights_all)
    best_c = search.best_params_["clf__C"]
    log.info("chose C=%s (cross-validated macro-F1 %.3f)", best_c, search.best_score_)
    # out-of-fold probabilities and decisions, rules and model together, for the article
    # stage, the metrics and the threshold
    classes = sorted(set(labels))
    folds = list(outer.split(records, labels, groups))
    oof_proba = np.zeros((len(records), len(classes)))
    fold_deciders = []
    for train_idx, test_idx in folds:
        tr = [records[i] for i in train_idx]
        ytr = [labels[i] for i in train_idx]
        gtr = [groups[i] for i in train_idx]
        model = _calibrated(build_pipeline(C=best_c, seed=seed), tr, ytr, gtr, weights_all[train_idx])
        fold_deciders.append(deciding_rules(rule_statistics(tr, ytr)))
        columns = [classes.index(c) for c in model.classes_]
        oof_proba[np.ix_(test_idx, columns)] = model.predict_proba([records[i] for i in test_idx])
    decided_proba = oof_proba
    article_model = None
    if article_stage:
        # the second stage learns from first-stage out-of-fold probabilities, and is itself
        # measured out of fold on the same article folds
        A = article_features(records, oof_proba)
        open_rows = np.array([side_label(r.get("side", "")) is None for r in records])
        decided_proba = np.zeros_like(oof_proba)
        for train_idx, test_idx in folds:
            fit_rows = train_idx[open_rows[train_idx]]
            stage = _article_model(A[fit_rows], [labels[i] for i in fit_rows], weights_all[fit_rows], seed)
            columns = [classes.index(c) for c in stage.classes_]
            decided_proba[np.ix_(test_idx, columns)] = stage.predict_proba(A[test_idx])
        rows = np.flatnonzero(open_rows)
        article_model = _article_model(A[rows], [labels[i] for i in rows], weights_all[rows], seed)
    oof: list[Decision | None] = [None] * len(records)
    for (_, test_idx), deciders in zip(folds, fold_deciders):
        for i in test_idx:
            oof[i] = combine(records[i], decided_proba[i], classes, deciders)
    predicted = [d.label for d in oof]
    threshold, by_stratum = review_threshold(oof, labels, strata)
    unflagged_accuracy, flagged_share = flagged_at(threshold, oof, labels)
    model_only = [i for i, d in enumerate(oof) if d.source == "model"]
    metrics = {
        "cv_macro_f1": float(_macro_f1(labels, predicted)),
        "cv_accuracy": float(np.mean([p == g for p, g in zip(predicted, labels)])),
        "cv_model_only_macro_f1": float(_macro_f1([labels[i] for i in model_only], [predicted[i] for i in model_only]))
        if model_only else None,
        "cv_rule_decided_share": float(1 - len(model_only) / len(records)),
        "review_threshold": float(threshold),
        "unflagged_accuracy": float(unflagged_accuracy),
        "flagged_share": float(flagged_share),
        "review_by_source": by_stratum,
        "grid_scores": {str(c): float(s) for c, s in zip(C_GRID, search.cv_results_["mean_test_score"])},
    }
    estimator = _calibrated(build_pipeline(C=best_c, seed=seed), records, labels, groups, weights_all)
    stats = rule_statistics(records, labels)
    meta = {
        "format": FORMAT,
        "labels": list(estimator.classes_),
        "features": {"text": "tfidf 1-2 grams of lemmas, negation-marked", "chars": "tfidf char 2-5 grams",
                     "context": "tfidf of the sentence", "meta": "cue, side, type, rule hits, negation, modality, "
                     "conditionals, length", "weights": FEATURE_WEIGHTS, "C": best_c,
                     "article": "second stage: own probabilities and the mean of the article's other quotes"
                     if article_model is not None else None},
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
        "training": {"quotes": len(records), "articles": len(set(groups)), "sha256": data_hash,
                     "sources": sources or [], "label_counts": dict(Counter(labels)),
                     "weighted": weights is not None},
        "metrics": metrics,
        "rules": {k: v for k, v in stats.items()},
        "deciders": deciding_rules(stats),
        "article_stage": article_model is not None,
    }
    return {"estimator": estimator, "article_model": article_model, "meta": meta}


def data_sha256(records: list[dict], labels: list[str]) -> str:
    """A hash of the training records and labels, stored in the model file."""
    h = hashlib.sha256()
    for record, label in zip(records, labels):
        h.update(json.dumps([record.get("text"), record.get("side"), record.get("cue"), label],
                            sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def _drop_stop_words(estimator) -> None:
    """TfidfVectorizer keeps every pruned term in `stop_words_`: introspection only, and most
    of the file's size (scikit-learn's documentation says it can be removed before saving)."""
    if isinstance(estimator, TfidfVectorizer):
        estimator.stop_words_ = None
        return
    children = []
    if isinstance(estimator, Pipeline):
        children = [step for _, step in estimator.steps]
    elif isinstance(estimator, FeatureUnion):
        children = [t for _, t in estimator.transformer_list]
    elif isinstance(estimator, CalibratedClassifierCV):
        children = [c.estimator for c in estimator.calibrated_classifiers_]
    for child in children:
        _drop_stop_words(child)


def save(bundle: dict, path: str | Path) -> None:
    """Write the model bundle as a skops file (written to a temporary name, then renamed)."""
    import skops.io as sio

    _drop_stop_words(bundle["estimator"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    sio.dump(bundle, tmp, compression=zipfile.ZIP_DEFLATED)
    tmp.replace(path)


class StanceModel:
    """A loaded model: classify quote records into decisions."""

    def __init__(self, bundle: dict, *, path: str = "") -> None:
        self.extraction = bundle.get("extraction")
        self.estimator = bundle["estimator"]
        self.article_model = bundle.get("article_model")
        # the one fitted pipeline inside the calibrated model explains its decisions
        self.explainer = self.estimator.calibrated_classifiers_[0].estimator
        self.meta = bundle["meta"]
        self.path = path
        self.classes = list(self.estimator.classes_)
        self.deciders = dict(self.meta.get("deciders", {}))
        self.threshold = float(self.meta["metrics"]["review_threshold"])
        union = self.explainer.named_steps["features"]
        names = []
        for name, sub in union.transformer_list:
            names.extend(f"{name}:{n}" for n in sub[-1].get_feature_names_out())
        self.feature_names = np.array(names)

    def keep_candidates(self, features_list: list[dict]) -> list[bool]:
        """Which extracted candidates the learned filter keeps (all, without a filter)."""
        if self.extraction is None or not features_list:
            return [True] * len(features_list)
        threshold = float(self.meta.get("extraction", {}).get("threshold", 0.0))
        proba = self.extraction.predict_proba(features_list)[:, 1]
        return [bool(p >= threshold) for p in proba]

    def probabilities(self, X) -> np.ndarray:
        """Calibrated probabilities from already computed features: the same arithmetic as
        CalibratedClassifierCV.predict_proba (one calibrator per class, then normalised),
        without computing the features a second time."""
        calibrated = self.estimator.calibrated_classifiers_[0]
        scores = self.explainer.named_steps["clf"].decision_function(X)
        if scores.ndim == 1:
            scores = scores.reshape(-1, 1)
        order = [self.classes.index(c) for c in self.explainer.named_steps["clf"].classes_]
        proba = np.zeros((X.shape[0], len(self.classes)))
        for index, column, calibrator in zip(order, scores.T, calibrated.calibrators):
            proba[:, index] = calibrator.predict(column)
        total = proba.sum(axis=1, keepdims=True)
        proba = np.divide(proba, total, out=np.full_like(proba, 1 / len(self.classes)), where=total != 0)
        proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba

    def explain(self, X, labels: list[str], *, top: int = 3) -> list[str]:
        """The strongest features for each predicted label, as short text (sparse rows only)."""
        coef = self.explainer.named_steps["clf"].coef_
        classes = list(self.explainer.named_steps["clf"].classes_)
        X = X.tocsr()
        out = []
        for n, label in enumerate(labels):
            start, end = X.indptr[n], X.indptr[n + 1]
            columns = X.indices[start:end]
            weights = X.data[start:end] * coef[classes.index(label)][columns]
            best = np.argsort(-weights)[:top]
            parts = [self.feature_names[columns[i]] for i in best if weights[i] > 0]
            out.append("model: " + ", ".join(parts) if parts else "model")
        return out

    def classify(self, records: list[dict]) -> list[Decision]:
        """Decide every record: rules where they are trusted, the calibrated model otherwise."""
        if not records:
            return []
        X = self.explainer.named_steps["features"].transform(records)
        probas = self.probabilities(X)
        if self.article_model is not None:
            first = probas
            probas = np.zeros_like(first)
            columns = [self.classes.index(c) for c in self.article_model.classes_]
            probas[:, columns] = self.article_model.predict_proba(article_features(records, first))
        decisions = [combine(r, p, self.classes, self.deciders) for r, p in zip(records, probas)]
        need = [i for i, d in enumerate(decisions) if d.source == "model"]
        if need:
            texts = self.explain(X[need], [decisions[i].label for i in need])
            for i, text in zip(need, texts):
                d = decisions[i]
                if self.article_model is not None and self.classes[int(np.argmax(first[i]))] != d.label:
                    text += f"; article: its other quotes lean {d.label}"
                if records[i].get("evidence"):  # every rule that fired, also when the model decided
                    text += f"; rules: {records[i]['evidence']}"
                decisions[i] = Decision(d.label, d.confidence, d.source, text)
        return decisions


def load(path: str | Path) -> StanceModel:
    """Load a model file written by `save`, refusing any file with untrusted types."""
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such model file; train one with `stance train` or omit --model")
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # one pass: skops audits every type in the file against its defaults and ours before it
        # constructs anything (asking for the untrusted types first would read the file twice)
        bundle = sio.load(path, trusted=sorted(TRUSTED_TYPES))
    except UntrustedTypesFoundException as e:
        raise ModelError(f"{path}: refusing to load: it contains types a stance model never holds "
                         f"({e}); it was not written by stance or was tampered with") from e
    except (zipfile.BadZipFile, KeyError, OSError, json.JSONDecodeError) as e:
        raise ModelError(f"{path}: not a stance model file (truncated or foreign: {e}); "
                         "retrain it with `stance train`") from e
    except Exception as e:  # skops raises many kinds on a damaged file
        raise ModelError(f"{path}: the model file is damaged ({type(e).__name__}: {e}); retrain it") from e
    if not isinstance(bundle, dict) or bundle.get("meta", {}).get("format") != FORMAT:
        raise ModelError(f"{path}: not a {FORMAT} file; retrain it with `stance train`")
    trained_with = bundle["meta"].get("versions", {}).get("scikit-learn")
    if trained_with and trained_with != sklearn.__version__:
        log.warning("%s: trained with scikit-learn %s, running %s", path, trained_with, sklearn.__version__)
    return StanceModel(bundle, path=str(path))
