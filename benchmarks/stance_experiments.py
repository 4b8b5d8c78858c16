"""Stance classifier experiments on gold quotes: grouped CV on training corpora, held-out checks.

    python benchmarks/stance_experiments.py --realnews-train PATH --own-train data/train.jsonl \
        --dev PATH --test data/test.jsonl [--cache /tmp/stancework] [--config NAME ...]

Every corpus is parsed once with stance.nlp.load_nlp() and cached as a DocBin (user data kept),
so later runs only rebuild records (stance.training.records_from_gold) and fit models.
For a configuration it reports grouped 5-fold CV macro-F1 (resist/comply/hedge, as
ANNOTATION.md section 5 defines it) on the real-news training set alone and together with the
project's own training set, and the macro-F1 on the dev and test gold quotes when trained on
both. Corpus paths are arguments: no corpus text lives in this file.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run from source, like PYTHONPATH=<repo>

from spacy.tokens import DocBin  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from stance import model as stance_model  # noqa: E402
from stance.gold import read_gold  # noqa: E402
from stance.nlp import load_nlp  # noqa: E402
from stance.rules import deciding_rules, rule_statistics, side_label  # noqa: E402
from stance.training import records_from_gold  # noqa: E402


def cached_docs(path: str, cache: Path) -> tuple[list[dict], list]:
    """The gold articles of `path` and their Docs, parsed once and cached beside each other."""
    articles = read_gold([path])
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    target = cache / f"{Path(path).parent.name}_{Path(path).stem}_{digest}.spacy"
    nlp = load_nlp()
    if target.is_file():
        docs = list(DocBin().from_disk(target).get_docs(nlp.vocab))
    else:
        start = time.time()
        docs = list(nlp.pipe([a["text"] for a in articles], batch_size=16))
        DocBin(store_user_data=True, docs=docs).to_disk(target)
        print(f"parsed {path}: {len(docs)} articles in {time.time() - start:.0f}s", file=sys.stderr)
    return articles, docs


def fit_stage1(X, y, g, w, *, C, calibrate, feature_weights):
    pipeline = stance_model.build_pipeline(C=C, feature_weights=feature_weights)
    if calibrate:
        return stance_model._calibrated(pipeline, X, y, g, w)
    return pipeline.fit(X, y, clf__sample_weight=w)


def fit_predict(train: tuple, tests: list[list[dict]], *, C: float, calibrate: bool, own_weight: float,
                model_all: bool, feature_weights: dict[str, float], stack: float = 0.0) -> list[list[str]]:
    """Fit on `train` (records, labels, groups, sources) as stance.model does, then decide every
    test record with rules and model combined (stance.model.combine). With `stack` (the C of a
    second stage), a second model reads the first model's out-of-fold probabilities of every
    quote of the article."""
    records, labels, groups, sources = train
    weights = np.array([own_weight if s == "own" else 1.0 for s in sources])
    # records the side rule decides need no model unless model_all asks for them
    keep = [i for i, r in enumerate(records) if model_all or side_label(r.get("side", "")) is None]
    X = [records[i] for i in keep]
    y = [labels[i] for i in keep]
    g = [groups[i] for i in keep]
    fit = {"C": C, "calibrate": calibrate, "feature_weights": feature_weights}
    estimator = fit_stage1(X, y, g, weights[keep], **fit)
    classes = list(estimator.classes_)
    stage2 = None
    if stack:
        oof = np.zeros((len(X), len(classes)))
        for tr, te in GroupKFold(n_splits=5).split(X, y, g):
            inner = fit_stage1([X[i] for i in tr], [y[i] for i in tr], [g[i] for i in tr], weights[keep][tr], **fit)
            oof[te] = inner.predict_proba([X[i] for i in te])
        from sklearn.linear_model import LogisticRegression
        stage2 = LogisticRegression(C=stack, class_weight="balanced", max_iter=2000)
        stage2.fit(stance_model.article_features(X, oof), y, sample_weight=weights[keep])
    deciders = deciding_rules(rule_statistics(records, labels))
    out = []
    for test in tests:
        probas = estimator.predict_proba(test) if test else []
        if stage2 is not None and len(test):
            modelled = [i for i, r in enumerate(test) if model_all or side_label(r.get("side", "")) is None]
            if modelled:
                sub = [test[i] for i in modelled]
                probas[modelled] = stage2.predict_proba(stance_model.article_features(sub, probas[modelled]))
        out.append([stance_model.combine(r, p, classes, deciders).label for r, p in zip(test, probas)])
    return out


def grouped_folds(groups: list[str], n_splits: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """Folds by article: seed 0 is GroupKFold's (what stance.model.train uses), other seeds
    deal the shuffled articles round-robin, for repeated cross-validation."""
    if seed == 0:
        return [(list(a), list(b)) for a, b in GroupKFold(n_splits=n_splits).split(groups, groups, groups)]
    names = sorted(set(groups))
    np.random.default_rng(seed).shuffle(names)
    fold_of = {name: k % n_splits for k, name in enumerate(names)}
    return [([i for i, g in enumerate(groups) if fold_of[g] != k], [i for i, g in enumerate(groups) if fold_of[g] == k])
            for k in range(n_splits)]


def cross_validate(data: tuple, *, repeats: int = 1, score_source: str = "", found: dict | None = None,
                   **options) -> tuple[float, list[float], list[str], list[float]]:
    """Mean grouped 5-fold out-of-fold macro-F1 over `repeats` fold assignments (on the records
    of `score_source` only, when given), each repeat's score, the first repeat's labels, and,
    with `found` (load_found), each repeat's end-to-end macro-F1 on the held-out articles."""
    from stance.evaluate import stance_scores

    records, labels, groups, sources = data
    scored = [i for i, s in enumerate(sources) if not score_source or s == score_source]
    scores, first, e2e = [], None, []
    for seed in range(repeats):
        predicted = [""] * len(records)
        pairs = []
        for train_idx, test_idx in grouped_folds(groups, 5, seed):
            part = tuple([x[i] for i in train_idx] for x in data)
            held = sorted({groups[i] for i in test_idx} & set(found or {}))
            tests = [[records[i] for i in test_idx]] + [found[g]["records"] for g in held]
            labels_out, *found_out = fit_predict(part, tests, **options)
            for i, label in zip(test_idx, labels_out):
                predicted[i] = label
            for g, out in zip(held, found_out):
                pairs += end_to_end_pairs(found[g], out)
        scores.append(stance_model._macro_f1([labels[i] for i in scored], [predicted[i] for i in scored]))
        if found:
            e2e.append(stance_scores(pairs)["macro_f1"])
        first = first or predicted
    return float(np.mean(scores)), scores, first, e2e


