"""Quote extraction and attribution: stance against textacy's direct_quotations, on the same Docs.

    python benchmarks/extraction.py --gold data/test.jsonl [--gold ...] [--polnear DIR] [--limit N]

Gold files (ANNOTATION.md section 4) are scored with stance.evaluate.score, as section 5
defines. A PolNeAR split (brat standoff, see benchmarks/polnear.py) gives a second,
independent measure: recall of the spans its attributions put in quotation marks, and
whether the speaker found for them is the attribution's source. textacy is a benchmark
extra (`pip install .[bench]`); stance itself never imports it.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run from source, like PYTHONPATH=<repo>

from spacy.tokens import Doc  # noqa: E402

from stance.evaluate import QUOTE_TYPES, match_quotes, score  # noqa: E402
from stance.gold import read_gold  # noqa: E402
from stance.pipeline import Labeller  # noqa: E402
from stance.tables import render_table  # noqa: E402
from stance.types import Article  # noqa: E402

import polnear  # noqa: E402  (benchmarks/polnear.py, beside this script)

SYSTEMS = ("stance", "textacy")
BATCH_SIZE = 32


class TracebackCollector(logging.Handler):
    """Keep the tracebacks that Labeller.label_docs logs at debug level for failed articles."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.tracebacks: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.args:
            self.tracebacks[str(record.args[0])] = logging.Formatter().formatException(record.exc_info)


def parse(nlp, texts: list[str]) -> tuple[list[Doc], float]:
    """Parse texts once with stance's pipeline; both systems read the same Docs."""
    began = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    return docs, time.perf_counter() - began


def run_stance(labeller: Labeller, ids: list[str], docs: list[Doc], collector: TracebackCollector
               ) -> tuple[dict[str, list[dict]], list[tuple[str, str, str]], float]:
    """stance's predictions per article id, its failures (id, error, traceback), and the time taken."""
    pairs = [(Article(i, doc.text), doc) for i, doc in zip(ids, docs)]
    began = time.perf_counter()
    try:
        results = labeller.label_docs(pairs)
    except Exception:  # the batch itself crashed: find the article by labelling one at a time
        results = []
        for pair in pairs:
            try:
                results += labeller.label_docs([pair])
            except Exception as e:
                import traceback

                collector.tracebacks[pair[0].id] = traceback.format_exc()
                results.append((pair[0], None, f"label_docs raised {type(e).__name__}: {e}"))
    seconds = time.perf_counter() - began
    predictions, failures = {}, []
    for article, quotes, error in results:
        if quotes is None:
            failures.append((article.id, error, collector.tracebacks.get(article.id, "(no traceback logged)")))
            quotes = []
        predictions[article.id] = [asdict(q) for q in quotes]
    return predictions, failures, seconds


def textacy_quote(doc: Doc, triple) -> dict:
    """A DQTriple as a predicted quote: content offsets without the marks, the speaker as a mention."""
    content = triple.content
    start = content[0].idx + len(content[0].text) if content[0].is_quote else content.start_char
    end = content[-1].idx if content[-1].is_quote else content.end_char
    speaker = sorted(triple.speaker, key=lambda token: token.i)
    speaker_start = speaker[0].idx
    speaker_end = speaker[-1].idx + len(speaker[-1].text)
    return {"start": start, "end": max(start, end), "type": "direct",
            "speaker": " ".join(doc.text[speaker_start:speaker_end].split()),
            "speaker_start": speaker_start, "speaker_end": speaker_end, "stance": None}


def run_textacy(ids: list[str], docs: list[Doc]) -> tuple[dict[str, list[dict]], list[tuple[str, str]], float]:
    """textacy's direct quotations per article id, the articles it gave up on, and the time taken.

    direct_quotations raises ValueError on an odd number of quotation marks: that article
    then has no textacy quotes, as a user of textacy would get.
    """
    from textacy.extract.triples import direct_quotations

    predictions, gave_up = {}, []
    began = time.perf_counter()
    for article_id, doc in zip(ids, docs):
        try:
            predictions[article_id] = [textacy_quote(doc, t) for t in direct_quotations(doc)]
        except Exception as e:
            predictions[article_id] = []
            gave_up.append((article_id, f"{type(e).__name__}: {str(e).split(';')[0]}"))
    return predictions, gave_up, time.perf_counter() - began


def ratio(found: int, total: int) -> str:
    return f"{found / total:.3f} ({found}/{total})" if total else f"- (0/{total})"


