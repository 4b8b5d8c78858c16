"""Mentions: what a token or phrase of the parse can name as a source, read from the parse alone.

No article state lives here: the noun classes that can speak, the noun phrase a source token
heads and its descriptor, document authors, datelines, and speech tags after a quotation.
Names that sign a quotation (colons, dashes) are found during extraction: stance/signatures.py.
stance.speakers resolves these mentions to speakers across an article.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .content import DATELINE_SEPARATORS
from .layout import text_of
from .resources import TITLE_WORDS, normalise_name
from .sides import side_from_words

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
user commenter blogger poster viewer reader caller listener fan follower heckler netizen
anchor panelist panellist guest interviewer respondent participant demonstrator protestor designer
""".split())
JOURNALIST_NOUNS = frozenset("reporter journalist correspondent editor columnist commentator".split())
DOCUMENT_NOUNS = frozenset("report reports statement statements newspaper paper daily channel agency "
                           "letter cable memo broadcast communique resolution release article "
                           "ad advert advertisement tweet email e-mail study survey poll book website document "
                           "filing petition editorial lawsuit video message analysis review "
                           "suit complaint indictment ruling opinion footnote passage column headline "
                           "caption blog".split())
MEDIA_WORDS = frozenset("report reports newspaper newspapers paper media daily channel agency television "
                        "tv broadcaster press times post journal news tribune magazine outlet outlets".split())
# Common nouns that can name a source (besides PERSON_NOUNS, DOCUMENT_NOUNS, MEDIA_WORDS);
# a subject headed by any other common noun ("the process", "missile attacks") is a parse
# error, not a speaker.
BODY_NOUNS = frozenset("""government military army ministry office embassy administration parliament
assembly senate congress committee conference council party agency force forces police authority
authorities leadership establishment delegation side country nation state states team cabinet court
commission organisation organization group coalition alliance network movement wing department
command headquarters presidency secretariat meeting summit resolution people residents witnesses
villagers elders tribesmen taliban islamabad washington kabul nato isaf un campaign company firm board
union panel staff family crowd audience house houses chamber town city county village municipality
school university college hospital church""".split())
DROP_WORDS = frozenset("a an another the some this that these those his her its their our my your one two three "
                       "four five several many few".split())
PLURAL_PRONOUNS = frozenset({"they", "we", "them"})
NON_PERSON_NOUNS = DOCUMENT_NOUNS | MEDIA_WORDS | (BODY_NOUNS - {"people", "residents", "witnesses", "villagers",
                                                                 "elders", "tribesmen"})
SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})


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


def is_age_description(head: Token) -> bool:
    """`the 52-year-old`: a definite age with no noun after it stands for a person named before,
    as a pronoun would (with a noun, `the 52-year-old teacher`, the noun heads the phrase)."""
    return head.lower_ == "old" and head.pos_ == "ADJ" and head.dep_ in ("nsubj", "nsubjpass") \
        and any(c.lower_ == "the" for c in head.children) and any(c.lemma_ == "year" for c in head.children)


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


def tag_clause(tokens: Span) -> tuple[list[Token], bool]:
    """The words of a speech tag up to the first punctuation, and whether punctuation closed it
    within TAG_WORDS words. A hyphen inside a word (`co-host`, `43-year-old`) and a bracket after a
    name (`Rep. Ann Vale (D-Ore.) said`) do not end the tag."""
    clause: list[Token] = []
    depth = 0
    for token in tokens:
        if len(clause) > TAG_WORDS:
            return clause, False
        if token.text in ("(", "[") and clause:
            depth += 1
        elif token.text in (")", "]") and depth:
            depth -= 1
        elif depth:
            continue
        elif token.text in ("-", "‐") and clause and not clause[-1].whitespace_ and not token.whitespace_:
            continue  # within a hyphenated word
        elif token.is_space and "\n" not in token.text:
            continue  # a non-breaking space inside a name (`Stu\xa0Vale`) does not end the tag
        elif token.is_punct or token.is_space:
            return clause, True
        else:
            clause.append(token)
    return clause, False


