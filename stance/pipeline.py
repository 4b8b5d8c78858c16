"""Parse -> quotes -> speakers -> stance, for one article or a stream of them."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path

from spacy.tokens import Doc

from .attribution import attribute
from .candidates import candidate_features
from .layout import text_of
from .errors import ModelError
from .model import StanceModel, load
from .nlp import load_nlp
from .quotes import find_quotes
from .resources import load_gazetteer, load_lexicon
from .rules import describe_hits, match_rules, rules_only_decision
from .types import Article, Quote, Skipped, Speaker

log = logging.getLogger(__name__)
DEFAULT_BATCH = 32
CONTEXT_CHARS = 300


def default_model_path() -> Path | None:
    """The model shipped with the package (installed from `models/`), or the source tree's."""
    packaged = importlib_resources.files("stance") / "_models" / "default.skops"
    try:
        if packaged.is_file():
            return Path(str(packaged))
    except (FileNotFoundError, NotADirectoryError):
        pass
    source_tree = Path(__file__).resolve().parent.parent / "models" / "default.skops"
    return source_tree if source_tree.is_file() else None


def quote_record(doc: Doc, start: int, end: int, *, qtype: str, cue: str | None, side: str,
                 lexicon=None, article: str = "") -> dict:
    """The plain-data view of one quote that rules and model read; `article` tells the model
    which quotes share an article."""
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    words = [t.text for t in tokens]
    lemmas = [t.lemma_ for t in tokens]
    hits = match_rules(words, lemmas, lexicon=lexicon)
    if tokens:
        sent_start = tokens[0].sent.start_char
        sent_end = tokens[-1].sent.end_char
    else:
        sent_start, sent_end = start, end
    lo = max(min(sent_start, start), start - CONTEXT_CHARS)
    hi = min(max(sent_end, end), end + CONTEXT_CHARS)
    text = text_of(doc)
    context = text[lo:start] + " " + text[end:hi]
    return {"text": text[start:end], "lemmas": " ".join(lemmas), "context": context.strip(),
            "cue": (cue or "").lower(), "side": side, "type": qtype, "article": article,
            "hits": [[h.name, h.label] for h in hits], "evidence": describe_hits(hits)}


