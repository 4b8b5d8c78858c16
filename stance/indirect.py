"""Reported speech: the content a communication cue governs, and `according to X`.

`find_indirect(doc)` walks the cues of an article and returns, for each, the clause,
infinitive or noun phrase it reports, trimmed of the cue's own words, of a second speech act
by the same speaker, of narrated context and of datelines, with the cue's grammatical source.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .content import (drop_narrated_tail, extend_past_colon, extend_to_coordinated_clause, extend_to_that,
                      noun_content_tail, strip_dateline)
from .grammar import (SUBJECT_DEPS, CueIndex, according_source, char_span, contiguous, cue_heads, cue_index,
                      cue_text, match_cue, quoting_source, source_token, subtree_ids, trim_tokens)
from .layout import text_of
from .resources import Cue
from .types import Found


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
        clause = child.dep_ in ("ccomp", "xcomp") or _that_clause(child) \
            or "inf" in cue.kinds and _infinitive(child, head)
        if clause and ("clause" in cue.kinds or "inf" in cue.kinds):
            if child.dep_ == "xcomp" and "inf" not in cue.kinds and not any(
                    c.dep_ in SUBJECT_DEPS for c in child.children):
                continue
            if child.dep_ == "xcomp" and child.tag_ in ("VBG", "VBN") and not any(c.tag_ == "TO" for c in child.children):
                continue  # `told visiting envoy X that ...`: a participle, not an infinitive content
            ids = subtree_ids(child)
            if "inf" in cue.kinds:
                # "urged Pakistan to act": the span starts at "to", the addressee is left out
                subj = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
                aux_to = [c for c in child.children if c.tag_ == "TO"]
                if subj and aux_to and subj[0].i < aux_to[0].i:
                    ids -= subtree_ids(subj[0])
                if aux_to:
                    ids -= _finite_conjuncts(child)
            return [head.doc[i] for i in sorted(ids)], None
    complement = next((c for c in children if c.dep_ == "oprd"), None)
    obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
    if complement is None and obj is not None and "as" in cue.kinds:
        # `called the raid as "unacceptable"`: the parser may read `as` as opening a clause
        complement = next((c for c in children if c.dep_ == "advcl" and c.i > obj.i and any(
            m.dep_ == "mark" and m.lower_ == "as" for m in c.children)), None)
    if "as" in cue.kinds and complement is not None and obj is not None:
        # `termed the strike an attack`: the object and what it is called, as with `as`
        return [head.doc[i] for i in sorted(subtree_ids(obj) | subtree_ids(complement))], None
    for child in children:
        if child.dep_ == "prep" and child.lower_ in cue.kinds:
            ids = subtree_ids(child)
            objects = [c for c in head.children if c.dep_ in ("dobj", "obj")]
            if lemma in ADDRESSEE_CUES:
                if objects and child.lower_ == "of" and lemma in INFORMING_CUES:
                    ids.discard(child.i)  # `apprised the minister of the killings`: the content is the news
            elif child.lower_ in ("as", "of") or child.lower_ == "for" and lemma in OBJECT_FOR_CUES:
                # `described X as Y`, `accused X of Y`, `blamed X for Y` (ANNOTATION.md section 1)
                for obj in objects:
                    ids |= subtree_ids(obj)
            if child.lower_ in ("for", "on", "about") and not any(c.dep_ == "pobj" for c in child.children):
                continue
            tokens = [head.doc[i] for i in sorted(ids)]
            if child.lower_ in ("for",) and len(words) > 1:
                tokens = tokens[1:]  # "called for X": the cue already holds "for"
            return tokens, None
    if lemma in ADDRESSEE_CUES and obj is not None:
        # `apprised the governor of the clashes`: the parser may hang `of` on the addressee
        prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in cue.kinds and c.i > obj.i), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if pobj is not None:
            return [head.doc[i] for i in sorted(subtree_ids(pobj if lemma in INFORMING_CUES else prep))], None
    if "np" in cue.kinds:
        for child in children:
            if child.dep_ in ("dobj", "obj") or (child.dep_ == "pobj" and len(words) > 1):
                if child.pos_ == "PRON" and child.lower_ in ("it", "this", "that", "them", "him", "her"):
                    continue
                return [head.doc[i] for i in sorted(subtree_ids(child) | noun_content_tail(head, child))], None
    return None


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _finite_conjuncts(verb: Token) -> set[int]:
    """Clauses coordinated with an infinitive content that cannot share its `to`: a finite verb
    or one with its own subject (`claimed to have routed them but found nothing`, `agreed to
    reopen the route, but few trucks crossed`) is the narrator's, not part of the content."""
    ids: set[int] = set()
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.i > verb.i):
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in conj.children)
        finite = conj.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in conj.children)
        if own_subject or finite:
            ids |= subtree_ids(conj)
            ids |= {c.i for c in verb.children if c.dep_ in ("cc", "punct") and verb.i < c.i < conj.i
                    and c.i > max(t.i for t in verb.subtree if t.i < conj.i and t.dep_ not in ("cc", "punct"))}
    return ids


