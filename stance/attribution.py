"""Speakers: from the cue's grammatical source to one canonical name and a side.

Pronouns go to the most recent compatible person (subjects first), definite descriptions
(`the official`) to their earlier fuller mention, names to the gazetteer or to the fullest
form the article gives, and unnamed sources to a lower-case descriptor (ANNOTATION.md §2).
A side comes from the gazetteer, else from the mention's own phrase, else HOME_SIDE.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .layout import text_of
from .indirect import DATELINE_SEPARATORS
from .types import Found
from .resources import TITLE_WORDS, Gazetteer, Source, load_gazetteer, normalise_name, strip_titles
from .sides import HOME_SIDE, NATIONAL_SIDES, agrees, joint_description, joint_sides, side_from_words, weak_side

PERSON_NOUNS = frozenset("""
official officials spokesman spokeswoman spokesperson minister president general chief
commander ambassador secretary envoy adviser advisor senator source sources diplomat diplomats
officer officers leader leaders lawmaker lawmakers analyst analysts aide aides premier pm
admiral army-chief director representative governor chairman colonel major lieutenant
captain brigadier statesman politician politicians legislator legislators expert experts
negotiator negotiators militant militants commander commanders member members
candidate nominee contender hopeful voter supporter backer donor delegate ally rival opponent critic
advocate proponent activist protester organizer strategist operative consultant pollster insider
judge justice prosecutor lawyer attorney mayor congressman congresswoman lobbyist staffer
person man woman friend wife husband father mother brother sister son daughter resident citizen
executive manager owner employee worker businessman tycoon mogul investor economist researcher scientist
scholar professor student reporter journalist correspondent editor columnist commentator author
host moderator narrator speaker observer attendee cleric pastor veteran partner actor actress
boy girl child kid teenager guy lady gentleman neighbor neighbour farmer shopkeeper driver nurse doctor
chairwoman chairperson councillor councilor
""".split())
JOURNALIST_NOUNS = frozenset("reporter journalist correspondent editor columnist commentator".split())
DOCUMENT_NOUNS = frozenset("report reports statement statements newspaper paper daily channel agency "
                           "letter cable memo broadcast communique resolution release article "
                           "ad advert advertisement tweet email e-mail study survey poll book website document "
                           "filing petition editorial lawsuit video message analysis review".split())
MEDIA_WORDS = frozenset("report reports newspaper newspapers paper media daily channel agency television "
                        "tv broadcaster press times post journal news tribune".split())
# Common nouns that can name a source (besides PERSON_NOUNS, DOCUMENT_NOUNS, MEDIA_WORDS);
# a subject headed by any other common noun ("the process", "missile attacks") is a parse
# error, not a speaker.
BODY_NOUNS = frozenset("""government military army ministry office embassy administration parliament
assembly senate congress committee conference council party agency force forces police authority
authorities leadership establishment delegation side country nation state states team cabinet court
commission organisation organization group coalition alliance network movement wing department
command headquarters presidency secretariat meeting summit resolution people residents witnesses
villagers elders tribesmen taliban islamabad washington kabul nato isaf un campaign company firm board
union panel staff family crowd audience house houses chamber""".split())
# How far back (sentences) a pronoun still continues the last speaker: measured on realnews/train
# (speaker accuracy 0.922 with 2, 0.927 with 5) and PolNeAR train (pronoun proxy 0.680 -> 0.702).
SPEAKER_SENTENCES = 5
DROP_WORDS = frozenset("a an the some this that these those his her its their our my your one two three "
                       "four five several many few".split())
PLURAL_PRONOUNS = frozenset({"they", "we", "them"})
NON_PERSON_NOUNS = DOCUMENT_NOUNS | MEDIA_WORDS | (BODY_NOUNS - {"people", "residents", "witnesses", "villagers",
                                                                 "elders", "tribesmen"})
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})


@dataclass(frozen=True)
class Speaker:
    """A resolved source: canonical name, the mention it came from, and a side; `placed` is
    False when nothing but HOME_SIDE gave the side."""

    name: str
    mention: str
    start: int | None
    end: int | None
    side: str
    placed: bool = True


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
            key = surname_key(name)
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
        """The gazetteer entry a name refers to, unless the name's own nationality word says it
        is another country's body (an Afghan foreign ministry is not the Foreign Office)."""
        source = self.gazetteer.lookup(text)
        if source is not None and source.side in NATIONAL_SIDES:
            marked = side_from_words(text.replace("’", "'").split())
            if marked in NATIONAL_SIDES and marked != source.side:
                return None
        return source

    def canonical_person(self, text: str) -> tuple[str, str]:
        """Canonical name and side for a personal name as written."""
        source = self.lookup(text)
        if source is not None:
            return source.name, source.side
        name = strip_titles(text).strip(" ,.")
        words = name.split()
        if words:
            fullest = self.fullest.get(surname_key(name), name)
            source = self.lookup(fullest)
            if source is not None:
                return source.name, source.side
            name = fullest if len(fullest) >= len(name) else name
        return name, self.side_of_person(name)

    def side_of_person(self, name: str) -> str:
        """Side of a person not in the gazetteer, from the noun phrase of any of their mentions
        (`US embassy spokesman X`, `X, who commands US troops`). Words merely near a name are
        not used: they describe the events as often as the person."""
        last = surname_key(name)
        mentions = [ent for ent in self.persons if surname_key(ent.text) == last]
        phrases = [[t for t in ent.root.subtree if not ent.start <= t.i < ent.end] for ent in mentions]
        # titles and appositions first, relative clauses after: `the US general who flew to
        # Islamabad` tells where he went, `X, who commands US troops` whom he serves
        for phrase in phrases:
            clauses = {d.i for t in phrase if t.dep_ in ("relcl", "acl", "advcl") for d in t.subtree}
            side = self.phrase_side([t for t in phrase if t.i not in clauses])
            if side:
                return side
        for phrase in phrases:
            side = self.phrase_side(phrase)
            if side:
                return side
        return ""

    def phrase_side(self, tokens: list[Token]) -> str:
        """The side that nationality words or gazetteer names in a phrase give, or ''. Where a
        speaker is (`a Western official in Islamabad`), or where they are sent (`the envoy to Kabul`),
        says nothing of whom they speak for."""
        located = {d.i for t in tokens if t.dep_ == "prep" and t.lower_ in ("in", "at", "to") for d in t.subtree}
        tokens = [t for t in tokens if t.i not in located]
        if joint_sides(tokens):
            return "other"
        if any(t.lemma_.lower() in JOURNALIST_NOUNS and t.dep_ not in ("dobj", "pobj", "dative") for t in tokens):
            return "media"  # `US journalist X`, `the BBC's correspondent`: the press, whatever its country
        side = side_from_words([t.lower_ for t in tokens])
        if side:
            return side
        inside = {t.i for t in tokens}
        for ent in self.ents:
            if ent.start in inside and ent.label_ in ("ORG", "GPE", "NORP", "PERSON"):
                source = self.lookup(ent.text)
                if source is not None:
                    return source.side
                if ent.label_ == "NORP":  # another nationality: "Japanese", "Indian"
                    return "other"
        if joint_description(tokens):
            return "other"
        # a role word alone, not a local one: `an administration official in the valley district`
        # speaks for the district, `a senior administration official` for Washington
        return "" if located else weak_side(tokens)

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
                sides = {p.side for p in parts if p.side}  # an unplaced part joins the other's side
                span = (token.left_edge.idx, conjuncts[-1].right_edge.idx + len(conjuncts[-1].right_edge.text))
                return Speaker(" and ".join(p.name for p in parts), text_of(self.doc)[span[0]:span[1]], span[0], span[1],
                               sides.pop() if len(sides) == 1 else "other" if sides else "")
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
                # `An Afghan border police commander, X`: the title places X when nothing else does
                speaker = Speaker(candidate.name, speaker.mention, speaker.start, speaker.end,
                                  candidate.side or speaker.side)
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
            author = document_author(head)
            issuer = self.resolve_token(author) if author is not None else NO_SPEAKER
            if not issuer.name and tokens[0].lower_ == "the":
                issuer = self.issuer(head.i) or NO_SPEAKER  # "the statement said": of the source just quoted
            if issuer.name:
                return Speaker(issuer.name, text, start, end, issuer.side)
        source = self.lookup(text)
        if source is None and head.pos_ == "PROPN":
            source = self.lookup(text_of(doc)[head.left_edge.idx if head.left_edge.i >= tokens[0].i else start:
                                          head.idx + len(head.text)])
        if source is None and is_title_only(text):
            earlier = self.refer_back(head_lemma, head.i, side=self.phrase_side(tokens))
            if earlier is not None:
                return Speaker(earlier.name, text, start, end, earlier.side)
            side = self.phrase_side(tokens)
            if not side and tokens[0].lower_ == "the":
                side = self.earlier_side(head, head_lemma)
            return Speaker(descriptor(tokens), text, start, end, side)
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
        # a definite description refers back: "the official", "the spokesman", "the embassy"
        determiner = tokens[0].lower_ if tokens else ""
        if determiner == "the" and (head_lemma in PERSON_NOUNS or head.lower_ in PERSON_NOUNS
                                    or head_lemma in BODY_NOUNS):
            earlier = self.refer_back(head_lemma, head.i, side=self.phrase_side(tokens),
                                      modifiers=description_modifiers(tokens, head))
            if earlier is not None:
                return Speaker(earlier.name, text, start, end, earlier.side)
        name = descriptor(tokens)
        if not name or not can_speak(head):
            return NO_SPEAKER
        side = self.media_side(head_lemma) or self.phrase_side(tokens)
        if not side and determiner == "the":
            side = self.earlier_side(head, head_lemma, description_modifiers(tokens, head))
        return Speaker(name, text, start, end, side)

    def earlier_side(self, head: Token, head_lemma: str, modifiers: tuple[str, ...] = ()) -> str:
        """The side of the latest earlier noun phrase with the same head (and modifiers) that has
        one: `the spokesman` after `a Taliban spokesman`, `the officials` after `State Department
        officials`."""
        for token in reversed(self.doc[:head.i]):
            if token.lemma_.lower() == head_lemma and token.pos_ == "NOUN" and token.dep_ != "compound":
                phrase = mention_tokens(token)
                side = self.phrase_side(phrase)
                if side and all(m in {t.lower_ for t in phrase} for m in modifiers):
                    return side
        return ""

    def media_side(self, head_lemma: str) -> str:
        return "media" if head_lemma in MEDIA_WORDS else ""

    def refer_back(self, head_lemma: str, before: int, *, side: str = "", modifiers: tuple[str, ...] = ()) -> Speaker | None:
        """The latest earlier speaker, or titled person, described by the same noun and not on
        another side than the description says (`the Pakistani premier` is no US general), nor
        with a modifier the earlier mention lacks (`the police officials` are not `US officials`)."""
        for i, speaker, lemma in reversed(self.history):
            words = speaker.mention.lower().replace("’", "'").split()
            if i < before and (lemma == head_lemma or head_lemma in words) \
                    and agrees(speaker.side, side) and all(m in words for m in modifiers):
                return speaker
        for i, lemma, person in reversed(self.titled):
            if lemma == head_lemma and i < before + 40:
                name, found_side = self.canonical_person(self.doc[person.left_edge.i:person.i + 1].text
                                                         if person.ent_type_ == "PERSON" else person.text)
                ent = next((e for e in self.persons if e.start <= person.i < e.end), None)
                if ent is not None:
                    name, found_side = self.canonical_person(ent.text)
                if agrees(found_side, side):
                    return Speaker(name, ent.text if ent is not None else person.text,
                                   ent.start_char if ent is not None else person.idx,
                                   ent.end_char if ent is not None else person.idx + len(person.text), found_side)
        return None

    def issuer(self, before: int) -> Speaker | None:
        """The source quoted within the last two sentences, whose statement `the statement` is."""
        for i, speaker, _ in reversed(self.history):
            if i < before:
                return speaker if self._sentences_between(i, before) <= 2 else None
        return None

    def antecedent(self, pronoun: Token) -> Speaker | None:
        """Most recent compatible source before a pronoun, preferring earlier speakers and subjects."""
        if pronoun.lower_ == "it":
            return self.body_antecedent(pronoun)
        plural = pronoun.lower_ in PLURAL_PRONOUNS
        personal = pronoun.lower_ in SINGULAR_PRONOUNS
        sent_start = pronoun.sent.start
        # speakers attributed in this or the last few sentences come first: quotes run in stretches
        for i, speaker, lemma in reversed(self.history):
            if i >= pronoun.i:
                continue
            if personal and lemma in NON_PERSON_NOUNS:
                continue  # "he said" never continues "the statement said"
            if self._plural(speaker, lemma) == plural:
                if i >= sent_start or self._sentences_between(i, pronoun.i) <= SPEAKER_SENTENCES:
                    return self.later_subject(pronoun, i, plural) or speaker
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

    def later_subject(self, pronoun: Token, after: int, plural: bool) -> Speaker | None:
        """The subject of a main clause in a sentence between an earlier speaker and the pronoun:
        `X said ... . A senior official did not rule it out. "...," he said`: the official."""
        for sent in self._sentences_back(pronoun, 3)[1:]:
            if sent.start <= after:
                break
            speaker = self.main_subject(sent, plural)
            if speaker is not None:
                return speaker
        return None

    def narrated_between(self, start: int, end: int) -> Speaker | None:
        """The person a sentence between two quotes is about (its main subject): `"...," Trump
        said. Cruz then turned to taxes. "We will cut them."` goes on with Cruz."""
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return None
        for sent in reversed(list(span.sents)):
            speaker = self.main_subject(sent, False) if start <= sent.start_char and sent.end_char <= end else None
            if speaker is not None:
                return speaker
        return None

    def main_subject(self, sent, plural: bool) -> Speaker | None:
        """The speaker the subject of a sentence's main verb names, if it names a person (or group)."""
        subject = next((c for c in sent.root.children if c.dep_ == "nsubj" and self._candidate(c, plural)), None)
        speaker = self.resolve_token(subject) if subject is not None else NO_SPEAKER
        return speaker if speaker.name else None

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
        if token.dep_ in ("compound", "poss", "amod", "pobj"):
            return False
        if plural:
            return token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in PERSON_NOUNS or token.ent_type_ in ("ORG", "GPE", "NORP")
        return token.ent_type_ == "PERSON" or (token.tag_ in ("NN", "NNP") and token.lemma_.lower() in PERSON_NOUNS)

    def fallback(self, cue_char: int, previous: Speaker | None) -> Speaker:
        """When grammar gives no source: a named person or body before the cue in its sentence,
        subjects first, then the latest; else the speaker just before (a cue with no subject
        continues its speaker)."""
        span = self.doc.char_span(cue_char, cue_char + 1, alignment_mode="expand")
        if span is not None and len(span):
            cue = span[0]
            sent = cue.sent
            ents = [e for e in self.ents if sent.start <= e.start and e.end <= cue.i and e.label_ in ("PERSON", "ORG")]
            for ent in sorted(reversed(ents), key=lambda e: e.root.dep_ not in ("nsubj", "nsubjpass")):
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