def per_label(labels: list[str], predicted: list[str]) -> str:
    from sklearn.metrics import f1_score

    scores = f1_score(labels, predicted, labels=list(stance_model.DECISIVE_LABELS), average=None, zero_division=0)
    return " ".join(f"{lab[:3]} {v:.2f}" for lab, v in zip(stance_model.DECISIVE_LABELS, scores))


RECORD_CODE = ("pipeline.py", "rules.py", "layout.py", "assess.py", "training.py", "resources/stance_lexicon.tsv")


def load_set(path: str, cache: Path, source: str, prefix: str) -> tuple:
    """(records, labels, groups, sources) of a gold file; records are cached while the code that
    builds them and the file itself are unchanged (a new --own-train must not reuse old records)."""
    code = hashlib.sha256(b"".join((REPO / "stance" / name).read_bytes() for name in RECORD_CODE)).hexdigest()[:12]
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    target = cache / f"records_{source}_{code}_{digest}.json"
    if target.is_file():
        records, labels, groups = json.loads(target.read_text(encoding="utf-8"))
    else:
        articles, docs = cached_docs(path, cache)
        records, labels, groups = records_from_gold(articles, docs=docs, group_prefix=prefix)
        target.write_text(json.dumps([records, labels, groups]), encoding="utf-8")
    return records, labels, groups, [source] * len(records)