@dataclass
class Labeller:
    """Holds the loaded pipeline, resources and model; labels documents and streams."""

    nlp: object = None
    model: StanceModel | None = None
    use_model: bool = True

    @classmethod
    def create(cls, *, model_path: str | Path | None = None, use_model: bool = True) -> "Labeller":
        """Load spaCy and the model once; a missing default model means rules only."""
        model = None
        if use_model:
            path = Path(model_path) if model_path else default_model_path()
            if path is None:
                log.warning("no stance model found; labelling with rules only")
            else:
                model = load(path)
        elif model_path:
            raise ModelError("--model given together with rules only")
        return cls(nlp=load_nlp(), model=model, use_model=use_model)

    def find(self, doc: Doc) -> list[tuple]:
        """Quotes with their speakers and `via`, in text order; the model's learned filter,
        when it has one, drops candidates that are unlikely to be quotes."""
        if self.model is None or self.model.extraction is None:
            return find_attributed(doc)
        found, features = find_candidates(doc)
        return [item for item, keep in zip(found, self.model.keep_candidates(features)) if keep]

    def decide(self, records: list[dict]):
        """Stance decisions for quote records: model plus rules, or rules alone."""
        if self.model is not None:
            return self.model.classify(records)
        return [rules_only_decision(record) for record in records]

    def label_docs(self, pairs: list[tuple[Article, Doc]]) -> list[tuple[Article, list[Quote] | None, str]]:
        """Label a batch of parsed articles; an article that fails is returned with its error."""
        prepared = []
        for n, (article, doc) in enumerate(pairs):
            try:
                found = self.find(doc)
                records = [quote_record(doc, q.start, q.end, qtype=q.type, cue=q.cue, side=s.side,
                                        lexicon=load_lexicon(), article=f"{n}:{article.id}") for q, s, _ in found]
                prepared.append((article, found, records, ""))
            except Exception as e:  # one bad article never stops the batch
                log.error("article %s failed: %s: %s", article.id, type(e).__name__, e)
                log.debug("traceback of article %s", article.id, exc_info=True)
                prepared.append((article, None, None, f"internal error while labelling ({type(e).__name__}: {e})"))
        all_records = [r for _, _, records, _ in prepared if records for r in records]
        decisions = iter(self.decide(all_records))
        threshold = self.model.threshold if self.model is not None else 1.01
        results = []
        for article, found, records, error in prepared:
            if found is None:
                results.append((article, None, error))
                continue
            quotes = []
            for (q, speaker, via), record in zip(found, records):
                d = next(decisions)
                evidence = d.evidence if d.source != "rule" or not record["evidence"] else \
                    d.evidence + " [" + record["evidence"] + "]"
                quotes.append(make_quote(q, speaker, via, d.label, d.confidence, d.confidence < threshold,
                                         d.source, evidence))
            results.append((article, quotes, ""))
        return results

    def label_stream(self, items: Iterable[Article | Skipped], *, batch_size: int = DEFAULT_BATCH
                     ) -> Iterator[tuple[Article | Skipped, list[Quote] | None, str]]:
        """Label a stream in input order, batch by batch; skipped inputs pass through."""
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._label_batch(batch)
                batch = []
        if batch:
            yield from self._label_batch(batch)

    def _parse(self, articles: list[Article]) -> list[tuple[Article, Doc | None, str]]:
        """Parse a batch; if spaCy fails on it, parse one by one so only the bad article is lost."""
        try:
            return [(a, doc, "") for a, doc in zip(articles, self.nlp.pipe([a.text for a in articles],
                                                                          batch_size=len(articles) or 1))]
        except Exception:
            parsed = []
            for article in articles:
                try:
                    parsed.append((article, self.nlp(article.text), ""))
                except Exception as e:
                    log.error("article %s cannot be parsed: %s: %s", article.id, type(e).__name__, e)
                    parsed.append((article, None, f"cannot be parsed ({type(e).__name__}: {e})"))
            return parsed

    def _label_batch(self, batch: list) -> Iterator[tuple]:
        articles = [a for a in batch if isinstance(a, Article)]
        parsed = self._parse(articles)
        good = [(a, doc) for a, doc, _ in parsed if doc is not None]
        labelled = {id(a): result for (a, _), result in zip(good, self.label_docs(good))}
        labelled.update({id(a): (a, None, error) for a, doc, error in parsed if doc is None})
        for item in batch:
            if isinstance(item, Skipped):
                yield item, None, item.error
            else:
                yield labelled[id(item)]

    def label_text(self, text: str, *, article_id: str = "text") -> list[Quote]:
        """Label one text (a convenience for the API and tests)."""
        article = Article(article_id, text)
        (_, quotes, error), = self.label_docs([(article, self.nlp(text))])
        if quotes is None:
            raise RuntimeError(error)
        return quotes


def find_attributed(doc: Doc) -> list[tuple]:
    """Every candidate quote with its speaker and `via`, in text order, before any filter."""
    return attribute(doc, find_quotes(doc), gazetteer=load_gazetteer())


def find_candidates(doc: Doc) -> tuple[list[tuple], list[dict]]:
    """The candidates and their features for the learned extraction filter."""
    found = find_attributed(doc)
    return found, [candidate_features(doc, q, s.name, s.side) for q, s, _ in found]


def make_quote(found, speaker: Speaker, via: str | None, label: str, confidence: float, review: bool,
               source: str, evidence: str) -> Quote:
    """Assemble the report's Quote from the stages' outputs."""
    return Quote(start=found.start, end=found.end, type=found.type, cue=found.cue,
                 cue_start=found.cue_start, cue_end=found.cue_end, speaker=speaker.name,
                 speaker_mention=speaker.mention, speaker_start=speaker.start, speaker_end=speaker.end,
                 side=speaker.side, via=via, stance=label, confidence=round(float(confidence), 4),
                 needs_review=bool(review or not placed(speaker)), stance_source=source, evidence=evidence)


def placed(speaker: Speaker) -> bool:
    """Whether the speaker is found and on a known side. The stance depends on who speaks (a US
    speaker takes no position), so a quote whose speaker is missing, on side `other`, or given
    the home side for want of anything placing them, goes to review whatever the model's confidence."""
    return bool(speaker.name) and speaker.placed and speaker.side not in ("", "other")
