"""Speakers: from the cue's grammatical source to one canonical name and a side.

Pronouns go to the most recent compatible person (subjects first), definite descriptions
(`the official`) to their earlier fuller mention, names to the gazetteer or to the fullest
form the article gives, and unnamed sources to a lower-case descriptor (ANNOTATION.md §2).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .layout import text_of
from .indirect import DATELINE_SEPARATORS
from .types import Found
from .resources import TITLE_WORDS, Gazetteer, Source, load_gazetteer, normalise_name, strip_titles

PERSON_NOUNS = frozenset("""
official officials spokesman spokeswoman spokesperson minister president general chief
commander ambassador secretary envoy adviser advisor senator source sources diplomat diplomats
officer officers leader leaders lawmaker lawmakers analyst analysts aide aides premier pm
admiral army-chief director representative governor chairman colonel major lieutenant
captain brigadier statesman politician politicians legislator legislators expert experts
negotiator negotiators militant militants commander commanders member members
""".split())
DOCUMENT_NOUNS = frozenset("report reports statement statements newspaper paper daily channel agency "
                           "letter cable memo broadcast communique resolution release article "
                           "ad advert advertisement tweet email e-mail study survey poll book website document "
                           "filing petition editorial".split())
MEDIA_WORDS = frozenset("report reports newspaper newspapers paper media daily channel agency television "
                        "tv broadcaster press times post journal news tribune".split())
SIDE_WORDS = {
    "pakistan": "pakistani pakistan pakistan's islamabad ispr isi rawalpindi pak".split(),
    "us": "us u.s. american americans washington pentagon america u.s u.s.-led cia".split(),
    "afghanistan": "afghan afghans afghanistan kabul".split(),
}
# Common nouns that can name a source (besides PERSON_NOUNS, DOCUMENT_NOUNS, MEDIA_WORDS);
# a subject headed by any other common noun ("the process", "missile attacks") is a parse
# error, not a speaker.
BODY_NOUNS = frozenset("""government military army ministry office embassy administration parliament
assembly senate congress committee conference council party agency force forces police authority
authorities leadership establishment delegation side country nation state states team cabinet court
commission organisation organization group coalition alliance network movement wing department
command headquarters presidency secretariat meeting summit resolution people residents witnesses
villagers elders tribesmen taliban islamabad washington kabul nato isaf un""".split())
DROP_WORDS = frozenset("a an the some this that these those his her its their our my your one two three "
                       "four five several many few".split())
PLURAL_PRONOUNS = frozenset({"they", "we", "them"})
NON_PERSON_NOUNS = DOCUMENT_NOUNS | MEDIA_WORDS | (BODY_NOUNS - {"people", "residents", "witnesses", "villagers",
                                                                 "elders", "tribesmen"})
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})


@dataclass(frozen=True)
class Speaker:
    """A resolved source: canonical name, the mention it came from, and a side."""

    name: str
    mention: str
    start: int | None
    end: int | None
    side: str


NO_SPEAKER = Speaker("", "", None, None, "")


def mention_tokens(token: Token) -> list[Token]:
    """The noun phrase a source token heads, without relative clauses and appositions."""
    drop = set()
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl") or (
                child.dep_ == "prep" and child.i > token.i and child.lower_ not in ("of", "with", "at", "in", "from", "to", "for")):
            drop |= {t.i for t in child.subtree}
    tokens = [t for t in token.subtree if t.i not in drop]
    # keep one contiguous run around the head
    run = [token]
    by_i = {t.i: t for t in tokens}
    i = token.i - 1
    while i in by_i:
        run.insert(0, by_i[i])
        i -= 1
    i = token.i + 1
    while i in by_i:
        run.append(by_i[i])
        i += 1
    while run and (run[-1].is_punct or run[-1].dep_ == "case" and run[-1] is not token):
        if run[-1] is token:
            break
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    return run or [token]


def descriptor(tokens: list[Token]) -> str:
    """`A senior Pakistani security official` -> `senior pakistani security official`."""
    words = [t for t in tokens if not (t.lower_ in DROP_WORDS and t.dep_ in ("det", "poss", "nummod", "predet"))
             and t.pos_ != "NUM" and t.tag_ != "PRP$"]
    text = " ".join(w.text for w in words)
    return normalise_name(text.replace("’", "'"))


class ArticleSpeakers:
    """The speakers of one article: entity index, alias merging and resolution."""

    def __init__(self, doc: Doc, *, gazetteer: Gazetteer | None = None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer or load_gazetteer()
        # spaCy builds new Span objects on every `doc.ents` / `doc.sents`: build them once
        self.ents = list(doc.ents)
        self.sent_starts = [sent.start for sent in doc.sents]
        self.persons = [ent for ent in self.ents if ent.label_ == "PERSON"]
        # surname -> fullest name in the article (in-article alias merging)
        self.fullest: dict[str, str] = {}
        for ent in self.persons:
            name = strip_titles(ent.text)
            words = name.split()
            if not words:
                continue
            key = words[-1].lower()
            if len(name) > len(self.fullest.get(key, "")):
                self.fullest[key] = name
        # title nouns that introduce a named person: "Foreign Office spokesman Abdul Basit"
        self.titled: list[tuple[int, str, Token]] = []
        for ent in self.persons:
            head = ent.root
            for t in list(head.children) + [head.head]:
                if t.lower_ in PERSON_NOUNS or t.lemma_.lower() in PERSON_NOUNS:
                    self.titled.append((ent.start, t.lemma_.lower(), head))
            for t in doc[max(0, ent.start - 4):ent.start]:
                if t.lemma_.lower() in PERSON_NOUNS or t.lower_ in PERSON_NOUNS:
                    self.titled.append((ent.start, t.lemma_.lower(), head))
        self.history: list[tuple[int, Speaker, str]] = []  # (token index, speaker, head lemma)

    # ---------------------------------------------------------------- names

    def lookup(self, text: str) -> Source | None:
        return self.gazetteer.lookup(text)

    def canonical_person(self, text: str) -> tuple[str, str]:
        """Canonical name and side for a personal name as written."""
        source = self.lookup(text)
        if source is not None:
            return source.name, source.side
        name = strip_titles(text).strip(" ,.")
        words = name.split()
        if words:
            fullest = self.fullest.get(words[-1].lower(), name)
            source = self.lookup(fullest)
            if source is not None:
                return source.name, source.side
            name = fullest if len(fullest) >= len(name) else name
        return name, self.side_of_person(name)

    def side_of_person(self, name: str) -> str:
        """Side of a person not in the gazetteer, from the words next to their mentions."""
        last = name.split()[-1].lower() if name.split() else ""
        for ent in self.persons:
            if ent.text.split() and ent.text.split()[-1].lower().strip("’'s") == last:
                window = self.doc[max(0, ent.start - 6):min(len(self.doc), ent.end + 8)]
                side = side_from_words([t.lower_ for t in window if t.i < ent.start or t.i >= ent.end])
                if side:
                    return side
        return "other"

    # ---------------------------------------------------------------- resolution

    def resolve_token(self, token: Token) -> Speaker:
        """Resolve a source token (name, description, pronoun or organisation)."""
        group = partitive_group(token)
        if group is not None:  # "one of the officials said": the officials speak
            return self.resolve_token(group)
        if token.tag_ in ("WDT", "WP"):  # "Amnesty, which said ...": the noun the clause modifies
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            if clause is not None and clause.head.pos_ in ("PROPN", "NOUN"):
                return self.resolve_token(clause.head)
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "WP"):
            antecedent = self.antecedent(token)
            return antecedent or NO_SPEAKER
        if is_dateline(token):
            return self._resolve_single(token)
        # coordinated sources: "A and B said"
        conjuncts = [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
        if conjuncts:
            parts = [self._resolve_single(t) for t in [token, *conjuncts]]
            if all(p.name for p in parts):
                sides = {p.side for p in parts}
                span = (token.left_edge.idx, conjuncts[-1].right_edge.idx + len(conjuncts[-1].right_edge.text))
                return Speaker(" and ".join(p.name for p in parts), text_of(self.doc)[span[0]:span[1]], span[0], span[1],
                               sides.pop() if len(sides) == 1 else "other")
        return self._resolve_single(token)

    def _resolve_single(self, token: Token) -> Speaker:
        """Resolve one noun phrase, taking a name from its apposition when it has one."""
        if token.pos_ == "PRON":
            return self.antecedent(token) or NO_SPEAKER
        if is_dateline(token):
            # "ISLAMABAD: Prime Minister Gilani said": the parser made the dateline the subject
            named = after_dateline(token)
            if named is None:
                named = next((t for t in token.subtree if t.i > token.i + 1 and t.ent_type_ in ("PERSON", "ORG")
                              and not is_dateline(t)), None)
            return self._resolve_single(named) if named is not None else NO_SPEAKER
        tokens = mention_tokens(token)
        speaker = self.resolve_mention(tokens, token)
        appos = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ == "appos":
            appos.append(token.head)
        for other in appos:
            candidate = self.resolve_mention(mention_tokens(other), other)
            if self._is_named(candidate) and not self._is_named(speaker):
                speaker = Speaker(candidate.name, speaker.mention, speaker.start, speaker.end, candidate.side)
        return speaker

    def _is_named(self, speaker: Speaker) -> bool:
        return bool(speaker.name) and speaker.name != speaker.name.lower()

    def resolve_mention(self, tokens: list[Token], head: Token) -> Speaker:
        """A noun phrase to a speaker: gazetteer, person name, document, description."""
        doc = self.doc
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = text_of(doc)[start:end]
        head_lemma = head.lemma_.lower()
        # a document speaks for the body that issued it: "an ISPR statement", "a Times report"
        if head_lemma in DOCUMENT_NOUNS:
            for t in tokens:
                if t is head:
                    continue
                for candidate in (t.text, text_of(doc)[t.left_edge.idx:t.idx + len(t.text)]):
                    source = self.lookup(candidate)
                    if source is not None:
                        return Speaker(source.name, text, start, end, source.side)
            ents = [e for e in self.ents if e.start >= tokens[0].i and e.end <= tokens[-1].i + 1
                    and e.label_ in ("ORG", "WORK_OF_ART", "PERSON")]
            for e in ents:
                source = self.lookup(e.text)
                name = source.name if source else e.text
                return Speaker(name, text, start, end, source.side if source else "media")
        source = self.lookup(text)
        if source is None and head.pos_ == "PROPN":
            source = self.lookup(text_of(doc)[head.left_edge.idx if head.left_edge.i >= tokens[0].i else start:
                                          head.idx + len(head.text)])
        if source is None and is_title_only(text):
            earlier = self.refer_back(head_lemma, head.i)
            if earlier is not None:
                return Speaker(earlier.name, text, start, end, earlier.side)
            return Speaker(descriptor(tokens), text, start, end, side_from_words(descriptor(tokens).split()) or "other")
        if source is None and head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or head.pos_ == "PROPN":
            ent = next((e for e in self.ents if e.start <= head.i < e.end), None)
            if ent is not None:
                source = self.lookup(ent.text)
                if source is None and ent.label_ == "PERSON":
                    name, side = self.canonical_person(ent.text)
                    return Speaker(name, text, start, end, side)
            if source is None and head.pos_ == "PROPN" and head.ent_type_ not in ("GPE", "NORP", "ORG"):
                name, side = self.canonical_person(text)
                if name and name[0].isupper():
                    return Speaker(name, text, start, end, side)
        if source is not None:
            return Speaker(source.name, text, start, end, source.side)
        # a definite description refers back: "the official", "the spokesman"
        determiner = tokens[0].lower_ if tokens else ""
        if determiner == "the" and (head_lemma in PERSON_NOUNS or head.lower_ in PERSON_NOUNS):
            earlier = self.refer_back(head_lemma, head.i)
            if earlier is not None:
                return Speaker(earlier.name, text, start, end, earlier.side)
        name = descriptor(tokens)
        if not name or not can_speak(head):
            return NO_SPEAKER
        return Speaker(name, text, start, end, side_from_words(name.split()) or self.media_side(head_lemma))

    def media_side(self, head_lemma: str) -> str:
        return "media" if head_lemma in MEDIA_WORDS else "other"

    def refer_back(self, head_lemma: str, before: int) -> Speaker | None:
        """The latest earlier speaker, or titled person, described by the same noun."""
        for i, speaker, lemma in reversed(self.history):
            if i < before and (lemma == head_lemma or head_lemma in speaker.mention.lower().split()):
                return speaker
        for i, lemma, person in reversed(self.titled):
            if lemma == head_lemma and i < before + 40:
                name, side = self.canonical_person(self.doc[person.left_edge.i:person.i + 1].text
                                                   if person.ent_type_ == "PERSON" else person.text)
                ent = next((e for e in self.persons if e.start <= person.i < e.end), None)
                if ent is not None:
                    name, side = self.canonical_person(ent.text)
                return Speaker(name, ent.text if ent is not None else person.text,
                               ent.start_char if ent is not None else person.idx,
                               ent.end_char if ent is not None else person.idx + len(person.text), side)
        return None

    def antecedent(self, pronoun: Token) -> Speaker | None:
        """Most recent compatible source before a pronoun, preferring earlier speakers and subjects."""
        if pronoun.lower_ == "it":
            return self.body_antecedent(pronoun)
        plural = pronoun.lower_ in PLURAL_PRONOUNS
        personal = pronoun.lower_ in SINGULAR_PRONOUNS
        sent_start = pronoun.sent.start
        # speakers already attributed in this or the previous two sentences come first
        for i, speaker, lemma in reversed(self.history):
            if i >= pronoun.i:
                continue
            if personal and lemma in NON_PERSON_NOUNS:
                continue  # "he said" never continues "the statement said"
            if self._plural(speaker, lemma) == plural:
                if i >= sent_start or self._sentences_between(i, pronoun.i) <= 2:
                    return speaker
                break
        for sent in self._sentences_back(pronoun, 4):
            candidates = [t for t in sent if t.i < pronoun.i and self._candidate(t, plural)]
            subjects = [t for t in candidates if t.dep_ in ("nsubj", "nsubjpass")]
            for token in reversed(subjects or candidates):
                speaker = self.resolve_token(token)
                if speaker.name:
                    return speaker
        for i, speaker, lemma in reversed(self.history):
            if i < pronoun.i and self._plural(speaker, lemma) == plural:
                return speaker
        return None

    def body_antecedent(self, pronoun: Token) -> Speaker | None:
        """`it said`: the latest organisation, country or document that spoke or was the subject."""
        for i, speaker, lemma in reversed(self.history):
            if i < pronoun.i and self._is_body(self.doc[i]):
                if self._sentences_between(i, pronoun.i) <= 2:
                    return speaker
                break
        for sent in self._sentences_back(pronoun, 3):
            candidates = [t for t in sent if t.i < pronoun.i and t.pos_ in ("PROPN", "NOUN")
                          and t.dep_ in ("nsubj", "nsubjpass") and self._is_body(t)]
            for token in reversed(candidates):
                speaker = self.resolve_token(token)
                if speaker.name:
                    return speaker
        return None

    @staticmethod
    def _is_body(token: Token) -> bool:
        lemma = token.lemma_.lower()
        return token.ent_type_ in ("ORG", "GPE", "NORP") or lemma in NON_PERSON_NOUNS

    def _sentences_between(self, i: int, j: int) -> int:
        return bisect_right(self.sent_starts, j) - bisect_right(self.sent_starts, i)

    def _sentences_back(self, token: Token, count: int):
        sents = []
        sent = token.sent
        sents.append(sent)
        start = sent.start
        while len(sents) < count and start > 0:
            prev = self.doc[start - 1].sent
            sents.append(prev)
            start = prev.start
        return sents

    def _plural(self, speaker: Speaker, lemma: str) -> bool:
        if " and " in speaker.name:
            return True
        words = speaker.mention.lower().split()
        return bool(words) and words[-1].endswith("s") and words[-1] in PERSON_NOUNS | {"officials", "sources"} or \
            speaker.name.lower() in ("pakistan", "united states", "afghanistan")

    def _candidate(self, token: Token, plural: bool) -> bool:
        if token.pos_ not in ("PROPN", "NOUN"):
            return False
        if token.dep_ in ("compound", "poss", "amod"):
            return False
        if plural:
            return token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in PERSON_NOUNS or token.ent_type_ in ("ORG", "GPE", "NORP")
        return token.ent_type_ == "PERSON" or (token.tag_ in ("NN", "NNP") and token.lemma_.lower() in PERSON_NOUNS)

    def fallback(self, cue_char: int, previous: Speaker | None) -> Speaker:
        """When grammar gives no source: the last named person or body before the cue in its
        sentence, else the speaker just before (a cue with no subject continues its speaker)."""
        span = self.doc.char_span(cue_char, cue_char + 1, alignment_mode="expand")
        if span is not None and len(span):
            cue = span[0]
            sent = cue.sent
            ents = [e for e in self.ents if sent.start <= e.start and e.end <= cue.i and e.label_ in ("PERSON", "ORG")]
            for ent in reversed(ents):
                speaker = self.resolve_mention(list(ent), ent.root)
                if speaker.name:
                    return speaker
        return previous or NO_SPEAKER

    def remember(self, token_i: int, speaker: Speaker, head_lemma: str) -> None:
        self.history.append((token_i, speaker, head_lemma))


PARTITIVES = frozenset("one two three some several many most few none all each another".split())


def partitive_group(token: Token) -> Token | None:
    """The group named by `one of them`, `two of the officials`: the head of its `of` phrase."""
    if token.lower_ not in PARTITIVES:
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def can_speak(head: Token) -> bool:
    """Whether a noun phrase's head can name a source at all."""
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or head.pos_ == "PROPN":
        return True
    lemma = head.lemma_.lower()
    return (lemma in PERSON_NOUNS or head.lower_ in PERSON_NOUNS or lemma in DOCUMENT_NOUNS
            or lemma in MEDIA_WORDS or lemma in BODY_NOUNS or head.lower_ in BODY_NOUNS)


