"""Which extracted candidates are really quotes: features and training of a learned filter.

The rules of quotes.py and indirect.py propose candidates generously; a logistic regression trained on gold
articles drops the ones that look like scare quotes, topics or parse errors. The model file carries
it (model.py). `candidate_features` is the boundary: it reads the Doc and returns plain values only.
"""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from spacy.tokens import Doc

from .layout import paragraphs_of, text_of
from .types import Found


def candidate_features(doc: Doc, quote: Found, speaker_name: str, speaker_side: str) -> dict:
    """Plain features of one candidate quote."""
    text = text_of(doc)
    content = text[quote.start:quote.end]
    words = content.split()
    para = next(((s, e) for s, e in paragraphs_of(doc) if s <= quote.start < e), (0, len(text)))
    para_text = text[para[0]:para[1]].strip()
    features: dict[str, float] = {
        f"type={quote.type}": 1.0,
        f"cue={(quote.cue or '-').lower()}": 1.0,
        f"side={speaker_side or '-'}": 1.0,
        "has_speaker": float(bool(speaker_name)),
        "speaker_lower": float(bool(speaker_name) and speaker_name == speaker_name.lower()),
        "continues": float(quote.continues),
        "has_via": float(quote.via_i is not None),
        "headline_like": float(bool(para_text) and para_text[-1] not in ".!?\"”’'" and len(para_text.split()) < 20),
        "words": min(len(words), 60) / 60.0,
        "short": float(len(words) <= 3),
        "starts_to": float(content.lower().startswith("to ")),
        "starts_upper": float(content[:1].isupper()),
        "has_verb": 0.0,
        "position": quote.start / max(1, len(text)),
        "quote_marks": float(any(ch in content for ch in "\"“”‘’")),
    }
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is not None and len(span):
        features["has_verb"] = float(any(t.pos_ in ("VERB", "AUX") for t in span))
        features[f"root_pos={span.root.pos_}"] = 1.0
        features[f"root_dep={span.root.dep_}"] = 1.0
        # counted on tokens: Span.ents rebuilds every entity of the Doc on each call
        features["ents"] = min(sum(t.ent_iob_ == "B" for t in span), 5) / 5.0
    if quote.cue_start is not None:
        cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
        if cue is not None and len(cue):
            head = cue[0]
            features[f"cue_tag={head.tag_}"] = 1.0
            features[f"cue_dep={head.dep_}"] = 1.0
            features["cue_negated"] = float(any(c.dep_ == "neg" for c in head.children))
            features["cue_after"] = float(quote.cue_start >= quote.end)
            features[f"cue_lemma={head.lemma_.lower()}"] = 1.0  # `said`, `says`, `saying`: one cue
    if quote.source_i is not None:
        source = doc[quote.source_i]
        features[f"source={source.ent_type_ or source.pos_}"] = 1.0
    return features


EXTRACTION_THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def _extraction_f1(keep: np.ndarray, y: np.ndarray, n_gold: int) -> float:
    tp = int((keep & y).sum())
    kept = int(keep.sum())
    if not tp:
        return 0.0
    precision, recall = tp / kept, tp / n_gold
    return 2 * precision * recall / (precision + recall)


def choose_extraction_threshold(proba: np.ndarray, y: np.ndarray, n_gold: int, *, strata: list[str] | None = None,
                                gold_by_stratum: dict[str, int] | None = None
                                ) -> tuple[float, dict[float, float], dict[str, dict[float, float]]]:
    """The threshold of EXTRACTION_THRESHOLDS with the best quote F1, pooled; with two or more
    strata, the best lowest F1 over the strata (ties: pooled F1, then the lower threshold).
    Returns it with the pooled F1 and each stratum's F1 by threshold."""
    scores = {t: _extraction_f1((proba >= t).astype(int), y, n_gold) for t in EXTRACTION_THRESHOLDS}
    per_stratum: dict[str, dict[float, float]] = {}
    if strata is not None and gold_by_stratum and len(gold_by_stratum) > 1:
        rows = np.array(strata)
        for name, gold in gold_by_stratum.items():
            mask = rows == name
            per_stratum[name] = {t: _extraction_f1((proba[mask] >= t).astype(int), y[mask], gold)
                                 for t in EXTRACTION_THRESHOLDS}
        best = max(EXTRACTION_THRESHOLDS, key=lambda t: (min(f[t] for f in per_stratum.values()), scores[t], -t))
    else:
        best = max(scores, key=lambda t: (scores[t], -t))
    return best, scores, per_stratum


def train_extraction_filter(features_list: list[dict], matched: list[int], groups: list[str], n_gold: int,
                            *, strata: list[str] | None = None, gold_by_stratum: dict[str, int] | None = None,
                            seed: int = 0) -> tuple[Pipeline, dict]:
    """A logistic regression over candidate features that predicts whether a candidate is a
    gold quote. Its threshold maximises the quote F1 of grouped out-of-fold predictions; with
    strata (the training file of each candidate), the lowest F1 over the files, as the review
    threshold is chosen: a large, easy file must not set the threshold for a hard one."""
    from sklearn.model_selection import cross_val_predict

    y = np.array(matched, dtype=int)
    pipeline = Pipeline([("dict", DictVectorizer()),
                         ("clf", LogisticRegression(C=1.0, max_iter=2000, random_state=seed))])
    cv = GroupKFold(n_splits=min(5, len(set(groups))))
    proba = cross_val_predict(pipeline, features_list, y, groups=groups, cv=cv, method="predict_proba")[:, 1]
    best, scores, per_stratum = choose_extraction_threshold(proba, y, n_gold, strata=strata,
                                                            gold_by_stratum=gold_by_stratum)
    pipeline.fit(features_list, y)
    info = {"threshold": best, "cv_quote_f1_unfiltered": scores[0.0], "cv_quote_f1": scores[best],
            "candidates": len(y), "gold_quotes": n_gold}
    if per_stratum:
        info["cv_quote_f1_by_file"] = {name: {"unfiltered": f[0.0], "filtered": f[best]} for name, f in per_stratum.items()}
    return pipeline, info
