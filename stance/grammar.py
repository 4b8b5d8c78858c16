"""The grammar quote rules share: cue matching, the source of a cue, and token spans.

A cue is a verb (or phrase) of the packaged or given cue list; its source is its subject, its
passive agent, the person a quoting verb quotes, or the subject it inherits from the verb it
hangs on. Everything here reads a parsed Doc and returns tokens or character offsets.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from .layout import text_of
from .marks import DOUBLE_CLOSE, DOUBLE_OPEN, SINGLE_CLOSE, SINGLE_OPEN
from .resources import Cue, load_cues

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
PHRASE_WINDOW = 3  # words of a phrasal cue stand within this many tokens of its verb


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


def cue_heads(doc: Doc, index: CueIndex) -> list[Token]:
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
            # the word must belong to the cue: its child, or a child of another of its words
            # ("made it clear": `it` hangs on `clear`; not "called a meeting for Friday")
            found = next((t for t in near if t.head == token
                          or t.head.head == token and t.head.lemma_.lower() in cue.lemmas), None)
            if found is not None and found.dep_ == "prep" and any(
                    c.dep_ in ("dobj", "obj") and token.i < c.i < found.i for c in token.children):
                found = None  # "called a meeting for Friday": an object stands before the preposition
            if found is None:
                break
            words.append(found)
        else:
            return cue, sorted(words, key=lambda t: t.i)
    cue = index.single.get(lemma)
    if cue is None:
        return None
    return cue, [token]


# ---------------------------------------------------------------- token spans

def char_span(tokens: list[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def contiguous(tokens: set[int], doc: Doc, *, anchor: int | None = None) -> list[Token]:
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


# Words after which a leading `that` cannot be a demonstrative: `that the army`, `that drone
# strikes`, `that Pakistan` (the parser sometimes reads the complementiser as a determiner)
NOT_AFTER_DEMONSTRATIVE = frozenset({"DT", "PRP", "PRP$", "NNS", "NNP", "NNPS", "CD", "EX"})


def _complementiser(tokens: list[Token]) -> bool:
    return tokens[0].lower_ == "that" and len(tokens) > 1 and tokens[1].tag_ in NOT_AFTER_DEMONSTRATIVE


def trim_tokens(tokens: list[Token]) -> list[Token]:
    """Drop a leading `that`, conjunctions and punctuation, and trailing punctuation."""
    while tokens and (tokens[0].is_punct and tokens[0].text not in DOUBLE_OPEN + SINGLE_OPEN + "\"'"
                      or tokens[0].lower_ in ("that", "and", "but", ",") and tokens[0].dep_ in ("mark", "cc", "punct")
                      or _complementiser(tokens) or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in DOUBLE_CLOSE + SINGLE_CLOSE + "\"'"
                      or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


def subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}



def cue_text(doc: Doc, words: list[Token]) -> tuple[str, int, int]:
    start = words[0].idx
    end = words[-1].idx + len(words[-1].text)
    if len(words) == 1:
        return words[0].text, start, end
    return text_of(doc)[start:end], start, end



# ---------------------------------------------------------------- sources

QUOTING_VERBS = frozenset({"quote", "cite"})
INVERSION_PUNCT = frozenset({",", "”", "\"", "’", "'", "—", "–", "―"})


def _quoted_person(token: Token) -> Token | None:
    """`the paper quoted Kayani as saying`, `Kayani was quoted as saying`: the person quoted."""
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            return child
    return None


def quoting_source(head: Token) -> Token | None:
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


def reporting_person(cue: Token) -> Token | None:
    """`Gates said the US understood the pressures but urged Pakistan to act`: a cue with no
    subject of its own, joined to a verb that is no cue, inside a person's report, with a country
    or body as subject: the urging goes on with the person's report, who speaks for their side."""
    from .mentions import BODY_NOUNS, PERSON_NOUNS  # mentions builds on this module

    index = cue_index()
    token = cue.head
    if cue.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) \
            or token.dep_ != "ccomp" or match_cue(token, index) is not None or match_cue(token.head, index) is None:
        return None
    inner = next((c for c in token.children if c.dep_ == "nsubj"), None)
    outer = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
    if inner is None or outer is None:
        return None
    body = inner.ent_type_ in ("GPE", "ORG", "NORP") or inner.lemma_.lower() in BODY_NOUNS
    person = outer.ent_type_ == "PERSON" or outer.lower_ in ("he", "she") or outer.lemma_.lower() in PERSON_NOUNS
    return outer if body and person else None


# verbs of sending a message: their object or recipient is the addressee (`emailed supporters
# saying`, `sent an email to supporters stating`), not the one who speaks
SENDING_VERBS = frozenset("email e-mail text send mail message blast tweet write".split())


def _sender(noun: Token) -> Token | None:
    """The subject of a sending verb whose addressee a participle cue hangs on."""
    from .mentions import DOCUMENT_NOUNS, MEDIA_WORDS  # mentions builds on this module

    if noun.lemma_.lower() in DOCUMENT_NOUNS or noun.lemma_.lower() in MEDIA_WORDS:
        return None  # `a statement saying`: the document speaks for whoever issued it
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ in ("dative", "prep") and verb.lower_ == "to":
        verb = verb.head
    elif noun.dep_ not in ("dobj", "dative"):
        return None
    if verb.lemma_.lower() not in SENDING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def source_token(head: Token) -> Token | None:
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
        if token is head and head.i > 0 and head.doc[head.i - 1].text in INVERSION_PUNCT and head.tag_ != "VBG":
            # `"...," added the official`: the parser may take the inverted subject for an object
            # (not `..., telling reporters, "..."`: a participle's object is its addressee)
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
                sender = _sender(token)
                if sender is not None:
                    return sender
                return token if token.pos_ in ("NOUN", "PROPN") else None
            continue
        break
    return None



def according_source(according: Token) -> Token | None:
    """X of `according to X` when X names a source (`according to officials`), not a measure
    (`according to its priorities`, `according to plan`)."""
    from .mentions import can_speak  # mentions builds on this module

    to = next((c for c in according.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return pobj if pobj is not None and can_speak(pobj) else None


def in_tag_sentence(doc: Doc, end: int, start: int) -> bool:
    """Whether a character offset `start` lies in the sentence that holds a quotation's closing
    mark at `end` (the sentence of its speech tag)."""
    mark = doc.char_span(end, end + 1, alignment_mode="expand")
    return mark is not None and len(mark) > 0 and mark[0].sent.start_char <= start < mark[0].sent.end_char