# Cues whose object is the addressee, never part of the content (`warned Washington of ...`);
# after those that inform, the content is what follows `of` (`apprised X of the killings`)
ADDRESSEE_CUES = frozenset({"warn", "assure", "reassure", "apprise"})
INFORMING_CUES = frozenset({"assure", "reassure", "apprise"})
# Cues whose object is part of a `for` content: `blamed the group for the attack`
OBJECT_FOR_CUES = frozenset({"blame"})


def _that_clause(token: Token) -> bool:
    """A clause opened by `that` which the parser took for an adverbial one (`made it clear
    that ...` hangs it on `clear`)."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "that" and c.i < token.i
                                         for c in token.children)


def _infinitive(token: Token, cue: Token) -> bool:
    """An infinitive the parser took for a clause of purpose because words stand between it and
    the cue (`vowed on Monday to rebuild`); an object of the cue other than a named addressee makes
    it one indeed (`pledged $5m to rebuild`)."""
    if token.dep_ != "advcl" or token.i < cue.i or not any(c.tag_ == "TO" for c in token.children):
        return False
    return all(c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
               for c in cue.children if c.dep_ in ("dobj", "obj"))


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
    roots = {t.i for t in tokens if t.head.i not in inside or t.head == t}
    drop: set[int] = set()
    # only a cue coordinated with the content's own verb: `the power to approve or reject a budget` is content
    for t in tokens:
        if t.dep_ == "conj" and t.head.i in roots and match_cue(t, index) is not None \
                and not any(c.dep_ in SUBJECT_DEPS for c in t.children) and not _names_a_source(t.head):
            drop |= subtree_ids(t)
            drop |= {c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i and c.i > t.head.i}
        elif t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i in roots and t.i > t.head.i \
                and t.i > 0 and t.doc[t.i - 1].text == "," and match_cue(t, index) is not None \
                and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in t.children):
            # `said he hoped X, saying Y`: the parser hung the speaker's next act on the content
            drop |= subtree_ids(t) | {t.i - 1}
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
        matched = match_cue(t, index) if any(c.dep_ in SUBJECT_DEPS for c in t.children) else None
        if matched is not None and _content_child(matched[0], t, matched[1]) is not None:
            drop |= subtree_ids(t)  # `while reporters observed the vote` reports no speech
    return drop


def _parenthetical_content(head: Token, words: list[Token]) -> list[Token] | None:
    """`But, he said, X ...` / `X ..., officials said` where the parser hung the cue on X."""
    if head.dep_ not in ("parataxis", "ccomp", "advcl", "dep", "conj") or head.head == head:
        return None
    if any(c.dep_ == "mark" for c in head.children):
        return None  # `because others say so`: a subordinate clause, not an aside
    if any(c.dep_ in ("ccomp", "xcomp", "dobj", "obj") for c in head.children):
        return None
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    commas = ",—–()"
    set_off = (doc[left].text in commas or (left > 0 and doc[left - 1].text in commas)
               or doc[right].text in commas or (right + 1 < len(doc) and doc[right + 1].text in commas))
    at_end = right + 1 >= len(doc) or doc[right + 1].is_sent_end or doc[right + 1].text in ".!?"
    if not (set_off or at_end) or source_token(head) is None:
        return None
    governor = head.head
    if governor.pos_ not in ("VERB", "AUX") or governor.i == head.i:
        return None
    subject = next((c for c in governor.children if c.dep_ in SUBJECT_DEPS and c.i < left), None)
    closed = doc[right].text == "," or right + 1 < len(doc) and doc[right + 1].text == ","
    if subject is not None and closed and governor.i > right:
        # `The province, the minister said, will hire ...`: the aside stands inside the content
        return trim_tokens(list(doc[subject.left_edge.i:governor.right_edge.i + 1])) or None
    ids = subtree_ids(governor) - subtree_ids(head)
    tokens = contiguous(ids, head.doc, anchor=governor.i)
    return tokens or None


def _fronted_content(head: Token) -> tuple[list[Token], Token] | None:
    """`Militants killed 14 people on Wednesday, officials said.`: the parser may make the
    fronted content a second subject of the cue. The source is the subject after the comma."""
    subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) < 2 or not subjects[0].i < subjects[-1].i < head.i:
        return None
    doc, source = head.doc, subjects[-1]
    comma = source.left_edge.i - 1
    if comma <= head.sent.start or doc[comma].text != ",":
        return None
    tokens = list(doc[head.sent.start:comma])
    while tokens and (tokens[0].head == head and tokens[0].dep_ in ("advmod", "punct", "cc")
                      or tokens[0].dep_ == "advmod" and len(tokens) > 1 and tokens[1].text == ","):
        tokens = tokens[1:]  # `Meanwhile, ...`: the writer's connective
    tokens = trim_tokens(tokens)
    if len(tokens) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    return tokens, source


def _according_to(doc: Doc) -> list[Found]:
    found = []
    if "ccording" not in text_of(doc):
        return found
    for token in doc:
        if token.lower_ != "according":
            continue
        pobj = according_source(token)
        governor = token.head
        if pobj is None or governor == token:
            continue
        to = pobj.head
        clause = governor
        while clause.dep_ not in ("ROOT",) and clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
            clause = clause.head
        ids = subtree_ids(clause) - subtree_ids(token)
        tokens = trim_tokens(contiguous(ids, doc))
        span = char_span(tokens)
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
    for token in cue_heads(doc, index):
        matched = match_cue(token, index)
        if matched is None:
            continue
        cue, words = matched
        result = _content_child(cue, token, words)
        tokens = result[0] if result else None
        if tokens and _unanswered_question(token, tokens):
            continue
        source = source_token(token)
        if tokens is None:
            tokens = _parenthetical_content(token, words)
        if tokens is None and (fronted := _fronted_content(token)) is not None:
            tokens, source = fronted
        if not tokens:
            continue
        drop = {t.i for w in words for t in ([w] if w is not token else [])}
        if source is not None:  # "Mullen, who said ...": the cue may sit inside its source's subtree
            drop |= subtree_ids(source) - subtree_ids(token)
        drop |= _coordinated_cues(tokens, index) | _narrated_speech(tokens, index)
        ids = {t.i for t in tokens} - drop - {token.i}
        if result is None and tokens[0].i < token.i < tokens[-1].i \
                and not any(t.is_quote for t in doc[max(0, tokens[0].i - 1):token.i]):
            # `X, the minister said, will ...`: the aside stays inside its content (unless it
            # interrupts a quotation: `"X," he said, "will ..."`)
            ids |= subtree_ids(token)
        outer = quoting_source(token)
        via = outer.i if outer is not None and outer != source else None
        for t in tokens:  # an "according to X" inside the content is its outer source
            outer_source = according_source(t) if t.lower_ == "according" and t.i in ids else None
            if outer_source is not None:
                ids -= subtree_ids(t)
                via = outer_source.i
        tokens = trim_tokens(contiguous(ids, doc))
        tokens = extend_to_that(tokens, token, doc)
        if result is not None:
            tokens = extend_to_coordinated_clause(tokens, token, doc, index)
        tokens = drop_narrated_tail(strip_dateline(extend_past_colon(tokens, doc)))
        span = char_span(tokens)
        if not span or not any(t.is_alpha and not t.is_stop for t in tokens):
            continue
        text, cs, ce = cue_text(doc, words)
        found.append(Found(span[0], span[1], "indirect", text, cs, ce,
                           source_i=source.i if source is not None else None, via_i=via))
    found.extend(_according_to(doc))
    return found


