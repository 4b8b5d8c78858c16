"""Attribution: each quote's speaker and `via`, in text order.

A quote's own source comes first: a name that signs it (stance/signatures.py), the cue's
grammatical source, or for a quote with no cue a speech tag after it or the subject of its
sentence. A quote with none continues the speaker before it; a cue with none falls back to a
name before it in its sentence. stance/speakers.py resolves each mention to a canonical speaker;
a speaker nothing places gets HOME_SIDE.
"""
from __future__ import annotations

from spacy.tokens import Doc

from .grammar import INVERSION_PUNCT, in_tag_sentence, reporting_person
from .layout import text_of
from .mentions import embedding_subject, tag_subject
from .resources import Gazetteer
from .sides import HOME_SIDE
from .speakers import ArticleSpeakers
from .types import NO_SPEAKER, Found, Speaker

__all__ = ["ArticleSpeakers", "attribute", "fallback_speaker", "source_speaker"]


def source_speaker(speakers: ArticleSpeakers, quote: Found) -> Speaker:
    """The speaker a quote's own source gives: a source span (a name that signs it,
    stance/signatures.py), a source token, or for a quote with no cue a speech tag after it or
    the subject of the sentence it sits in."""
    doc = speakers.doc
    if quote.source_span is not None:
        s, e = quote.source_span
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            return NO_SPEAKER
        speaker = speakers.resolve_mention(list(span), span.root)
        return Speaker(speaker.name, text_of(doc)[s:e], s, e, speaker.side)
    if quote.source_i is not None:
        token = doc[quote.source_i]
        cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand") \
            if quote.cue_start is not None and quote.cue_end is not None else None
        if cue is not None and len(cue) and (person := reporting_person(cue.root)) is not None:
            token = person
        if quote.type == "direct" and quote.start <= token.idx < quote.end:
            # nobody is the source of their own quotation: the parser misread the speech tag
            token = tag_subject(doc, quote.end) or token
        speaker = speakers.resolve_token(token)
        if speaker.name:
            speakers.remember(token.i, speaker, token.lemma_.lower())
        return speaker
    if quote.continues and (subject := tag_subject(doc, quote.end)):
        return speakers.resolve_token(subject)
    if quote.continues and (subject := embedding_subject(doc, quote.start)):
        return speakers.resolve_token(subject)
    return NO_SPEAKER


def fallback_speaker(speakers: ArticleSpeakers, cue_char: int, previous: Speaker | None) -> Speaker:
    """When grammar gives no source: a named person or body before the cue in its sentence,
    subjects first, then the latest; else the speaker just before (a cue with no subject
    continues its speaker)."""
    span = speakers.doc.char_span(cue_char, cue_char + 1, alignment_mode="expand")
    if span is not None and len(span):
        cue = span[0]
        sent = cue.sent
        if cue.i > 0 and speakers.doc[cue.i - 1].text in INVERSION_PUNCT:
            # `," said retired surgeon Ben Carson`: an inverted tag names the speaker after the cue
            after = next((e for e in speakers.ents if cue.i < e.start <= cue.i + 4 and e.label_ == "PERSON"
                          and e.root.dep_ not in ("compound", "poss", "amod")), None)
            between = speakers.doc[cue.i + 1:after.start] if after is not None else []
            if after is not None and all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM")
                                         or t.dep_ in ("amod", "compound") for t in between):
                speaker = speakers.resolve_mention(list(after), after.root)
                if speaker.name:
                    return speaker
        ents = [e for e in speakers.ents if sent.start <= e.start and e.end <= cue.i and e.label_ in ("PERSON", "ORG")]
        for ent in sorted(reversed(ents), key=lambda e: e.root.dep_ not in ("nsubj", "nsubjpass")):
            speaker = speakers.resolve_mention(list(ent), ent.root)
            if speaker.name:
                return speaker
    return previous or NO_SPEAKER


def attribute(doc: Doc, found: list[Found], *, gazetteer: Gazetteer | None = None) -> list[tuple[Found, Speaker, str | None]]:
    """Resolve the speaker (and the `via` outer source) of every quote, in text order."""
    speakers = ArticleSpeakers(doc, gazetteer=gazetteer)
    results = []
    previous: Speaker | None = None
    previous_end = -1
    previous_start = -1
    direct: tuple[Speaker, int] | None = None  # the last direct quote's speaker, and its end
    previous_via: str | None = None
    for quote in sorted(found, key=lambda q: q.start):
        speaker = source_speaker(speakers, quote)
        if quote.continues and not speaker.name and previous is not None and quote.start - previous_end < 1500:
            before = previous
            if direct is not None and direct[1] < previous_start and in_tag_sentence(doc, direct[1], previous_start):
                # `"...," X told the paper, after Y voiced doubts that ... . "..."`: the quote goes
                # on with X; Y's reported speech sits inside X's speech tag
                before = direct[0]
            speaker = speakers.narrated_between(previous_end, quote.start) or before
        if not speaker.name and quote.cue_start is not None and quote.type == "direct" \
                and (subject := tag_subject(doc, quote.end)) is not None:
            speaker = speakers.resolve_token(subject)  # `," said X, explaining ...`: the tag names X
        if not speaker.name and quote.cue_start is not None:
            nearby = previous if quote.start - previous_end < 600 else None
            speaker = fallback_speaker(speakers, quote.cue_start, nearby)
        if speaker.name and speaker.side == "":
            speaker = Speaker(speaker.name, speaker.mention, speaker.start, speaker.end, HOME_SIDE, placed=False)
        via = None
        if quote.via_i is not None:
            outer = speakers.resolve_token(doc[quote.via_i])
            via = outer.name or None
        elif quote.continues and speaker is previous:
            via = previous_via  # `"...," X said, the paper reported. "..."`: still through the paper
        if speaker.name:
            previous, previous_end, previous_start, previous_via = speaker, quote.end, quote.start, via
            if quote.type == "direct":
                direct = (speaker, quote.end)
        results.append((quote, speaker, via))
    return results
