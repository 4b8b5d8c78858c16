"""Properties of labelling that hold for any text: no exception, offsets inside the text.

Empty, whitespace-only and NUL-holding texts are skipped by `stance.io` before they reach
the labeller (test_io.py and test_fuzz.py cover that), so they are left out here.
"""
from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from stance.io import check_text
from stance.report import quote_rows
from stance.types import STANCES, Article

# The `labeller` fixture is session-scoped, so sharing it across examples is safe.
SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NAMES = ["Gen. Kayani", "Ashfaq Parvez Kayani", "the official", "a senior Pakistani security official",
         "he", "she", "they", "officials", "Hina Rabbani Khar", "Mr. Zardari", "The Washington Post",
         "Admiral Mullen", "the ISPR", "Pakistan's army chief", "Pakistan"]
CUES = ["said", "told", "according to", "told reporters", "ruled out", "urged Pakistan to",
        "made it clear", "warned", "added", "insisted", "denied", "called on", "said that"]
CONTENT = ["we will not act against the Haqqani network", "Pakistan will not rule out an operation",
           "no operation in North Waziristan", "we are considering it", "drone strikes must stop",
           "it is our own decision", "the United States must respect our sovereignty", "maybe", "yes"]
MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‟", "‛"]
SEPARATORS = [" ", "\n", "\r\n", "\n\n", ", ", ": ", ":", ". ", "; ", " — ", " - ", "(", ")", "\t"]
ODD = ["won't", "Pakistan’s", "'s", "’", "😀", "🇵🇰", "👍🏽", "e\u0301", "\u0301", "\u0300\u0301\u0302",
       "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x01", "\x1b", "\x7f",
       "\u00ad", "\u202e", "…", "--", "—", "=SUM(A1)", "@user", "+92", "<p>", "&amp;", "ﬁ", "İ", "ß",
       "x" * 3000, "Haqqani" * 200, "a-" * 500]

# st.text()'s alphabet (every code point but lone surrogates, which are not text), minus NUL.
TEXT_CHARS = st.characters(codec="utf-8", blacklist_characters="\x00")

fragment = st.one_of(
    st.sampled_from(NAMES), st.sampled_from(CUES), st.sampled_from(CONTENT), st.sampled_from(MARKS),
    st.sampled_from(SEPARATORS), st.sampled_from(ODD),
    st.text(TEXT_CHARS, max_size=12),
)
news_like = st.lists(fragment, min_size=1, max_size=40).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " "]), min_size=len(parts), max_size=len(parts)).map(
        lambda gaps: "".join(g + p for g, p in zip(gaps, parts))))

quoted_sentence = st.builds(
    lambda name, cue, content, mark, close, tail: f'{name} {cue} {mark}{content}{close}{tail}',
    st.sampled_from(NAMES), st.sampled_from(CUES), st.sampled_from(CONTENT), st.sampled_from(MARKS),
    st.sampled_from(MARKS + ["", ",", "."]), st.sampled_from(["", ".", ",\r\n", "\n", " he said.", ", officials said"]))
article_like = st.lists(st.one_of(quoted_sentence, news_like), min_size=1, max_size=6).flatmap(
    lambda parts: st.sampled_from(["\n", "\r\n", " ", "\n\n"]).map(lambda sep: sep.join(parts)))

# Hard-wrapped articles (stance.layout joins their lines into paragraphs), \n or \r\n.
wrapped_article = st.tuples(st.lists(st.one_of(quoted_sentence, news_like), min_size=4, max_size=10),
                            st.integers(min_value=30, max_value=90), st.sampled_from(["\n", "\r\n"]),
                            st.booleans()).map(
    lambda t: t[2].join(textwrap.wrap(" ".join(t[0]), t[1], break_long_words=t[3], replace_whitespace=False)))

any_text = st.text(TEXT_CHARS, max_size=300)


def check_quotes(labeller, text: str) -> None:
    """Label `text` and check every invariant of the quotes and of their report rows."""
    assume(check_text(text) is None)  # empty / whitespace / NUL: skipped by stance.io
    quotes = labeller.label_text(text)
    n = len(text)
    for q in quotes:
        assert 0 <= q.start < q.end <= n, (q.start, q.end, n)
        assert q.type in ("direct", "indirect", "mixed")
        for s, e in ((q.speaker_start, q.speaker_end), (q.cue_start, q.cue_end)):
            assert (s is None) == (e is None), (s, e)
            if s is not None:
                assert 0 <= s < e <= n, (s, e, n)
        if q.cue_start is not None:  # the cue as written, and the mention as written
            assert text[q.cue_start:q.cue_end] == q.cue, (q.cue, q.cue_start, q.cue_end)
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_mention
        assert q.stance in STANCES, q.stance
        assert 0.0 <= q.confidence <= 1.0, q.confidence
    for i, a in enumerate(quotes):
        for b in quotes[i + 1:]:
            overlap = max(0, min(a.end, b.end) - max(a.start, b.start))
            longer = max(a.end - a.start, b.end - b.start)
            # quotes.py keeps one of two quotes whose overlap is at least half the longer
            assert 2 * overlap < longer, ((a.start, a.end), (b.start, b.end))
    article = Article("t", text)
    for row in quote_rows(article, quotes):
        assert row["quote_text"] == text[row["quote_start"]:row["quote_end"]]
        assert row["quote_text"]


@SETTINGS
@given(text=any_text)
def test_any_text_labels_within_bounds(labeller, text):
    check_quotes(labeller, text)


@SETTINGS
@given(text=news_like)
def test_news_fragments_label_within_bounds(labeller, text):
    check_quotes(labeller, text)


@SETTINGS
@given(text=article_like)
@example(text='Gen. Kayani said “we will not act against the Haqqani network”.\r\n'
              '“It is our own decision,” he told reporters.')
@example(text="« no operation in North Waziristan », according to the official")
def test_article_like_text_labels_within_bounds(labeller, text):
    check_quotes(labeller, text)


@SETTINGS
@given(text=wrapped_article)
def test_hard_wrapped_text_labels_within_bounds(labeller, text):
    check_quotes(labeller, text)