def gold_table(scores: dict[str, dict], failures: dict[str, int]) -> str:
    """Extraction and attribution figures of each system, one column per system."""
    names = list(scores)

    def row(label: str, get) -> list[object]:
        return [label, *(get(scores[n]) for n in names)]

    rows = [
        row("predicted quotes", lambda s: s["counts"]["predicted"]),
        row("matched (overlap)", lambda s: s["counts"]["matched"]),
        row("quote precision (overlap)", lambda s: s["quote_precision"]),
        row("quote recall (overlap)", lambda s: s["quote_recall"]),
        row("quote F1 (overlap)", lambda s: s["quote_f1"]),
        row("exact precision", lambda s: s["exact_precision"]),
        row("exact recall", lambda s: s["exact_recall"]),
        row("exact F1", lambda s: s["exact_f1"]),
    ]
    for quote_type in QUOTE_TYPES:
        rows.append(row(f"recall {quote_type}", lambda s, t=quote_type: ratio(
            s["recall_by_type"][t]["found"], s["recall_by_type"][t]["total"])))
    rows += [
        row("attribution accuracy (matched)", lambda s: s["attribution_accuracy"]),
        row("attribution precision", lambda s: s["attribution_precision"]),
        row("attribution recall", lambda s: s["attribution_recall"]),
        row("attribution F1", lambda s: s["attribution_f1"]),
        ["articles failed / given up", *(failures[n] for n in names)],
    ]
    return render_table(["", *names], rows)


def gold_benchmark(paths: list[str], labeller: Labeller, collector: TracebackCollector, *,
                   limit: int | None) -> dict:
    """Score both systems on the gold files, per file and together; return timing figures."""
    sets = []
    remaining = limit
    for path in paths:
        articles = read_gold([path])
        if remaining is not None:
            articles = articles[:remaining]
            remaining -= len(articles)
        sets.append((path, articles))
    everything = [a for _, articles in sets for a in articles]
    ids = [a["id"] for a in everything]
    if len(set(ids)) != len(ids):
        raise SystemExit("extraction.py: article ids repeat across the gold files; give them one at a time")
    docs, parse_seconds = parse(labeller.nlp, [a["text"] for a in everything])
    stance_pred, stance_failed, stance_seconds = run_stance(labeller, ids, docs, collector)
    textacy_pred, textacy_gave_up, textacy_seconds = run_textacy(ids, docs)

    print("Gold files")
    for path, articles in sets:
        counts = {t: sum(q["type"] == t for a in articles for q in a["quotes"]) for t in QUOTE_TYPES}
        print(f"  {path}: {len(articles)} articles, {sum(counts.values())} gold quotes "
              f"({', '.join(f'{t} {n}' for t, n in counts.items())})")
    if limit is not None:
        print(f"  (--limit {limit}: the first {limit} articles in file order)")
    print()
    groups = list(sets) + ([("all gold files", everything)] if len(sets) > 1 else [])
    for name, articles in groups:
        if not articles:
            continue
        keep = {a["id"] for a in articles}
        scores = {"stance": score(articles, stance_pred), "textacy": score(articles, textacy_pred)}
        failures = {"stance": sum(i in keep for i, _, _ in stance_failed),
                    "textacy": sum(i in keep for i, _ in textacy_gave_up)}
        print(f"== {name}: {len(articles)} articles, {scores['stance']['counts']['gold']} gold quotes")
        print(gold_table(scores, failures))
        print()
    report_failures(stance_failed, textacy_gave_up)
    return {"corpus": "gold", "articles": len(everything), "words": sum(len(d) for d in docs),
            "parse": parse_seconds, "stance": stance_seconds, "textacy": textacy_seconds}


def report_failures(stance_failed: list[tuple[str, str, str]], textacy_gave_up: list[tuple[str, str]]) -> None:
    for article_id, error, trace in stance_failed:
        print(f"stance FAILED on article {article_id}: {error}")
        print("  " + trace.rstrip().replace("\n", "\n  "))
    if textacy_gave_up:
        print(f"textacy gave up on {len(textacy_gave_up)} articles (no quotes counted for them): "
              + "; ".join(f"{i} ({e})" for i, e in textacy_gave_up[:8])
              + (" ..." if len(textacy_gave_up) > 8 else ""))
    if stance_failed or textacy_gave_up:
        print()


# --- PolNeAR ----------------------------------------------------------------------------