ISSUING_VERBS = frozenset("issue release publish adopt pass send put post circulate".split())


def document_author(head: Token) -> Token | None:
    """Who issued a document: `a statement by the embassy`, `a statement issued by the two
    governments`, `the embassy issued a statement saying`."""
    if head.dep_ == "dobj" and head.head.lemma_.lower() in ISSUING_VERBS:
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ == "acl":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


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


# Adjectives that a later description adds without narrowing it: `the unnamed official` is
# still `a US official`.
VAGUE_MODIFIERS = frozenset("unidentified unnamed anonymous same other former top senior high-ranking".split())


def description_modifiers(tokens: list[Token], head: Token) -> tuple[str, ...]:
    """The words that narrow a description other than a side's (`police` in `the three police
    officials`): an earlier mention it refers back to must have them too."""
    return tuple(t.lower_ for t in tokens if t.head.i == head.i and t.dep_ in ("amod", "compound")
                 and not side_from_words([t.lower_]) and t.lower_ not in VAGUE_MODIFIERS)


def is_title_only(text: str) -> bool:
    """`The Prime Minister`, `the army chief`: titles and articles, no name."""
    words = [w.strip(".,").lower() for w in text.replace("’", "'").split()]
    return bool(words) and all(w in TITLE_WORDS or w in ("the", "a", "an", "its", "his", "her", "of", "pakistan's")
                               for w in words)