def is_dateline(token: Token) -> bool:
    """`ISLAMABAD:` or `UNITED NATIONS (AFP) -` opening a paragraph: a place, not a source."""
    doc = token.doc
    start = token.left_edge.i if token.left_edge.i >= token.i - 3 else token.i
    words = doc[start:token.i + 1]
    if not all(t.text.isupper() and (t.is_alpha or t.text in ".,") for t in words):
        return False
    before = doc[start - 1] if start > 0 else None
    at_start = before is None or before.is_space or "\n" in before.whitespace_
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return at_start and after is not None and after.text in (":", "(", "—", "–", "-", ",")


def after_dateline(token: Token) -> Token | None:
    """The head of the noun phrase that follows a dateline the parser took for the subject
    (`ISLAMABAD, May 2 (Wire): Prime Minister X said`, `KABUL | The army said`)."""
    subtree = list(token.subtree)
    separator = next((t for t in subtree if t.i > token.i and (t.text in DATELINE_SEPARATORS or t.text == "):")),
                     None)
    if separator is None:
        return None
    heads = [t for t in subtree if t.i > separator.i and not (separator.i < t.head.i <= subtree[-1].i)
             and t.pos_ in ("PROPN", "NOUN")]
    # `ISLAMABAD - Pakistan said`: the parser may give the verb two subjects
    heads += [t for t in token.head.children if t.dep_ == "nsubj" and t.i > separator.i]
    return next((t for t in heads if can_speak(t) and not is_dateline(t)), None)