def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def last_word(name: str) -> str | None:
    found = polnear.words(name or "")
    return found[-1] if found else None


def named_source_right(pred: dict, sources: list[polnear.Attribution]) -> bool:
    """Right when the predicted mention overlaps a Source span or the name's last word is in its text."""
    mention = (pred.get("speaker_start"), pred.get("speaker_end"))
    word = last_word(pred.get("speaker", ""))
    for attribution in sources:
        if None not in mention and any(overlaps(mention, span) for span in attribution.source):
            return True
        if word and word in polnear.words(attribution.source_text):
            return True
    return False


def nearest_named_source(doc: polnear.PolnearText, before: int) -> polnear.Attribution | None:
    """The last non-pronoun Source that starts before an offset: a rough stand-in for an antecedent."""
    named = [a for a in doc.attributions if a.source and not a.source_is_pronoun and a.source[0][0] < before]
    return max(named, key=lambda a: a.source[0][0]) if named else None


def polnear_scores(docs: list[polnear.PolnearText], predictions: dict[str, list[dict]]) -> dict[str, int]:
    """Counts for one system: quoted spans found, and speakers right by source kind."""
    c = dict.fromkeys(["whole", "whole_found", "fragment", "fragment_found", "fragment_inside",
                       "named", "named_right", "pronoun", "pronoun_mention", "pronoun_proxy",
                       "pronoun_either", "no_source", "found_no_speaker"], 0)
    for doc in docs:
        items = polnear.quoted_spans(doc)
        pred = predictions.get(doc.name, [])
        pairs = dict(match_quotes([{"start": q.start, "end": q.end} for q in items], pred))
        for index, item in enumerate(items):
            kind = "whole" if item.whole else "fragment"
            c[kind] += 1
            if kind == "fragment" and any(p["start"] <= item.start and item.end <= p["end"] for p in pred):
                c["fragment_inside"] += 1
            if index not in pairs:
                continue
            c[kind + "_found"] += 1
            p = pred[pairs[index]]
            if not p.get("speaker"):
                c["found_no_speaker"] += 1
            with_source = [a for a in item.attributions if a.source]
            named = [a for a in with_source if not a.source_is_pronoun]
            if not with_source:
                c["no_source"] += 1
            elif named:
                c["named"] += 1
                c["named_right"] += named_source_right(p, named)
            else:
                c["pronoun"] += 1
                mention = (p.get("speaker_start"), p.get("speaker_end"))
                on_pronoun = None not in mention and any(overlaps(mention, s) for a in with_source for s in a.source)
                antecedent = nearest_named_source(doc, min(a.source[0][0] for a in with_source))
                proxy = antecedent is not None and named_source_right(p, [antecedent])
                c["pronoun_mention"] += on_pronoun
                c["pronoun_proxy"] += proxy
                c["pronoun_either"] += on_pronoun or proxy
    return c


