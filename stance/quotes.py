"""Find quotes in a parsed article: quotation-mark spans, reported speech and mixed quotes.

`find_quotes(doc)` returns `Found` records: the content span, its type, its cue, and the
token (or character span) that grammar names as the source. Attribution happens later.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from .layout import paragraph_spans, paragraphs_of, text_of
from .resources import Cue, load_cues

DOUBLE_OPEN = "“„«\u201f"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘\u201b"
SINGLE_CLOSE = "’"
QUOTE_MARK = re.compile("[" + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE) + "\"']")
# Shortest direct quote kept without a cue: shorter marked spans are scare quotes or titles.
MIN_UNCUED_WORDS = 4
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
PHRASE_WINDOW = 3  # words of a phrasal cue stand within this many tokens of its verb
NOT_SPEAKERS = frozenset("""photo photos file source sources watch read also related updated posted share
credit credits caption video image images advertisement comments comment tags tag topics editor note
update updates listen more see news home latest breaking live""".split())


@dataclass(frozen=True)
class MarkSpan:
    """Characters between a pair of quotation marks (the marks excluded)."""

    start: int
    end: int
    double: bool
    closed: bool


@dataclass(frozen=True)
class Found:
    """A quote as extraction finds it, before speakers are resolved."""

    start: int
    end: int
    type: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    source_i: int | None = None         # token index of the grammatical source
    source_span: tuple[int, int] | None = None  # a source given as characters (headlines)
    continues: bool = False             # a direct quote continuing the previous speaker
    via_i: int | None = None            # token index of the outer source of nested speech


# ---------------------------------------------------------------- quotation marks

def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int) -> tuple[bool, bool, bool] | None:
    """(double, can_open, can_close) for a quotation mark at i, or None for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        return True, True, False
    if ch in DOUBLE_CLOSE:
        return True, False, True
    if ch == '"':
        opens = prev.isspace() or prev in "([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN or i == 0
        closes = not prev.isspace() or nxt.isspace() or i + 1 == len(text)
        if opens and nxt.isspace():
            opens = False
        return True, opens, closes and not (opens and not nxt.isspace() and prev.isspace())
    if ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == "'":
        if _is_word(prev) and _is_word(nxt):
            return None  # apostrophe inside a word: Pakistan’s, won't
        opens = (prev.isspace() or prev in "([{—–-/\"" + DOUBLE_OPEN or i == 0) and (_is_word(nxt) or nxt in "…."
                                                                                     ) and ch != SINGLE_CLOSE
        closes = not prev.isspace() and not _is_word(nxt) and ch != SINGLE_OPEN[0]
        if not opens and not closes:
            return None
        return False, opens, closes
    return None