def tag_subject(doc: Doc, end: int) -> Token | None:
    """`"Jeb wants to be a tough guy," Trump shot back.`: a short clause right after a quote's
    closing mark names the speaker, whatever its verb (textacy's direct_quotations reads it so);
    so does an inverted one (`," said the harbour master.`, `," read the notice.`)."""
    mark = doc.char_span(end, end + 1, alignment_mode="expand")
    if mark is None or not len(mark):
        return None
    clause, closed = tag_clause(doc[mark.end:min(len(doc), mark.end + 3 * TAG_WORDS)])
    if not clause or clause[0].dep_ == "cc":
        return None
    if not closed:
        # no punctuation within the window: still a tag when the quotation ends in a comma, a
        # question or an exclamation mark, which leave its sentence open (`," the board
        # chairwoman quipped while pointing at the cranes`)
        if text_of(doc)[max(0, end - 1):end] not in (",", "?", "!"):
            return None
        clause = clause[:TAG_WORDS]
    for verb in clause:
        if verb.pos_ == "VERB":
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c in clause), None)
            if subject is not None and subject.pos_ != "PRON" and not can_speak(subject) and verb is clause[0]:
                subject = None  # `mused radio co-host X`: the parser may take part of the name for the subject
            if subject is None and verb is clause[0]:
                # inverted: the noun phrase right after the verb (`read the email`); the parser may
                # hang the name on the verb oddly (`mused radio co-host X`: X an npadvmod)
                inverted = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "attr", "npadvmod", "advmod")
                            and c in clause and c.i > verb.i]
                subject = next((c for c in inverted if c.pos_ == "PRON" or can_speak(c)), None)
            if subject is not None and (subject.pos_ == "PRON" or can_speak(subject)):
                return subject
            return tag_name(clause, verb)
    # `," the party's nominee, Dana Pell, tweeted.`: an apposition between subject and verb (the
    # parser may also hang the verb on the noun as a clause of its own); only after a quotation
    # that leaves its sentence open, since after a full stop a new sentence begins
    if text_of(doc)[max(0, end - 1):end] not in (",", "?", "!"):
        return None
    for noun in clause:
        if noun.pos_ not in ("NOUN", "PROPN") or not can_speak(noun):
            continue
        verbs = [noun.head] if noun.dep_ == "nsubj" else [
            c for c in noun.children if c.dep_ == "acl" and c.tag_ in ("VBD", "VBZ", "VBN")]
        verb = next((v for v in verbs if v.pos_ == "VERB" and clause[-1].i < v.i <= noun.i + 2 * TAG_WORDS), None)
        if closed and verb is not None and not any(t.text in ".!?;" or "\n" in t.text for t in doc[noun.i:verb.i]):
            return noun
    return None


def tag_name(clause: list[Token], verb: Token) -> Token | None:
    """`," Brannity said.`, `," said Hartly, explaining`: a tag whose subject is nothing but
    capitalised words names a person the tagger missed; the last word heads the name."""
    at = next(n for n, t in enumerate(clause) if t.i == verb.i)
    words = clause[at + 1:] if at == 0 else clause[:at]
    if not words or len(words) > 4:
        return None
    if all(t.text[:1].isupper() and not t.is_punct and t.text != "I" and t.pos_ not in ("DET", "PRON", "ADP")
           and t.ent_type_ not in ("DATE", "TIME", "GPE", "LOC") for t in words):
        return words[-1]
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


def proper_elsewhere(head: Token) -> bool:
    """Whether a capitalised word that the tagger read as a common word here is a proper noun
    elsewhere in the article, and no word of a class that can speak anyway (`Police`)."""
    return not can_speak(head) and any(t.text == head.text and t.pos_ == "PROPN" for t in head.doc)