TAG_WORDS = 8  # a speech tag after a quote is short: `the presumptive nominee wrote in a tweet`


def tag_subject(doc: Doc, end: int) -> Token | None:
    """`"Jeb wants to be a tough guy," Trump shot back.`: a short clause right after a quote's
    closing mark names the speaker, whatever its verb (textacy's direct_quotations reads it so);
    so does an inverted one (`," said the harbour master.`, `," read the notice.`)."""
    mark = doc.char_span(end, end + 1, alignment_mode="expand")
    if mark is None or not len(mark):
        return None
    after = list(doc[mark.end:mark.end + TAG_WORDS + 1])
    clause = []
    for token in after:
        if token.is_punct or token.is_space:
            break
        clause.append(token)
    if not clause or clause[0].dep_ == "cc":
        return None
    if len(clause) == len(after):
        # no punctuation within the window: still a tag when the quotation ends in a comma, a
        # question or an exclamation mark, which leave its sentence open (`," the board
        # chairwoman quipped while pointing at the cranes`)
        if text_of(doc)[max(0, end - 1):end] not in (",", "?", "!"):
            return None
        clause = clause[:TAG_WORDS]
    for verb in clause:
        if verb.pos_ == "VERB":
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c in clause), None)
            if subject is None and verb is clause[0]:
                # inverted: the noun phrase right after the verb (`read the email`)
                subject = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj", "attr") and c in clause
                                and c.i > verb.i), None)
            if subject is not None and (subject.pos_ == "PRON" or can_speak(subject)):
                return subject
            return None
    return None