def find_mark_spans(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[MarkSpan]:
    """Pair quotation marks paragraph by paragraph; an unclosed mark ends at its paragraph.

    Single marks count only outside double-marked spans (inside, they are nested quotes).
    """
    paragraphs = paragraphs if paragraphs is not None else paragraph_spans(text)
    spans: list[MarkSpan] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = [(m.start(), c) for m in QUOTE_MARK.finditer(text, p_start, p_end)
                 for c in [_classify(text, m.start())] if c]
        double_spans: list[MarkSpan] = []
        open_at = None
        for i, (double, can_open, can_close) in marks:
            if not double:
                continue
            if open_at is None:
                if can_open:
                    open_at = i
            elif can_close:
                double_spans.append(MarkSpan(open_at + 1, i, True, True))
                open_at = None
            elif can_open:
                open_at = i  # a second opening mark: the first one was stray
        if open_at is not None:
            end = p_end
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            if end > open_at + 1:
                double_spans.append(MarkSpan(open_at + 1, end, True, False))
        spans.extend(double_spans)
        open_at = None
        for i, (double, can_open, can_close) in marks:
            if double or any(s.start <= i < s.end for s in double_spans):
                continue
            if open_at is None:
                if can_open:
                    open_at = i
            elif can_close:
                spans.append(MarkSpan(open_at + 1, i, False, True))
                open_at = None
    spans = [s for s in spans if text[s.start:s.end].strip()]
    return sorted(spans, key=lambda s: s.start)


# ---------------------------------------------------------------- cues

@dataclass(frozen=True)
class CueIndex:
    """Cues by their first lemma, for matching against tokens."""

    single: dict[str, Cue]
    phrases: dict[str, list[Cue]]

    @classmethod
    def build(cls, cues: list[Cue]) -> "CueIndex":
        single, phrases = {}, {}
        for cue in cues:
            if len(cue.lemmas) == 1:
                single[cue.lemmas[0]] = cue
            else:
                phrases.setdefault(cue.lemmas[0], []).append(cue)
        for group in phrases.values():
            group.sort(key=lambda c: -len(c.lemmas))
        return cls(single, phrases)


_INDEX: dict[int, CueIndex] = {}


def cue_index(cues: list[Cue] | None = None) -> CueIndex:
    """The index of the given cues, or of the packaged cue list (built once)."""
    cues = cues if cues is not None else load_cues()
    key = id(cues)
    if key not in _INDEX:
        _INDEX[key] = CueIndex.build(cues)
    return _INDEX[key]


def _cue_heads(doc: Doc, index: CueIndex) -> list[Token]:
    """The tokens whose lemma starts a cue: each distinct lemma is looked up once, and only
    those tokens become Python objects (most of an article's tokens are not cues)."""
    strings = doc.vocab.strings
    lemmas = doc.to_array(LEMMA).tolist()
    starts = {h for h in set(lemmas) if strings[h].lower() in index.single or strings[h].lower() in index.phrases}
    return [doc[i] for i, h in enumerate(lemmas) if h in starts]


def match_cue(token: Token, index: CueIndex) -> tuple[Cue, list[Token]] | None:
    """The cue a verb token heads, with the tokens that spell it (`ruled` + `out`)."""
    lemma = token.lemma_.lower()  # most tokens are not cues: test the lemma first, it is cheapest
    if lemma not in index.single and lemma not in index.phrases:
        return None
    if token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB"):
        return None
    for cue in index.phrases.get(lemma, ()):
        words = [token]
        for rest in cue.lemmas[1:]:
            near = [t for t in token.doc[token.i + 1:token.i + 1 + PHRASE_WINDOW]
                    if t.lemma_.lower() == rest or t.lower_ == rest]
            # the word must belong to the cue: its child, or a child of its child ("made it clear")
            found = next((t for t in near if t.head == token or t.head.head == token), None)
            if found is None:
                break
            words.append(found)
        else:
            return cue, sorted(words, key=lambda t: t.i)
    cue = index.single.get(lemma)
    if cue is None:
        return None
    return cue, [token]


# ---------------------------------------------------------------- content spans

def _char_span(tokens: list[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _contiguous(tokens: set[int], doc: Doc, *, anchor: int | None = None) -> list[Token]:
    """The longest run of consecutive token indices (or the one holding `anchor`)."""
    if not tokens:
        return []
    runs, run = [], []
    for i in sorted(tokens):
        if run and i != run[-1] + 1:
            runs.append(run)
            run = []
        run.append(i)
    runs.append(run)
    chosen = next((r for r in runs if anchor in r), None) if anchor is not None else None
    chosen = chosen or max(runs, key=len)
    return [doc[i] for i in chosen]


def _trim_tokens(tokens: list[Token]) -> list[Token]:
    """Drop a leading `that`, conjunctions and punctuation, and trailing punctuation."""
    while tokens and (tokens[0].is_punct and tokens[0].text not in DOUBLE_OPEN + SINGLE_OPEN + "\"'"
                      or tokens[0].lower_ in ("that", "and", "but", ",") and tokens[0].dep_ in ("mark", "cc", "punct")
                      or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in DOUBLE_CLOSE + SINGLE_CLOSE + "\"'"
                      or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


def _subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _content_child(cue: Cue, head: Token, words: list[Token]) -> tuple[list[Token], Token | None] | None:
    """The content a cue governs: (tokens, addressee) or None."""
    children = [c for c in head.children if c not in words]
    # "called on X to ...", "pressed X for ...": content may hang under the prep's object
    for word in words[1:]:
        children.extend(c for c in word.children if c not in words)
        for c in word.children:
            children.extend(g for g in c.children if g not in words)
    lemma = head.lemma_.lower()
    for child in children:
        if child.dep_ in ("ccomp", "xcomp") and ("clause" in cue.kinds or "inf" in cue.kinds):
            if child.dep_ == "xcomp" and "inf" not in cue.kinds and not any(
                    c.dep_ in SUBJECT_DEPS for c in child.children):
                continue
            ids = _subtree_ids(child)
            if "inf" in cue.kinds:
                # "urged Pakistan to act": the span starts at "to", the addressee is left out
                subj = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
                aux_to = [c for c in child.children if c.tag_ == "TO"]
                if subj and aux_to and subj[0].i < aux_to[0].i:
                    ids -= _subtree_ids(subj[0])
            return [head.doc[i] for i in sorted(ids)], None
    for child in children:
        if child.dep_ == "prep" and child.lower_ in cue.kinds:
            ids = _subtree_ids(child)
            if child.lower_ in ("as", "of") and lemma not in ("warn",):
                objects = [c for c in head.children if c.dep_ in ("dobj", "obj")]
                for obj in objects:
                    ids |= _subtree_ids(obj)
            if child.lower_ in ("for", "on", "about") and not any(c.dep_ == "pobj" for c in child.children):
                continue
            tokens = [head.doc[i] for i in sorted(ids)]
            if child.lower_ in ("for",) and len(words) > 1:
                tokens = tokens[1:]  # "called for X": the cue already holds "for"
            return tokens, None
    if "np" in cue.kinds:
        for child in children:
            if child.dep_ in ("dobj", "obj") or (child.dep_ == "pobj" and len(words) > 1):
                if child.pos_ == "PRON" and child.lower_ in ("it", "this", "that", "them", "him", "her"):
                    continue
                return [head.doc[i] for i in sorted(_subtree_ids(child) | _noun_content_tail(head, child))], None
    return None


TAIL_PREPOSITIONS = frozenset({"for", "over", "regarding", "about", "against", "of", "concerning", "in", "with"})
TAIL_MARKS = frozenset({"if", "unless"})


def _noun_content_tail(head: Token, obj: Token) -> set[int]:
    """What the parser hung on the cue but belongs to its noun-phrase content: `praised X
    [for ...]`, `offered an apology [over ...]`, `promised action [if ...]`."""
    ids: set[int] = set()
    end = obj.right_edge.i
    for sibling in sorted((c for c in head.children if c.i > end), key=lambda c: c.i):
        if sibling.left_edge.i != end + 1:
            break
        if sibling.dep_ == "prep" and sibling.lower_ in TAIL_PREPOSITIONS and not any(
                g.ent_type_ in ("DATE", "TIME") for g in sibling.children):
            pass
        elif sibling.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TAIL_MARKS for c in sibling.children):
            pass
        else:
            break
        ids |= _subtree_ids(sibling)
        end = sibling.right_edge.i
    return ids


def _names_a_source(verb: Token) -> bool:
    """Whether a verb's subject could be a speaker: then a cue coordinated with the verb shares
    that subject (`said Zardari resisted ... and called on`: Zardari called on), and is nested
    speech rather than a second act of the outer speaker (`said attacks could ... and called for`)."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is not None and (subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                    or subject.pos_ in ("PROPN", "PRON"))


def _coordinated_cues(tokens: list[Token], index: "CueIndex") -> set[int]:
    """Tokens of a second speech act by the same speaker, which the parser hung inside the
    content: in `said X and called for Y`, `called for Y` is not part of what was said."""
    inside = {t.i for t in tokens}
    drop: set[int] = set()
    for t in tokens:
        if t.dep_ == "conj" and t.head.i in inside and match_cue(t, index) is not None \
                and not any(c.dep_ in SUBJECT_DEPS for c in t.children) and not _names_a_source(t.head):
            drop |= _subtree_ids(t)
            drop |= {c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i and c.i > t.head.i}
    return drop


NARRATING_MARKS = frozenset({"while", "after", "before", "as", "when", "since", "whereas", "though", "although"})


def _narrated_speech(tokens: list[Token], index: "CueIndex") -> set[int]:
    """Tokens of a trailing `while/after X said ...` clause: another speech event with its own
    source, which the writer adds as context rather than part of what was said."""
    inside = {t.i for t in tokens}
    drop: set[int] = set()
    for t in tokens:
        if t.dep_ != "advcl" or t.head.i not in inside or t.i < t.head.i:
            continue
        mark = next((c for c in t.children if c.dep_ == "mark"), None)
        if mark is None or mark.lower_ not in NARRATING_MARKS or mark.i < t.head.i:
            continue
        if any(c.dep_ in SUBJECT_DEPS for c in t.children) and match_cue(t, index) is not None:
            drop |= _subtree_ids(t)
    return drop


def _parenthetical_content(head: Token, words: list[Token]) -> list[Token] | None:
    """`But, he said, X ...` / `X ..., officials said` where the parser hung the cue on X."""
    if head.dep_ not in ("parataxis", "ccomp", "advcl", "dep", "conj") or head.head == head:
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "obj") for c in head.children):
        return None
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    commas = ",—–()"
    set_off = (doc[left].text in commas or (left > 0 and doc[left - 1].text in commas)
               or doc[right].text in commas or (right + 1 < len(doc) and doc[right + 1].text in commas))
    at_end = right + 1 >= len(doc) or doc[right + 1].is_sent_end or doc[right + 1].text in ".!?"
    if not (set_off or at_end) or _source_token(head) is None:
        return None
    governor = head.head
    if governor.pos_ not in ("VERB", "AUX") or governor.i == head.i:
        return None
    ids = _subtree_ids(governor) - _subtree_ids(head)
    tokens = _contiguous(ids, head.doc, anchor=governor.i)
    return tokens or None


def _extend_to_that(tokens: list[Token], cue: Token, doc: Doc) -> list[Token]:
    """`told X that while A, B`: the parser may hang `while A` on the cue; what follows
    the complementiser `that` is all content."""
    if not tokens or tokens[0].i <= cue.i:
        return tokens
    that = next((t for t in doc[cue.i + 1:tokens[0].i] if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is None or that.sent != tokens[0].sent:
        return tokens
    return _trim_tokens([doc[i] for i in range(that.i + 1, tokens[-1].i + 1)]) or tokens


DATELINE_SEPARATORS = frozenset({"--", "—", "–", "-", ":", "|"})
DATELINE_WORDS = 12


def _strip_dateline(tokens: list[Token]) -> list[Token]:
    """Drop a dateline that opens the content (`LONDON, May 3 (Reuters) - `, `WASHINGTON: `):
    the place and date of the story, not what was said."""
    if not tokens or not tokens[0].is_sent_start or not (tokens[0].is_upper or tokens[0].is_title):
        return tokens
    for j, token in enumerate(tokens[:DATELINE_WORDS]):
        if token.text in DATELINE_SEPARATORS and j > 0:
            if token.text == "-" and not (token.whitespace_ and tokens[j - 1].whitespace_):
                return tokens  # a hyphen inside a word
            prefix = tokens[:j]
            if any(t.pos_ in ("VERB", "AUX") for t in prefix) or not any(t.ent_type_ == "GPE" or t.is_upper
                                                                        for t in prefix):
                return tokens
            return _trim_tokens(tokens[j + 1:]) or tokens
        if token.pos_ in ("VERB", "AUX"):
            return tokens
    return tokens


def _extend_to_coordinated_clause(tokens: list[Token], cue: Token, doc: Doc, index: "CueIndex") -> list[Token]:
    """`said A and B`, where the parser coordinated clause B with the cue instead of with A:
    a clause with its own subject that is not itself a speech act goes on with the content."""
    if not tokens or tokens[0].i < cue.i:
        return tokens
    for child in cue.children:
        if child.dep_ != "conj" or child.i <= tokens[-1].i or match_cue(child, index) is not None:
            continue
        if not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            continue
        gap = doc[tokens[-1].i + 1:child.left_edge.i]
        if len(gap) > 2 or any(not (t.is_punct or t.dep_ == "cc") for t in gap):
            continue
        return _trim_tokens([doc[i] for i in range(tokens[0].i, child.right_edge.i + 1)]) or tokens
    return tokens


def _extend_past_colon(tokens: list[Token], doc: Doc) -> list[Token]:
    """Content followed by a colon goes on to the end of the sentence (`argued against X: Y`)."""
    if not tokens:
        return tokens
    nxt = tokens[-1].i + 1
    if nxt < len(doc) and doc[nxt].text == ":" and doc[nxt].sent == tokens[-1].sent:
        end = doc[nxt].sent.end
        extended = _trim_tokens([doc[i] for i in range(tokens[0].i, end)])
        return extended or tokens
    return tokens


QUOTING_VERBS = frozenset({"quote", "cite"})
INVERSION_PUNCT = frozenset({",", "”", "\"", "’", "'", "—", "–"})


def _quoted_person(token: Token) -> Token | None:
    """`the paper quoted Kayani as saying`, `Kayani was quoted as saying`: the person quoted."""
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            return child
    return None


def _quoting_source(head: Token) -> Token | None:
    """The outer source of `X quoted Y as saying` or `Y was quoted by X`: X, the `via`."""
    token = head
    for _ in range(3):
        if token.lemma_.lower() in QUOTING_VERBS and _quoted_person(token) is not None:
            for child in token.children:
                if child.dep_ == "nsubj":
                    return child
                if child.dep_ == "agent":
                    return next((g for g in child.children if g.dep_ == "pobj"), None)
            return None
        if token.head == token:
            break
        token = token.head
    return None


def _source_token(head: Token) -> Token | None:
    """The grammatical source of a cue: subject, passive agent, or inherited subject."""
    if head.lemma_.lower() in QUOTING_VERBS:
        quoted = _quoted_person(head)  # "the paper quoted Kayani as saying": Kayani speaks
        if quoted is not None and quoted.pos_ in ("PROPN", "NOUN"):
            return quoted
    seen = 0
    token = head
    while token is not None and seen < 4:
        seen += 1
        if token is not head and token.lemma_.lower() in QUOTING_VERBS:
            quoted = _quoted_person(token)
            if quoted is not None:
                return quoted
        for child in token.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.tag_ == "WP" and token.dep_ == "relcl":
                    return token.head
                return child
            if child.dep_ == "agent":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if token is head and head.i > 0 and head.doc[head.i - 1].text in INVERSION_PUNCT:
            # `"...," added the official`: the parser may take the inverted subject for an object
            inverted = next((c for c in head.children if c.dep_ in ("dobj", "obj") and c.i > head.i
                             and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                  or c.tag_ in ("NN", "NNS") and c.dep_ != "pobj")), None)
            if inverted is not None and inverted.right_edge.i + 1 < len(head.doc) \
                    and head.doc[inverted.right_edge.i + 1].text in ".,;":
                return inverted
        if token.dep_ == "relcl":
            return token.head
        if token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.head.lemma_.lower() in QUOTING_VERBS:
            token = token.head.head  # "quoted sources as saying": climb to the quoting verb
            continue
        if token.dep_ in ("conj", "advcl", "xcomp", "acl") and token.head != token:
            # "..., adding that", "and has called on": the subject of the governing verb
            if token.dep_ == "acl" and token.tag_ != "VBG":
                return None
            token = token.head
            if token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT":
                return token if token.pos_ in ("NOUN", "PROPN") else None
            continue
        break
    return None


def _cue_text(doc: Doc, words: list[Token]) -> tuple[str, int, int]:
    start = words[0].idx
    end = words[-1].idx + len(words[-1].text)
    if len(words) == 1:
        return words[0].text, start, end
    return text_of(doc)[start:end], start, end


def _according_source(according: Token) -> Token | None:
    """X of `according to X` when X names a source (`according to officials`), not a measure
    (`according to its priorities`, `according to plan`)."""
    from .attribution import can_speak  # attribution builds on this module

    to = next((c for c in according.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return pobj if pobj is not None and can_speak(pobj) else None


def _according_to(doc: Doc) -> list[Found]:
    found = []
    if "ccording" not in text_of(doc):
        return found
    for token in doc:
        if token.lower_ != "according":
            continue
        pobj = _according_source(token)
        governor = token.head
        if pobj is None or governor == token:
            continue
        to = pobj.head
        clause = governor
        while clause.dep_ not in ("ROOT",) and clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
            clause = clause.head
        ids = _subtree_ids(clause) - _subtree_ids(token)
        tokens = _trim_tokens(_contiguous(ids, doc))
        span = _char_span(tokens)
        if span:
            cue, cs, ce = text_of(doc)[token.idx:to.idx + len(to.text)], token.idx, to.idx + len(to.text)
            found.append(Found(span[0], span[1], "indirect", cue, cs, ce, source_i=pobj.i))
    return found


QUESTION_WORDS = frozenset({"what", "why", "how", "whether", "when", "where", "who", "which", "if"})


def _unanswered_question(cue: Token, tokens: list[Token]) -> bool:
    """`did not say what ...`, `Asked whether ...`: a question put to the source, or one it left
    open, states nothing the source said."""
    opens = next((t for t in tokens if not t.is_punct and t.lower_ != "that"), None)
    if opens is None or opens.lower_ not in QUESTION_WORDS:
        return False
    negated = any(c.dep_ == "neg" for c in cue.children)
    asked = cue.lemma_.lower() == "ask" and cue.tag_ == "VBN" and not any(c.dep_ in SUBJECT_DEPS for c in cue.children)
    return negated or asked


def find_indirect(doc: Doc, *, cues: list[Cue] | None = None) -> list[Found]:
    """Reported speech: the content each communication cue governs, with its source token."""
    index = cue_index(cues)
    found = []
    for token in _cue_heads(doc, index):
        matched = match_cue(token, index)
        if matched is None:
            continue
        cue, words = matched
        result = _content_child(cue, token, words)
        tokens = result[0] if result else None
        if tokens and _unanswered_question(token, tokens):
            continue
        if tokens is None:
            tokens = _parenthetical_content(token, words)
        if not tokens:
            continue
        drop = {t.i for w in words for t in ([w] if w is not token else [])}
        source = _source_token(token)
        if source is not None:  # "Mullen, who said ...": the cue may sit inside its source's subtree
            drop |= _subtree_ids(source) - _subtree_ids(token)
        drop |= _coordinated_cues(tokens, index) | _narrated_speech(tokens, index)
        ids = {t.i for t in tokens} - drop - {token.i}
        outer = _quoting_source(token)
        via = outer.i if outer is not None and outer != source else None
        for t in tokens:  # an "according to X" inside the content is its outer source
            outer_source = _according_source(t) if t.lower_ == "according" and t.i in ids else None
            if outer_source is not None:
                ids -= _subtree_ids(t)
                via = outer_source.i
        tokens = _trim_tokens(_contiguous(ids, doc))
        tokens = _extend_to_that(tokens, token, doc)
        if result is not None:
            tokens = _extend_to_coordinated_clause(tokens, token, doc, index)
        tokens = _strip_dateline(_extend_past_colon(tokens, doc))
        span = _char_span(tokens)
        if not span or not any(t.is_alpha and not t.is_stop for t in tokens):
            continue
        text, cs, ce = _cue_text(doc, words)
        found.append(Found(span[0], span[1], "indirect", text, cs, ce,
                           source_i=source.i if source is not None else None, via_i=via))
    found.extend(_according_to(doc))
    return found


# ---------------------------------------------------------------- headlines and interviews

HEADLINE_COLON = re.compile(r"^(?P<left>[^:\n]{3,200}?)\s*:\s+(?P<right>[^:\n]{2,200})$")


def find_colon_quotes(doc: Doc) -> list[Found]:
    """`No operation in North Waziristan: Kayani` and `Zardari to US: stop drone strikes`."""
    text = text_of(doc)
    found = []
    for p_start, p_end in paragraphs_of(doc):
        line = text[p_start:p_end]
        stripped = line.rstrip()
        if not stripped or stripped[-1] in ".?!" and len(stripped.split()) > 25:
            continue
        m = HEADLINE_COLON.match(stripped.strip())
        if not m or len(stripped.split()) > 25:
            continue
        offset = p_start + (len(line) - len(line.lstrip()))
        left, right = m.group("left"), m.group("right")
        ls, rs = offset + m.start("left"), offset + m.start("right")
        right_words = right.split()
        if len(right_words) <= 4 and right[:1].isupper() and not right.rstrip().endswith((".", "?")):
            # content: speaker at the end
            if _looks_named(right):
                found.append(Found(ls, ls + len(left.rstrip()), "indirect", None,
                                   source_span=(rs, rs + len(right.rstrip(" .")))))
                continue
        to = re.match(r"^(?P<who>.{2,60}?)\s+to\s+(?P<whom>[A-Z][\w.\- ]{1,40})$", left)
        if to and _looks_named(to.group("who")):
            content_end = rs + len(right.rstrip(" ."))
            found.append(Found(rs, content_end, "indirect", None,
                               source_span=(ls, ls + len(to.group("who")))))
            continue
        if _looks_named(left) and len(left.split()) <= 4 and p_start > 0 and len(right.split()) >= 3:
            # an interview line "Name: words"
            found.append(Found(rs, rs + len(right.rstrip()), "direct", None,
                               source_span=(ls, ls + len(left))))
    return found


def _looks_named(text: str) -> bool:
    """A short name-like phrase (`Kayani`, `Gen Kayani`, `US envoy`), not page furniture."""
    words = [w for w in re.findall(r"[\w.'’-]+", text) if w]
    if not words or len(words) > 5 or any(w.lower().strip(".") in NOT_SPEAKERS for w in words):
        return False
    if sum(w.isupper() and len(w) > 3 for w in words) == len(words):
        return False  # "PHOTO", "WATCH": shouting labels
    return all(w[0].isupper() or w.lower() in ("of", "the", "and", "al", "bin", "ul", "ud", "to")
               for w in words)


# ---------------------------------------------------------------- putting it together

def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _outside_is_trivial(text: str, outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    rest = text[outer[0]:inner[0]] + " " + text[inner[1]:outer[1]]
    rest = re.sub(r"\bthat\b", " ", rest, flags=re.IGNORECASE)
    return not any(unicodedata.category(ch)[0] in "LN" for ch in rest)


def _tokens_between(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand") if end > start else None


def _cue_near(doc: Doc, mark: MarkSpan, marks: list[MarkSpan], index: CueIndex,
              paragraphs: list[tuple[int, int]]) -> tuple[Cue, list[Token]] | None:
    """A cue next to a direct quote: `"...," he said`, `said X: "..."`, `he said, "..."`."""
    text = text_of(doc)
    para_start, para_end = next(((s, e) for s, e in paragraphs if s <= mark.start <= e), (0, len(text)))
    later = [m.start - 1 for m in marks if m.start > mark.end]
    earlier = [m.end + 1 for m in marks if m.end < mark.start]
    # after the closing mark, up to the next quote or the end of the sentence
    after_end = min([para_end] + later)
    stop = re.search(r"[.!?](\s|$)", text[mark.end + 1:after_end])
    if stop:
        after_end = mark.end + 1 + stop.end()
    window = _tokens_between(doc, mark.end + 1, after_end)
    if window is not None:
        for token in window:
            if token.idx < mark.end + 1:
                continue
            matched = match_cue(token, index)
            if matched and (_source_token(token) is not None or token.dep_ == "ROOT"):
                return matched
    before_start = max([para_start] + earlier)
    stop = None
    for m in re.finditer(r"[.!?][\"”’']?\s", text[before_start:mark.start - 1]):
        stop = m
    if stop:
        before_start = before_start + stop.end()
    window = _tokens_between(doc, before_start, mark.start - 1)
    tokens = [t for t in window or [] if t.idx + len(t.text) <= mark.start - 1]
    return _last_cue(tokens, index) or _colon_introduction(doc, mark, para_start, paragraphs, index) \
        or _introducing_verb(tokens)


def _last_cue(tokens, index: CueIndex) -> tuple[Cue, list[Token]] | None:
    """The last cue among the tokens that has a grammatical source."""
    for token in reversed(list(tokens)):
        matched = match_cue(token, index)
        if matched and _source_token(token) is not None:
            return matched
    return None


def _colon_introduction(doc: Doc, mark: MarkSpan, para_start: int, paragraphs: list[tuple[int, int]],
                        index: CueIndex) -> tuple[Cue, list[Token]] | None:
    """`He told reporters:` closing one paragraph, the quote opening the next one."""
    text = text_of(doc)
    if text[para_start:mark.start - 1].strip():
        return None  # the quote does not open its paragraph
    previous = [(s, e) for s, e in paragraphs if e <= para_start]
    if not previous or not text[previous[-1][0]:previous[-1][1]].rstrip().endswith(":"):
        return None
    start, end = previous[-1]
    tokens = list(_tokens_between(doc, start, end) or [])
    return _last_cue(tokens, index) or _introducing_verb(tokens)


def _introducing_verb(tokens) -> tuple[Cue, list[Token]] | None:
    """`The minister echoed:` right before the quote: a colon makes any verb with a subject
    the introduction of the quote (the verb need not be a cue)."""
    tokens = [t for t in tokens if not t.is_space]
    if not tokens or tokens[-1].text != ":":
        return None
    for token in reversed(tokens[:-1]):
        if token.pos_ in ("VERB", "AUX") and _source_token(token) is not None:
            return Cue((token.lemma_.lower(),), frozenset({"clause"})), [token]
        if token.is_sent_start or token.text in ";:":
            break
    return None


DASH_SOURCE = re.compile(r"[ \t]*[,.]?[ \t]*(?:—|–|--|-)[ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})")


def _dash_source(text: str, mark: MarkSpan) -> tuple[int, int] | None:
    """`"We will act." — Farid Osmani`: a name after a dash that follows the closing mark."""
    if not mark.closed:
        return None
    m = DASH_SOURCE.match(text, mark.end + 1)
    if m is None or not _looks_named(m.group("name")):
        return None
    return m.start("name"), m.end("name")


def find_quotes(doc: Doc, *, cues: list[Cue] | None = None) -> list[Found]:
    """All quotes of an article, in text order: direct, indirect and mixed, deduplicated."""
    index = cue_index(cues)
    text = text_of(doc)
    paragraphs = paragraphs_of(doc)
    marks = find_mark_spans(text, paragraphs)
    indirect = find_indirect(doc, cues=cues)
    colon = find_colon_quotes(doc)
    results: list[Found] = []
    used_marks: set[int] = set()
    kept_indirect: list[Found] = []
    for quote in indirect:
        inside = [(k, m) for k, m in enumerate(marks) if m.start >= quote.start - 1 and m.end <= quote.end + 1]
        if any(m.start < quote.start - 1 and m.end > quote.start or m.start < quote.end < m.end - 0
               for m in marks if not (m.start >= quote.start - 1 and m.end <= quote.end + 1)):
            # content crossing a quotation mark: let the marked span speak for itself
            if any(m.start <= quote.start and m.end >= quote.end for m in marks):
                continue
        whole = [(k, m) for k, m in inside if _outside_is_trivial(text, (quote.start, quote.end), (m.start, m.end))]
        if whole:
            k, m = whole[0]
            used_marks.add(k)
            results.append(Found(m.start, m.end, "direct", quote.cue, quote.cue_start, quote.cue_end,
                                 source_i=quote.source_i, via_i=quote.via_i))
            continue
        if any(m.start <= quote.start and quote.end <= m.end for m in marks):
            continue  # reported speech inside a direct quote belongs to that quote
        if inside:
            used_marks.update(k for k, _ in inside)
            start = min(quote.start, min(m.start - 1 for _, m in inside))
            end = max(quote.end, max(m.end + (1 if m.closed else 0) for _, m in inside))
            kept_indirect.append(replace(quote, start=start, end=end, type="mixed"))
        else:
            kept_indirect.append(quote)
    for k, mark in enumerate(marks):
        if k in used_marks:
            continue
        near = _cue_near(doc, mark, marks, index, paragraphs)
        content = text[mark.start:mark.end]
        if near is not None:
            cue, words = near
            cue_text, cs, ce = _cue_text(doc, words)
            source = _source_token(words[0])
            outer = _quoting_source(words[0])
            results.append(Found(mark.start, mark.end, "direct", cue_text, cs, ce,
                                 source_i=source.i if source is not None else None,
                                 via_i=outer.i if outer is not None and outer != source else None))
        elif (dash := _dash_source(text, mark)) is not None:
            results.append(Found(mark.start, mark.end, "direct", source_span=dash))
        elif _word_count(content) >= MIN_UNCUED_WORDS or not mark.closed:
            results.append(Found(mark.start, mark.end, "direct", continues=True))
    results.extend(kept_indirect)
    for quote in colon:
        if not any(_overlap(quote, other) for other in results):
            results.append(quote)
    return _dedupe(_nest(results, doc))


def _overlap(a: Found, b: Found) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _dedupe(quotes: list[Found]) -> list[Found]:
    """Keep one record where two overlap by half the longer: the direct one, else the longer."""
    quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
    kept: list[Found] = []
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    for quote in sorted(quotes, key=lambda q: (rank[q.type], q.via_i is None, -(q.end - q.start))):
        clash = next((k for k in kept if _overlap(k, quote) * 2 >= max(k.end - k.start, quote.end - quote.start)), None)
        if clash is None:
            kept.append(quote)
    return sorted(kept, key=lambda q: (q.start, q.end))


def _reports_speech(doc: Doc, inner: Found) -> bool:
    """Whether an inner cue reports speech of its own (a clause or an infinitive, or any content
    of a named person), so that the outer event is nested speech; a body's cue with a noun-phrase
    object (`said Washington welcomed the move`) is part of what the outer source said."""
    content = doc.char_span(inner.start, inner.end, alignment_mode="expand")
    if content is not None and len(content) > 0 and content.root.pos_ in ("VERB", "AUX"):
        return True
    # a named person's speech act is the innermost identifiable event (ANNOTATION.md section 1)
    return inner.source_i is not None and doc[inner.source_i].ent_type_ == "PERSON"


def _nest(quotes: list[Found], doc: Doc) -> list[Found]:
    """Nested speech: an outer event whose content holds another cue gives way to the inner one,
    whose `via_i` then names the outer source (ANNOTATION.md section 1)."""
    result = list(quotes)
    drop = set()
    for i, outer in enumerate(result):
        if outer.type == "direct" or outer.cue_start is None:
            continue
        for j, inner in enumerate(result):
            if i == j or inner.cue_start is None or inner.type == "direct":
                continue
            if (outer.start <= inner.cue_start and inner.cue_end <= outer.end
                    and outer.start <= inner.start and inner.end <= outer.end + 2) and _reports_speech(doc, inner):
                drop.add(i)
                if inner.via_i is None:
                    result[j] = replace(inner, via_i=outer.source_i)
    return [q for k, q in enumerate(result) if k not in drop]
