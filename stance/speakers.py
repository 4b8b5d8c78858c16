"""One article's speakers: a mention (name, description, pronoun, body) to a canonical speaker and a side.

Pronouns go to the most recent compatible person (subjects first; stance/pronouns.py),
definite descriptions (`the official`) to their earlier fuller mention, names to the gazetteer
or to the fullest form the article gives, and unnamed sources to a lower-case descriptor
(ANNOTATION.md §2). A side comes from the gazetteer, else from the mention's own phrase.
stance/attribution.py decides which mention each quote's speaker is.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .layout import text_of
from .mentions import (BODY_NOUNS, DOCUMENT_NOUNS, JOURNALIST_NOUNS, MEDIA_WORDS, PERSON_NOUNS, after_dateline,
                       can_speak, description_modifiers, descriptor, document_author, is_age_description,
                       is_dateline, is_title_only, mention_tokens, partitive_group, proper_elsewhere, surname_key)
from .pronouns import PronounResolution
from .resources import Gazetteer, Source, load_gazetteer, strip_titles
from .sides import NATIONAL_SIDES, agrees, joint_description, joint_sides, side_from_words, weak_side
from .types import NO_SPEAKER, Speaker

GENDER_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "sir": "m"}


class ArticleSpeakers(PronounResolution):
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
        # surname -> "m"/"f" from a gendered title before any mention (`Mrs Varga`, `Mr. Dale`)
        self.titled_gender: dict[str, str] = {}
        for token in doc[:-1]:
            gender = GENDER_TITLES.get(token.lower_.rstrip("."))
            if gender and doc[token.i + 1].pos_ == "PROPN":
                name = doc[token.i + 1]
                while name.i + 1 < len(doc) and doc[name.i + 1].pos_ == "PROPN" and name.whitespace_:
                    name = doc[name.i + 1]
                self.titled_gender.setdefault(surname_key(name.text), gender)

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
        if source is None and is_age_description(head) and (earlier := self.antecedent(head)) is not None:
            return Speaker(earlier.name, text_of(doc)[head.left_edge.idx:end], head.left_edge.idx, end, earlier.side)
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
        if head.pos_ in ("NOUN", "ADV", "ADJ", "VERB") and head.text[:1].isupper() and len(tokens) == 1 \
                and (surname_key(head.text) in self.fullest or proper_elsewhere(head)):
            # a surname the tagger takes for a common noun or an adverb (`Brannity pressed`, `Hartly said`):
            # a person the article names elsewhere, maybe inside another entity (`Fox News' Sean Vale`)
            name, side = self.canonical_person(head.text)
            return Speaker(name, text, start, end, side)
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

    def remember(self, token_i: int, speaker: Speaker, head_lemma: str) -> None:
        self.history.append((token_i, speaker, head_lemma))
