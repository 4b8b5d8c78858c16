"""Which extracted candidates are really quotes: features for a learned filter.

The rules of quotes.py and indirect.py propose candidates generously; a logistic regression trained on gold
articles (model.py) drops the ones that look like scare quotes, topics or parse errors.
`candidate_features` is the boundary: it reads the Doc and returns plain values only.
"""
from __future__ import annotations

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