def is_title_only(text: str) -> bool:
    """`The Prime Minister`, `the army chief`: titles and articles, no name."""
    words = [w.strip(".,").lower() for w in text.replace("’", "'").split()]
    return bool(words) and all(w in TITLE_WORDS or w in ("the", "a", "an", "its", "his", "her", "of", "pakistan's")
                               for w in words)


def side_from_words(words: list[str]) -> str:
    """`pakistan`, `us`, `afghanistan` or `media` from nationality and organisation words, else ''."""
    lowered = [w.lower().strip(".,") for w in words]
    for side, markers in SIDE_WORDS.items():
        if any(w in markers for w in lowered):
            return side
    if any(w in MEDIA_WORDS for w in lowered):
        return "media"
    return ""


def attribute(doc: Doc, found: list[Found], *, gazetteer: Gazetteer | None = None) -> list[tuple[Found, Speaker, str | None]]:
    """Resolve the speaker (and the `via` outer source) of every quote, in text order."""
    speakers = ArticleSpeakers(doc, gazetteer=gazetteer)
    results = []
    previous: Speaker | None = None
    previous_end = -1
    for quote in sorted(found, key=lambda q: q.start):
        speaker = NO_SPEAKER
        if quote.source_span is not None:
            s, e = quote.source_span
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                speaker = speakers.resolve_mention(list(span), span.root)
                speaker = Speaker(speaker.name, text_of(doc)[s:e], s, e, speaker.side)
        elif quote.source_i is not None:
            token = doc[quote.source_i]
            speaker = speakers.resolve_token(token)
            if speaker.name:
                speakers.remember(token.i, speaker, token.lemma_.lower())
        elif quote.continues and previous is not None and quote.start - previous_end < 1500:
            speaker = previous
        if not speaker.name and quote.cue_start is not None:
            speaker = speakers.fallback(quote.cue_start, previous if quote.start - previous_end < 600 else None)
        if speaker.name and speaker.side == "":
            speaker = Speaker(speaker.name, speaker.mention, speaker.start, speaker.end, "other")
        via = None
        if quote.via_i is not None:
            outer = speakers.resolve_token(doc[quote.via_i])
            via = outer.name or None
        if speaker.name:
            previous, previous_end = speaker, quote.end
        results.append((quote, speaker, via))
    return results