def embedding_subject(doc: Doc, start: int) -> Token | None:
    """`Trump mocked Rubio for "having a tough night"`: a quote with no cue, set inside a sentence,
    belongs to the subject of the verb it hangs on, not to the speaker before it."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    first = span[0]
    if sum(not (t.is_punct or t.is_space) for t in doc[first.sent.start:first.i]) < 2:
        return None  # the quote opens its sentence: it goes on from what came before
    subjects = [next((c for c in verb.children if c.dep_ == "nsubj" and c.i < first.i), None)
                for verb in first.ancestors if verb.pos_ in ("VERB", "AUX")]
    # the outermost: in `Rubio bemoaned a climate in which people "hate each other"`, Rubio
    return next((s for s in reversed(subjects) if s is not None and can_speak(s)), None)


def surname_key(name: str) -> str:
    """`Mr. Casey's` -> `casey`: the last word of a name, lower case, without a possessive, and
    with doubled letters single, so that one person spelt two ways (`Kardin`, `Karddin`) is one."""
    words = name.replace("’", "'").split()
    return re.sub(r"(.)\1", r"\1", re.sub(r"'s?$", "", words[-1].lower())) if words else ""


def source_speaker(speakers: ArticleSpeakers, quote: Found) -> Speaker:
    """The speaker a quote's own source gives: a source span, a source token, or for a quote
    with no cue a speech tag after it or the subject of the sentence it sits in."""
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
        if quote.type == "direct" and quote.start <= token.idx < quote.end:
            # nobody is the source of their own quotation: the parser misread the speech tag
            token = tag_subject(doc, quote.end) or token
        speaker = speakers.resolve_token(token)
        if speaker.name:
            speakers.remember(token.i, speaker, token.lemma_.lower())
        return speaker
    if quote.continues and (subject := tag_subject(doc, quote.end) or embedding_subject(doc, quote.start)):
        return speakers.resolve_token(subject)
    if quote.continues and (named := headline_source(doc, quote.end)) is not None:
        speaker = speakers.resolve_mention(list(named), named.root)
        return Speaker(speaker.name, named.text, named.start_char, named.end_char, speaker.side)
    return NO_SPEAKER


def headline_source(doc: Doc, end: int) -> Span | None:
    """`Harbour fees "will never come down": Walbrook`: a name closing a headline line after a
    colon is the source of the quotation before it (ANNOTATION.md section 1, a colon as the cue)."""
    text = text_of(doc)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    match = re.match(r"^[”\"’']?\s*:\s*((?:[A-Z][\w.'’-]*\s?){1,4})\s*$", rest)
    if match is None:
        return None
    span = doc.char_span(end + match.start(1), end + match.end(1), alignment_mode="contract")
    return span if span is not None and len(span) and any(t.pos_ == "PROPN" for t in span) else None


def attribute(doc: Doc, found: list[Found], *, gazetteer: Gazetteer | None = None) -> list[tuple[Found, Speaker, str | None]]:
    """Resolve the speaker (and the `via` outer source) of every quote, in text order."""
    speakers = ArticleSpeakers(doc, gazetteer=gazetteer)
    results = []
    previous: Speaker | None = None
    previous_end = -1
    for quote in sorted(found, key=lambda q: q.start):
        speaker = source_speaker(speakers, quote)
        if quote.continues and not speaker.name and previous is not None and quote.start - previous_end < 1500:
            speaker = speakers.narrated_between(previous_end, quote.start) or previous
        if not speaker.name and quote.cue_start is not None and quote.type == "direct" \
                and (subject := tag_subject(doc, quote.end)) is not None:
            speaker = speakers.resolve_token(subject)  # `," said X, explaining ...`: the tag names X
        if not speaker.name and quote.cue_start is not None:
            speaker = speakers.fallback(quote.cue_start, previous if quote.start - previous_end < 600 else None)
        if speaker.name and speaker.side == "":
            speaker = Speaker(speaker.name, speaker.mention, speaker.start, speaker.end, HOME_SIDE, placed=False)
        via = None
        if quote.via_i is not None:
            outer = speakers.resolve_token(doc[quote.via_i])
            via = outer.name or None
        if speaker.name:
            previous, previous_end = speaker, quote.end
        results.append((quote, speaker, via))
    return results
