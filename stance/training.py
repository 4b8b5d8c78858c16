"""Build training records from gold files or from a corrected report, and train a model."""
from __future__ import annotations

import csv
from pathlib import Path

from spacy.tokens import Doc

from .assess import gold_records
from .candidates import train_extraction_filter
from .errors import InputError
from .evaluate import match_quotes
from .layout import text_of
from .io import read_articles
from .model import data_sha256, train
from .nlp import load_nlp
from .pipeline import find_candidates, quote_record
from .resources import load_gazetteer, load_lexicon
from .types import STANCES, Article


def parse_gold(gold_articles: list[dict], *, nlp=None) -> list[Doc]:
    """The parsed texts of gold articles, parsed once for every use in training."""
    nlp = nlp or load_nlp()
    return list(nlp.pipe([g["text"] for g in gold_articles], batch_size=32))


def records_from_gold(gold_articles: list[dict], *, nlp=None, group_prefix: str = "",
                      docs: list[Doc] | None = None) -> tuple[list, list, list]:
    """(records, labels, groups) for every gold quote; groups are article ids."""
    docs = docs if docs is not None else parse_gold(gold_articles, nlp=nlp)
    records, labels, groups = [], [], []
    for gold, doc in zip(gold_articles, docs):
        for record, quote in zip(gold_records(doc, gold, article=group_prefix + gold["id"]), gold["quotes"]):
            records.append(record)
            labels.append(quote["stance"])
            groups.append(group_prefix + gold["id"])
    return records, labels, groups


def candidates_from_gold(gold_articles: list[dict], docs: list[Doc], *, article_strata: list[str] | None = None
                         ) -> tuple[list[dict], list[int], list[str], list[str], dict[str, int]]:
    """Features of every extracted candidate, whether it matches a gold quote, its article, its
    stratum (the training file of its article, given in `article_strata`; "" without), and the
    number of gold quotes of each stratum: the training data of the extraction filter."""
    features, matched, groups, strata, gold_by_stratum = [], [], [], [], {}
    for n, (gold, doc) in enumerate(zip(gold_articles, docs)):
        found, candidate_rows = find_candidates(doc)
        hits = {p for _, p in match_quotes(gold["quotes"], [{"start": q.start, "end": q.end} for q, _, _ in found])}
        stratum = article_strata[n] if article_strata is not None else ""
        gold_by_stratum[stratum] = gold_by_stratum.get(stratum, 0) + len(gold["quotes"])
        features.extend(candidate_rows)
        matched.extend(int(k in hits) for k in range(len(found)))
        groups.extend([gold["id"]] * len(found))
        strata.extend([stratum] * len(found))
    return features, matched, groups, strata, gold_by_stratum


def records_from_report(report: str | Path, articles: list[str], *, nlp=None) -> tuple[list, list, list]:
    """(records, labels, groups) from a report whose stance (and speaker) columns were corrected."""
    nlp = nlp or load_nlp()
    texts: dict[str, Article] = {}
    for item in read_articles(articles):
        if isinstance(item, Article):
            texts[item.id] = item
    gazetteer = load_gazetteer()
    rows_by_article: dict[str, list[tuple[int, dict]]] = {}
    try:
        with open(report, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                line = reader.line_num
                stance = (row.get("stance") or "").strip().lower()
                if stance not in STANCES:
                    raise InputError(f"{report}:{line}: stance {row.get('stance')!r} is not one of {list(STANCES)}; "
                                     "correct the cell", source=str(report), line=line)
                article_id = row.get("article_id", "")
                if article_id not in texts:
                    raise InputError(f"{report}:{line}: article {article_id!r} is not among the --articles inputs",
                                     source=str(report), line=line)
                rows_by_article.setdefault(article_id, []).append((line, row))
    except OSError as e:
        raise InputError(f"{report}: cannot read the report ({e})", source=str(report)) from e
    records, labels, groups = [], [], []
    ids = list(rows_by_article)
    for article_id, doc in zip(ids, nlp.pipe([texts[i].text for i in ids], batch_size=32)):
        for line, row in rows_by_article[article_id]:
            try:
                start, end = int(row["quote_start"]), int(row["quote_end"])
            except (KeyError, ValueError) as e:
                raise InputError(f"{report}:{line}: quote_start/quote_end must be integers", source=str(report),
                                 line=line) from e
            if not 0 <= start < end <= len(text_of(doc)):
                raise InputError(f"{report}:{line}: offsets [{start}, {end}] are outside article {article_id!r}; "
                                 "was the article changed?", source=str(report), line=line)
            speaker = (row.get("speaker") or "").strip()
            known = gazetteer.lookup(speaker) if speaker else None
            side = known.side if known is not None else (row.get("side") or "").strip()
            records.append(quote_record(doc, start, end, qtype=row.get("quote_type", ""), cue=row.get("cue"),
                                        side=side, lexicon=load_lexicon(), article=article_id))
            labels.append(row["stance"].strip().lower())
            groups.append(article_id)
    if not records:
        raise InputError(f"{report}: no rows to train from", source=str(report))
    return records, labels, groups


def train_model(records: list, labels: list, groups: list, *, sources: list[str],
                gold_articles: list[dict] | None = None, gold_docs: list[Doc] | None = None,
                weights: list[float] | None = None, strata: list[str] | None = None,
                article_strata: list[str] | None = None) -> dict:
    """Train and return the model bundle, with the data hash recorded; with gold articles
    (and their Docs, when already parsed), the extraction filter is trained too, its threshold
    held for each training file (`article_strata`: the file of each gold article)."""
    bundle = train(records, labels, groups, data_hash=data_sha256(records, labels), sources=sources,
                   weights=weights, strata=strata)
    if gold_articles:
        docs = gold_docs if gold_docs is not None else parse_gold(gold_articles)
        features, matched, article_groups, candidate_strata, gold_by_stratum = candidates_from_gold(
            gold_articles, docs, article_strata=article_strata)
        if len(set(article_groups)) >= 3 and 0 < sum(matched) < len(matched):
            pipeline, info = train_extraction_filter(features, matched, article_groups, sum(gold_by_stratum.values()),
                                                     strata=candidate_strata, gold_by_stratum=gold_by_stratum)
            bundle["extraction"] = pipeline
            bundle["meta"]["extraction"] = info
    return bundle