def polnear_benchmark(directory: str, labeller: Labeller, collector: TracebackCollector, *,
                      limit: int | None) -> dict:
    docs = polnear.read_polnear(directory, limit=limit)
    ids = [d.name for d in docs]
    parsed, parse_seconds = parse(labeller.nlp, [d.text for d in docs])
    stance_pred, stance_failed, stance_seconds = run_stance(labeller, ids, parsed, collector)
    textacy_pred, textacy_gave_up, textacy_seconds = run_textacy(ids, parsed)

    items = [q for d in docs for q in polnear.quoted_spans(d)]
    quoted_attributions = {(d.name, a.id) for d in docs for q in polnear.quoted_spans(d) for a in q.attributions}
    multi = [d for d in docs if d.annotator_files > 1]
    print(f"PolNeAR {directory}: {len(docs)} texts" + (f" (--limit {limit}: first in sorted order)" if limit else ""))
    print(f"  one annotator per text: the first .ann file in sorted order (texts with several annotators' "
          f"files: {len(multi)}; the others have one)")
    print(f"  {sum(len(d.attributions) for d in docs)} attributions; {len(quoted_attributions)} have a span in "
          f"double quotation marks (straight or curly) in their Content")
    print(f"  {len(items)} quoted spans: {sum(q.whole for q in items)} whole-content (the marks enclose all "
          f"the content's words: direct quotes), {sum(not q.whole for q in items)} fragments inside wider "
          f"content (mixed quotes' fragments, scare quotes)")
    print("  found = overlap >= half the longer span, one to one (ANNOTATION.md section 5); a stance mixed "
          "quote\n  covers its whole clause, so fragments are also counted when inside a predicted quote")
    print("  source right: the predicted mention overlaps the Source span, or the predicted name's last word\n"
          "  is in the Source text; pronoun Sources (he, they, who ...) have no antecedent in PolNeAR, so they\n"
          "  are shown apart: right on the pronoun's own span, or by a proxy, the nearest earlier named Source")
    print()
    counts = {"stance": polnear_scores(docs, stance_pred), "textacy": polnear_scores(docs, textacy_pred)}

    def row(label: str, found: str, total: str) -> list[object]:
        return [label, *(ratio(counts[n][found], counts[n][total]) for n in SYSTEMS)]

    rows = [
        row("recall, whole-content quotes", "whole_found", "whole"),
        row("recall, fragments", "fragment_found", "fragment"),
        row("fragments inside a predicted quote", "fragment_inside", "fragment"),
        ["recall, all quoted spans", *(ratio(counts[n]["whole_found"] + counts[n]["fragment_found"],
                                             counts[n]["whole"] + counts[n]["fragment"]) for n in SYSTEMS)],
        row("source right, named Sources (found)", "named_right", "named"),
        row("source right, pronoun: on the pronoun", "pronoun_mention", "pronoun"),
        row("source right, pronoun: proxy antecedent", "pronoun_proxy", "pronoun"),
        row("source right, pronoun: either", "pronoun_either", "pronoun"),
        ["found, Source not annotated", *(counts[n]["no_source"] for n in SYSTEMS)],
        ["found, no predicted speaker", *(counts[n]["found_no_speaker"] for n in SYSTEMS)],
        ["predicted quotes (all types)", *(sum(len(p) for p in pred.values()) for pred in (stance_pred, textacy_pred))],
        ["texts failed / given up", len(stance_failed), len(textacy_gave_up)],
    ]
    print(render_table(["", *SYSTEMS], rows))
    print()
    report_failures(stance_failed, textacy_gave_up)
    return {"corpus": "PolNeAR", "articles": len(docs), "words": sum(len(d) for d in parsed),
            "parse": parse_seconds, "stance": stance_seconds, "textacy": textacy_seconds}


def timing_table(runs: list[dict]) -> str:
    rows = []
    for run in runs:
        n = run["articles"]
        for name in SYSTEMS:
            total = run["parse"] + run[name]
            rows.append([f"{run['corpus']}, {name}", n, run["words"], f"{run['parse']:.2f}", f"{run[name]:.2f}",
                         f"{n / run[name]:.1f}" if run[name] else "-", f"{n / total:.1f}" if total else "-"])
    return render_table(["", "articles", "tokens", "parse s", "extract s", "articles/s extract",
                  "articles/s parse+extract"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", default=[], help="a gold JSONL file (repeatable)")
    parser.add_argument("--polnear", help="a PolNeAR split folder with text/ and attributions/")
    parser.add_argument("--limit", type=int, help="at most N gold articles and N PolNeAR texts")
    parser.add_argument("--model", help="a stance model file (default: the shipped model)")
    args = parser.parse_args(argv)
    if not args.gold and not args.polnear:
        parser.error("give --gold FILE and/or --polnear DIR")

    collector = TracebackCollector()
    pipeline_log = logging.getLogger("stance.pipeline")
    pipeline_log.setLevel(logging.DEBUG)
    pipeline_log.addHandler(collector)
    import spacy
    import textacy

    began = time.perf_counter()
    labeller = Labeller.create(model_path=args.model)
    load_seconds = time.perf_counter() - began
    print(f"stance extraction benchmark: spaCy {spacy.__version__} pipeline "
          f"{labeller.nlp.meta.get('name')} {labeller.nlp.meta.get('version')} ({', '.join(labeller.nlp.pipe_names)}), "
          f"textacy {textacy.__version__}")
    print(f"stance model: {getattr(labeller.model, 'path', None) or 'none (rules only)'}; "
          f"loading took {load_seconds:.1f} s (not counted below)")
    print("Both systems read the same Docs; 'extract' is stance's label_docs (quotes, speakers and stance) "
          "or textacy's direct_quotations.\n")
    runs = []
    if args.gold:
        runs.append(gold_benchmark(args.gold, labeller, collector, limit=args.limit))
    if args.polnear:
        runs.append(polnear_benchmark(args.polnear, labeller, collector, limit=args.limit))
    print("Timing")
    print(timing_table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