def load_found(path: str, cache: Path, prefix: str) -> dict[str, dict]:
    """Per article (keyed like the gold records' groups), what the full system extracts: the
    quote records of its predicted quotes (predicted spans, cues and sides, with the shipped
    model's extraction filter), their gold labels when matched, and the gold labels of the gold
    quotes it misses. Cached while the extraction code and the shipped model are unchanged."""
    files = [*sorted((REPO / "stance").glob("*.py")), *sorted((REPO / "stance" / "resources").glob("*.tsv")),
             REPO / "models" / "default.skops"]
    code = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]
    target = cache / f"found2_{Path(path).parent.name}_{code}.json"
    if target.is_file():
        return json.loads(target.read_text(encoding="utf-8"))
    from stance.evaluate import match_quotes
    from stance.pipeline import Labeller, quote_record
    from stance.resources import load_lexicon

    articles, docs = cached_docs(path, cache)
    labeller = Labeller(nlp=load_nlp(), model=stance_model.load(REPO / "models" / "default.skops"))
    out = {}
    for article, doc in zip(articles, docs):
        found = labeller.find(doc)
        records = [quote_record(doc, q.start, q.end, qtype=q.type, cue=q.cue, side=s.side, lexicon=load_lexicon(),
                                article=prefix + article["id"]) for q, s, _ in found]
        pairs = dict((p, g) for g, p in match_quotes(article["quotes"], [{"start": q.start, "end": q.end}
                                                                          for q, _, _ in found]))
        out[prefix + article["id"]] = {
            "records": records,
            "gold": [article["quotes"][pairs[i]]["stance"] if i in pairs else None for i in range(len(records))],
            "missed": [q["stance"] for k, q in enumerate(article["quotes"]) if k not in pairs.values()],
            "found_sides": [next((found[p][1].side for p, g in pairs.items() if g == k), None)
                            for k in range(len(article["quotes"]))]}
    target.write_text(json.dumps(out), encoding="utf-8")
    return out


def with_found_sides(data: tuple, found: dict) -> tuple:
    """The gold records of `data` with the side the system finds for each quote, where it finds
    the quote: a model trained on them learns what a found side says, errors included."""
    records, labels, groups, sources = data
    position: dict[str, int] = {}
    out = []
    for record, group in zip(records, groups):
        k = position[group] = position.get(group, -1) + 1
        side = found[group]["found_sides"][k] if group in found else None
        out.append(dict(record, side=side) if side else record)
    return out, labels, groups, sources


def end_to_end_pairs(found: dict, predicted: list[str]) -> list[tuple[str | None, str | None]]:
    """Stance pairs as ANNOTATION.md section 5 scores them end to end: matched quotes, missed
    gold quotes (gold, None), and predicted quotes matching no gold one (None, predicted)."""
    return list(zip(found["gold"], predicted)) + [(label, None) for label in found["missed"]]


def join(*sets: tuple) -> tuple:
    return tuple(sum((list(s[k]) for s in sets), []) for k in range(4))


