"""Run the systems on gold articles and score them: full, rules-only and majority-label."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from .evaluate import score
from .pipeline import Labeller, quote_record
from .resources import load_lexicon
from .types import Article

SYSTEMS = ("full", "rules-only", "majority")


def _prediction(quote) -> dict:
    return asdict(quote)


def gold_records(doc, gold_article: dict, *, article: str | None = None) -> list[dict]:
    """Quote records for the gold quotes: spans, cues and sides given; `article` defaults to
    the gold article's id."""
    article = gold_article["id"] if article is None else article
    return [quote_record(doc, q["start"], q["end"], qtype=q["type"], cue=q.get("cue"), side=q["side"],
                         lexicon=load_lexicon(), article=article) for q in gold_article["quotes"]]


def assess(labeller: Labeller, gold_articles: list[dict]) -> dict[str, dict]:
    """Score the full system and the two baselines on the same extraction.

    The extraction (spans and speakers) is shared: the systems differ in stance only, so the
    baselines show what the model adds. `majority` gives every quote the label most frequent
    in the model's training data (`none` without a model).
    """
    articles = [Article(g["id"], g["text"]) for g in gold_articles]
    docs = list(labeller.nlp.pipe([a.text for a in articles], batch_size=32))
    labelled = labeller.label_docs(list(zip(articles, docs)))
    majority = "none"
    if labeller.model is not None:
        counts = labeller.model.meta["training"]["label_counts"]
        majority = max(counts, key=counts.get)
    rules_only = Labeller(nlp=labeller.nlp, model=None, use_model=False)
    predictions: dict[str, dict[str, list[dict]]] = {s: {} for s in SYSTEMS}
    gold_stances: dict[str, dict[str, list[str]]] = {s: {} for s in SYSTEMS}
    for gold, doc, (article, quotes, error) in zip(gold_articles, docs, labelled):
        quotes = quotes or []
        found_records = [quote_record(doc, q.start, q.end, qtype=q.type, cue=q.cue, side=q.side,
                                      lexicon=load_lexicon()) for q in quotes]
        rule_labels = [d.label for d in rules_only.decide(found_records)]
        full = [_prediction(q) for q in quotes]
        predictions["full"][gold["id"]] = full
        predictions["rules-only"][gold["id"]] = [dict(p, stance=s) for p, s in zip(full, rule_labels)]
        predictions["majority"][gold["id"]] = [dict(p, stance=majority) for p in full]
        records = gold_records(doc, gold)
        gold_stances["full"][gold["id"]] = [d.label for d in labeller.decide(records)]
        gold_stances["rules-only"][gold["id"]] = [d.label for d in rules_only.decide(records)]
        gold_stances["majority"][gold["id"]] = [majority] * len(records)
    results = {}
    for system in SYSTEMS:
        results[system] = score(gold_articles, predictions[system], gold_quote_stances=gold_stances[system])
    results["full"]["review"] = review_figures(labeller, gold_articles, predictions["full"])
    return results


def review_figures(labeller: Labeller, gold_articles: list[dict], predictions: dict[str, list[dict]]) -> dict:
    """Share of matched quotes flagged for review, and accuracy of the unflagged ones."""
    from .evaluate import match_quotes

    flagged = total = unflagged_correct = unflagged = 0
    for gold in gold_articles:
        pred = predictions.get(gold["id"], [])
        for g, p in match_quotes(gold["quotes"], pred):
            total += 1
            if pred[p]["needs_review"]:
                flagged += 1
            else:
                unflagged += 1
                unflagged_correct += gold["quotes"][g]["stance"] == pred[p]["stance"]
    return {"matched": total, "flagged_share": flagged / total if total else None,
            "unflagged_accuracy": unflagged_correct / unflagged if unflagged else None}


def label_counts(gold_articles: list[dict]) -> Counter:
    """Stance label counts of gold articles."""
    return Counter(q["stance"] for g in gold_articles for q in g["quotes"])