def product_run(real: tuple, own: tuple, dev: tuple, test: tuple, *, label: str, article_stage: bool,
                own_weight: float) -> dict:
    """stance.model.train as `stance train` runs it (C grid, calibration, rules, article stage):
    its grouped cross-validated macro-F1 on realnews/train alone and with the own training set,
    and the held-out gold-quote scores of the model trained on both."""
    results = {}
    for name, data in (("real", real), ("both", join(real, own))):
        records, labels, groups, sources = data
        weights = [own_weight if s == "own" else 1.0 for s in sources]
        bundle = stance_model.train(records, labels, groups, weights=weights, article_stage=article_stage)
        metrics = bundle["meta"]["metrics"]
        results[f"product_cv_{name}"] = metrics["cv_macro_f1"]
        print(f"[{label}] stance.model.train on {name}: cv macro-F1 {metrics['cv_macro_f1']:.3f}, "
              f"C {bundle['meta']['features']['C']}, grid {metrics['grid_scores']}", flush=True)
    model = stance_model.StanceModel(bundle)
    for name, data in (("dev", dev), ("test", test)):
        predicted = [d.label for d in model.classify(data[0])]
        results[f"product_{name}"] = stance_model._macro_f1(data[1], predicted)
        print(f"[{label}] trained on both: {name} gold quotes {results[f'product_{name}']:.3f} "
              f"({per_label(data[1], predicted)})", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realnews-train", required=True)
    parser.add_argument("--own-train", required=True)
    parser.add_argument("--dev", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--cache", default="/tmp/stancework")
    parser.add_argument("--parse-only", action="store_true")
    parser.add_argument("--C", type=float, default=3.0)
    parser.add_argument("--calibrate", action="store_true", help="calibrate as the product does (slower)")
    parser.add_argument("--own-weight", type=float, default=1.0, help="sample weight of --own-train quotes")
    parser.add_argument("--model-all", action="store_true",
                        help="fit the model on every quote, also those the side rule decides")
    parser.add_argument("--weights", default="", help="feature part weights, e.g. text=1,context=0 (0 drops a part)")
    parser.add_argument("--stack", type=float, default=0.0, help="C of the article-level second stage (0: none)")
    parser.add_argument("--product", action="store_true", help="run stance.model.train itself (slow)")
    parser.add_argument("--no-article-stage", action="store_true", help="with --product: first stage only")
    parser.add_argument("--label", default="", help="a name for this run in the output")
    parser.add_argument("--skip-joint-cv", action="store_true")
    parser.add_argument("--train-found-sides", action="store_true",
                        help="train on realnews/train quotes with the sides the system finds (--end-to-end)")
    parser.add_argument("--skip-real-cv", action="store_true", help="leave out the CV on realnews/train alone")
    parser.add_argument("--end-to-end", action="store_true",
                        help="in the joint CV, also score the held-out articles end to end (found quotes and sides)")
    parser.add_argument("--repeats", type=int, default=3, help="fold assignments averaged in realnews/train CV")
    parser.add_argument("--dump", help="write the out-of-fold realnews/train decisions (JSONL) here, for error analysis")
    args = parser.parse_args(argv)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    if args.parse_only:
        for path in (args.realnews_train, args.own_train, args.dev, args.test):
            cached_docs(path, cache)
        return 0
    start = time.time()
    real = load_set(args.realnews_train, cache, "real", "real:")
    own = load_set(args.own_train, cache, "own", "own:")
    dev = load_set(args.dev, cache, "dev", "dev:")
    test = load_set(args.test, cache, "test", "test:")
    feature_weights = {k: float(v) for k, v in (item.split("=") for item in args.weights.split(",") if item)}
    options = {"C": args.C, "calibrate": args.calibrate, "own_weight": args.own_weight, "model_all": args.model_all,
               "feature_weights": feature_weights, "stack": args.stack}
    if args.product:
        results = product_run(real, own, dev, test, label=args.label, article_stage=not args.no_article_stage,
                              own_weight=args.own_weight)
        print(json.dumps({"label": args.label, **{k: round(v, 4) for k, v in results.items()}}))
        return 0
    results = {}
    if not args.skip_real_cv:
        cv_real, repeats, oof, _ = cross_validate(real, repeats=args.repeats, **options)
        results["cv_real"] = cv_real
        print(f"[{args.label}] cv realnews/train {cv_real:.3f} [{' '.join(f'{x:.3f}' for x in repeats)}] "
              f"(first: {per_label(real[1], oof)})", flush=True)
    if args.dump and not args.skip_real_cv:
        with open(args.dump, "w", encoding="utf-8") as handle:
            for record, gold, label, group in zip(real[0], real[1], oof, real[2]):
                handle.write(json.dumps({"gold": gold, "predicted": label, "group": group, **record}) + "\n")
    if not args.skip_joint_cv:
        both = join(real, own)
        found = load_found(args.realnews_train, cache, "real:") if args.end_to_end else None
        if found and args.train_found_sides:
            both = join(with_found_sides(real, found), own)
        cv_both, repeats_both, _, e2e = cross_validate(both, repeats=args.repeats, score_source="real", found=found,
                                                       **options)
        results["cv_both_on_real"] = cv_both
        print(f"[{args.label}] cv realnews+own, scored on realnews {cv_both:.3f} "
              f"[{' '.join(f'{x:.3f}' for x in repeats_both)}]", flush=True)
        if e2e:
            results["cv_both_end_to_end"] = float(np.mean(e2e))
            print(f"[{args.label}] the same, end to end on realnews/train (found quotes, found sides) "
                  f"{np.mean(e2e):.3f} [{' '.join(f'{x:.3f}' for x in e2e)}]", flush=True)
    full = join(real, own)
    dev_pred, test_pred = fit_predict(full, [dev[0], test[0]], **options)
    results["dev"] = stance_model._macro_f1(dev[1], dev_pred)
    results["test"] = stance_model._macro_f1(test[1], test_pred)
    print(f"[{args.label}] trained on realnews+own: dev gold quotes {results['dev']:.3f} ({per_label(dev[1], dev_pred)})"
          f"; data/test gold quotes {results['test']:.3f} ({per_label(test[1], test_pred)}) "
          f"[{time.time() - start:.0f}s]", flush=True)
    print(json.dumps({"label": args.label, **options, **{k: round(v, 4) for k, v in results.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
