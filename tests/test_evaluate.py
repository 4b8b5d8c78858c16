"""Pin the scorer of ANNOTATION.md section 5 on small hand-made cases.

Every expected number is worked out by hand in a comment, never by the code under test.
"""

from __future__ import annotations

import pytest

from stance.evaluate import (
    match_quotes,
    same_speaker,
    score,
    spans_equal_exact,
    stance_scores,
)
from stance.tables import format_report

LABELS = ("resist", "comply", "hedge", "none")


def at(text: str, fragment: str, *, after: int = 0) -> tuple[int, int]:
    """Return the offsets of fragment in text (test helper, not the code under test)."""
    start = text.index(fragment, after)
    return start, start + len(fragment)


def gold_quote(
    span: tuple[int, int],
    *,
    type: str = "direct",
    speaker: str = "x",
    speaker_spans: list[list[int]] | None = None,
    stance: str = "none",
) -> dict:
    """Build a gold quote record as in ANNOTATION.md section 4."""
    return {
        "start": span[0],
        "end": span[1],
        "type": type,
        "cue": "said",
        "speaker": speaker,
        "speaker_spans": speaker_spans or [],
        "side": "other",
        "stance": stance,
        "via": None,
    }


def pred_quote(
    span: tuple[int, int],
    *,
    type: str = "direct",
    speaker: str = "x",
    mention: tuple[int, int] | None = None,
    stance: str | None = "none",
) -> dict:
    """Build a predicted quote with the fields the scorer reads."""
    return {
        "start": span[0],
        "end": span[1],
        "type": type,
        "speaker": speaker,
        "speaker_start": mention[0] if mention else None,
        "speaker_end": mention[1] if mention else None,
        "stance": stance,
    }


def spans(*pairs: tuple[int, int]) -> list[dict]:
    """Turn bare (start, end) pairs into minimal quote dicts for match_quotes."""
    return [{"start": s, "end": e} for s, e in pairs]


# --- matching: overlap >= half of the longer span --------------------------------------

@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        # overlap 5, longer 10: 5 >= 10/2 = 5, matches at exactly half
        ((0, 10), (5, 15), [(0, 0)]),
        # overlap 4, longer 10: 4 < 5, no match
        ((0, 10), (6, 16), []),
        # prediction twice as long: overlap 10, longer 20: 10 >= 10, matches
        ((0, 10), (0, 20), [(0, 0)]),
        # one character longer: overlap 10, longer 21: 10 < 10.5, no match
        ((0, 10), (0, 21), []),
        # odd length: overlap 6, longer 11: 6 >= 5.5, matches
        ((0, 11), (5, 11), [(0, 0)]),
        # odd length: overlap 5, longer 11: 5 < 5.5, no match
        ((0, 11), (6, 11), []),
        # touching spans share no character
        ((0, 10), (10, 20), []),
        # identical spans
        ((3, 9), (3, 9), [(0, 0)]),
    ],
)
def test_match_threshold(gold: tuple[int, int], pred: tuple[int, int], expected: list) -> None:
    assert match_quotes(spans(gold), spans(pred)) == expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        # two predictions on one gold: overlaps 12 and 18, the larger (pred 1) wins
        ([(0, 20)], [(0, 12), (0, 18)], [(0, 1)]),
        # equal overlap 12 each; length differences |20-12| = 8 and |20-20| = 0: pred 1 wins
        ([(0, 20)], [(0, 12), (8, 28)], [(0, 1)]),
        # identical predictions: all ties, the lower pred index wins
        ([(0, 20)], [(0, 12), (0, 12)], [(0, 0)]),
        # one prediction on two golds: overlaps 16 (gold 0) and 20 (gold 1), longer 30,
        # both >= 15; the larger overlap (gold 1) wins and gold 0 stays unmatched
        ([(0, 16), (10, 30)], [(0, 30)], [(1, 0)]),
        # one prediction on two golds: overlaps 16 and 16, both >= 32/2 = 16, length
        # differences 16 and 16: the lower gold index wins
        ([(0, 16), (16, 32)], [(0, 32)], [(0, 0)]),
        # one prediction on two golds, only one a candidate: overlaps 10 and 18, longer
        # 30: 10 < 15 but 18 >= 15
        ([(0, 10), (12, 30)], [(0, 30)], [(1, 0)]),
        # best first, not index order: g1-p0 overlap 12 goes first, then g0-p1 overlap 10
        # (index order would have taken g0-p0, overlap 10, and left g1 with p1, overlap 10)
        ([(0, 10), (0, 12)], [(0, 12), (0, 10)], [(0, 1), (1, 0)]),
        # two independent pairs, returned sorted by gold index
        ([(0, 10), (20, 30)], [(21, 30), (0, 9)], [(0, 1), (1, 0)]),
        # nothing to match
        ([], [(0, 5)], []),
        ([(0, 5)], [], []),
    ],
)
def test_match_one_to_one(gold: list, pred: list, expected: list) -> None:
    assert match_quotes(spans(*gold), spans(*pred)) == expected


# --- exact spans: trim white space and punctuation at both ends ------------------------

@pytest.mark.parametrize(
    ("text", "a", "b", "expected"),
    [
        # straight quotation marks and a comma
        ('"We will not act," he said.', '"We will not act,"', "We will not act", True),
        # curly marks and a full stop
        ("\u201cWe will not act.\u201d he said", "\u201cWe will not act.\u201d", "We will not act", True),
        # single curly marks
        ("\u2018no\u2019 it is", "\u2018no\u2019", "no", True),
        # spaces and a newline
        ("said  We will act \n", "  We will act \n", "We will act", True),
        # colon and full stop
        ("said: We will act.", ": We will act.", "We will act", True),
        # dashes (category Pd)
        ("\u2014We will act\u2014 ok", "\u2014We will act\u2014", "We will act", True),
        # a trailing apostrophe (Po) is punctuation too
        ("the militants' bases", "the militants'", "the militants", True),
        # a word more is not trimmed
        ("We will act soon.", "We will act soon", "We will act", False),
        # a word less at the start
        ("We will act.", "We will act", "will act", False),
        # a currency sign is a symbol (Sc), not punctuation
        ("$5 million", "$5 million", "5 million", False),
        # only the ends are trimmed: the inner ". " keeps "No" in the span
        ("Yes. No.", "Yes. No.", "Yes", False),
    ],
)
def test_spans_equal_exact(text: str, a: str, b: str, expected: bool) -> None:
    assert spans_equal_exact(text, at(text, a), at(text, b)) is expected


def test_spans_equal_exact_compares_positions() -> None:
    # "no" at 0-2 and "no" at 4-6: the same words at different places are different spans
    assert spans_equal_exact("no, no", (0, 2), (4, 6)) is False


# --- attribution -----------------------------------------------------------------------

KAYANI = {"speaker": "Ashfaq Parvez Kayani", "speaker_spans": [[10, 30], [50, 56]]}


@pytest.mark.parametrize(
    ("gold", "speaker", "mention", "expected"),
    [
        # canonical name: case
        (KAYANI, "ashfaq parvez KAYANI", None, True),
        # canonical name: extra and odd white space
        (KAYANI, "  Ashfaq  Parvez\n\tKayani ", None, True),
        # canonical name: full stops
        ({"speaker": "U.S. officials", "speaker_spans": []}, "us officials", None, True),
        ({"speaker": "Inter-Services P.R.", "speaker_spans": []}, "inter-services pr", None, True),
        # a partial name is not the same name, and there is no mention to save it
        (KAYANI, "Kayani", None, False),
        # mention [29, 35) shares character 29 with [10, 30)
        (KAYANI, "Kayani", (29, 35), True),
        # mention [45, 51) shares character 50 with [50, 56)
        (KAYANI, "the general", (45, 51), True),
        # mention [30, 35) only touches [10, 30): no shared character
        (KAYANI, "Kayani", (30, 35), False),
        # mention [56, 60) only touches [50, 56)
        (KAYANI, "Kayani", (56, 60), False),
        # empty speaker with a mention inside a gold span
        (KAYANI, "", (12, 18), True),
        # empty speaker and no mention: never correct, even against an empty gold name
        (KAYANI, "", None, False),
        ({"speaker": "", "speaker_spans": []}, "", None, False),
        # a wrong speaker with a mention elsewhere
        (KAYANI, "Barack Obama", (60, 72), False),
        # a wrong speaker with no mention
        (KAYANI, "Asif Ali Zardari", None, False),
    ],
)
def test_same_speaker(gold: dict, speaker: str, mention: tuple | None, expected: bool) -> None:
    pred = pred_quote((0, 1), speaker=speaker, mention=mention)
    assert same_speaker(gold, pred) is expected


# text offsets: "Kayani" 0-6, "no" 12-14, "Obama" 16-21, "yes" 27-30
ATTR_TEXT = "Kayani said no. Obama said yes."
ATTR_GOLD = [
    gold_quote((12, 14), type="indirect", speaker="Ashfaq Parvez Kayani", speaker_spans=[[0, 6]]),
    gold_quote((27, 30), type="indirect", speaker="Barack Obama", speaker_spans=[[16, 21]]),
]


@pytest.mark.parametrize(
    ("pred", "accuracy", "precision", "recall", "f1"),
    [
        # both right (one by name, one by mention): 2 attributed / 2 predicted / 2 gold
        (
            [pred_quote((12, 14), speaker="Ashfaq Parvez Kayani"),
             pred_quote((27, 30), speaker="Obama", mention=(16, 21))],
            1.0, 1.0, 1.0, 1.0,
        ),
        # one right, one wrong: accuracy 1/2; P = 1/2, R = 1/2, F1 = 0.5
        (
            [pred_quote((12, 14), speaker="Ashfaq Parvez Kayani"),
             pred_quote((27, 30), speaker="Kayani", mention=(0, 6))],
            0.5, 0.5, 0.5, 0.5,
        ),
        # only one found, right: accuracy 1/1; P = 1/1, R = 1/2, F1 = 2*1*.5/1.5 = 2/3
        ([pred_quote((12, 14), speaker="", mention=(0, 6))], 1.0, 1.0, 0.5, 2 / 3),
        # both right plus a spurious quote: P = 2/3, R = 2/2, F1 = 2*(2/3)*1/(5/3) = 0.8
        (
            [pred_quote((12, 14), speaker="ashfaq parvez kayani"),
             pred_quote((27, 30), speaker="barack obama"),
             pred_quote((0, 6), speaker="barack obama")],
            1.0, 2 / 3, 1.0, 0.8,
        ),
        # spans right, speakers missing: 0 attributed of 2 matched; P = R = F1 = 0
        ([pred_quote((12, 14), speaker=""), pred_quote((27, 30), speaker="")], 0.0, 0.0, 0.0, 0.0),
        # nothing predicted: no matched pair, so accuracy is None; P = 0/0 -> 0.0
        ([], None, 0.0, 0.0, 0.0),
    ],
)
def test_attribution_end_to_end(
    pred: list[dict], accuracy: float | None, precision: float, recall: float, f1: float
) -> None:
    result = score([{"id": "a", "text": ATTR_TEXT, "quotes": ATTR_GOLD}], {"a": pred})
    if accuracy is None:
        assert result["attribution_accuracy"] is None
    else:
        assert result["attribution_accuracy"] == pytest.approx(accuracy)
    assert result["attribution_precision"] == pytest.approx(precision)
    assert result["attribution_recall"] == pytest.approx(recall)
    assert result["attribution_f1"] == pytest.approx(f1)


# --- stance ----------------------------------------------------------------------------

def confusion(*cells: tuple[str, str, int]) -> dict:
    """Build a full four-by-four confusion matrix from its non-zero cells."""
    table = {g: {p: 0 for p in LABELS} for g in LABELS}
    for gold, pred, count in cells:
        table[gold][pred] = count
    return table


STANCE_CASES = [
    pytest.param(
        # none errors: gold none predicted hedge, gold resist predicted none
        [("resist", "resist"), ("resist", "none"), ("none", "hedge"),
         ("hedge", "hedge"), ("comply", "comply"), ("none", "none")],
        {
            # resist: tp 1, predicted 1, gold 2 -> P 1, R 1/2, F1 2*.5/1.5 = 2/3
            "resist": (1.0, 0.5, 2 / 3, 2),
            # comply: tp 1, predicted 1, gold 1 -> 1, 1, 1
            "comply": (1.0, 1.0, 1.0, 1),
            # hedge: tp 1, predicted 2 (one is gold none), gold 1 -> P 1/2, R 1, F1 2/3
            "hedge": (0.5, 1.0, 2 / 3, 1),
            # none: tp 1, predicted 2, gold 2 -> 1/2, 1/2, 1/2
            "none": (0.5, 0.5, 0.5, 2),
        },
        # (2/3 + 1 + 2/3) / 3 = 7/9; averaging none too would give 17/24
        7 / 9,
        # 4 equal of 6 pairs
        4 / 6,
        confusion(("resist", "resist", 1), ("resist", "none", 1), ("none", "hedge", 1),
                  ("hedge", "hedge", 1), ("comply", "comply", 1), ("none", "none", 1)),
        id="none-errors",
    ),
    pytest.param(
        # unmatched gold (resist, None) and unmatched prediction (None, comply)
        [("resist", "resist"), ("resist", None), (None, "comply"), ("hedge", "hedge")],
        {
            # resist: tp 1, predicted 1, gold 2 -> 1, 1/2, 2/3
            "resist": (1.0, 0.5, 2 / 3, 2),
            # comply: tp 0, predicted 1, gold 0 -> 0, 0 (zero denominator), 0
            "comply": (0.0, 0.0, 0.0, 0),
            # hedge: tp 1, predicted 1, gold 1 -> 1, 1, 1
            "hedge": (1.0, 1.0, 1.0, 1),
            "none": (0.0, 0.0, 0.0, 0),
        },
        # comply has a predicted instance, so it stays in: (2/3 + 0 + 1) / 3 = 5/9
        5 / 9,
        # only the 2 pairs with both labels count: both equal -> 2/2
        1.0,
        confusion(("resist", "resist", 1), ("hedge", "hedge", 1)),
        id="unmatched-both-sides",
    ),
    pytest.param(
        # comply has no gold and no predicted instance: left out of the average
        [("resist", "resist"), ("resist", "hedge"), ("hedge", "hedge"), ("none", "none")],
        {
            # resist: tp 1, predicted 1, gold 2 -> 1, 1/2, 2/3
            "resist": (1.0, 0.5, 2 / 3, 2),
            "comply": (0.0, 0.0, 0.0, 0),
            # hedge: tp 1, predicted 2, gold 1 -> 1/2, 1, 2/3
            "hedge": (0.5, 1.0, 2 / 3, 1),
            # none: tp 1, predicted 1, gold 1
            "none": (1.0, 1.0, 1.0, 1),
        },
        # (2/3 + 2/3) / 2 = 2/3; with comply as 0 it would be 4/9
        2 / 3,
        # 3 equal of 4
        3 / 4,
        confusion(("resist", "resist", 1), ("resist", "hedge", 1), ("hedge", "hedge", 1),
                  ("none", "none", 1)),
        id="label-left-out",
    ),
    pytest.param(
        # only an unmatched gold comply: comply is in (it has gold), F1 0 -> macro 0.0
        [("comply", None)],
        {
            "resist": (0.0, 0.0, 0.0, 0),
            "comply": (0.0, 0.0, 0.0, 1),
            "hedge": (0.0, 0.0, 0.0, 0),
            "none": (0.0, 0.0, 0.0, 0),
        },
        0.0,
        None,
        confusion(),
        id="only-unmatched-gold",
    ),
    pytest.param(
        # only none: all three averaged labels are left out -> macro None
        [("none", "none"), ("none", None)],
        {
            "resist": (0.0, 0.0, 0.0, 0),
            "comply": (0.0, 0.0, 0.0, 0),
            "hedge": (0.0, 0.0, 0.0, 0),
            # none: tp 1, predicted 1, gold 2 -> 1, 1/2, 2/3
            "none": (1.0, 0.5, 2 / 3, 2),
        },
        None,
        1.0,
        confusion(("none", "none", 1)),
        id="all-left-out",
    ),
    pytest.param(
        [],
        {label: (0.0, 0.0, 0.0, 0) for label in LABELS},
        None,
        None,
        confusion(),
        id="empty",
    ),
]


@pytest.mark.parametrize(("pairs", "per_label", "macro_f1", "accuracy", "matrix"), STANCE_CASES)
def test_stance_scores(
    pairs: list, per_label: dict, macro_f1: float | None, accuracy: float | None, matrix: dict
) -> None:
    result = stance_scores(pairs)
    assert set(result["per_label"]) == set(LABELS)
    for label, (precision, recall, f1, support) in per_label.items():
        row = result["per_label"][label]
        assert row["precision"] == pytest.approx(precision), label
        assert row["recall"] == pytest.approx(recall), label
        assert row["f1"] == pytest.approx(f1), label
        assert row["support"] == support, label
    if macro_f1 is None:
        assert result["macro_f1"] is None
    else:
        assert result["macro_f1"] == pytest.approx(macro_f1)
    if accuracy is None:
        assert result["accuracy"] is None
    else:
        assert result["accuracy"] == pytest.approx(accuracy)
    assert result["confusion"] == matrix


def test_stance_scores_rejects_unknown_label() -> None:
    with pytest.raises(ValueError, match="favour"):
        stance_scores([("resist", "favour")])


# --- score: one small corpus worked out by hand ----------------------------------------

TEXT_1 = (
    'Kayani said "We cannot fight on so many fronts." Mullen said Pakistan must act. '
    'Zardari said the US should not expect "a major operation".'
)
TEXT_2 = "Pakistan will act on its own timeline, officials said."
TEXT_3 = 'He said: "We will take action against the Haqqanis."'

GOLD = [
    {
        "id": "art-one",
        "text": TEXT_1,
        "quotes": [
            gold_quote(at(TEXT_1, "We cannot fight on so many fronts."), type="direct",
                       speaker="Ashfaq Parvez Kayani",
                       speaker_spans=[list(at(TEXT_1, "Kayani"))], stance="resist"),
            gold_quote(at(TEXT_1, "Pakistan must act"), type="indirect", speaker="Mike Mullen",
                       speaker_spans=[list(at(TEXT_1, "Mullen"))], stance="none"),
            gold_quote(at(TEXT_1, 'the US should not expect "a major operation"'), type="mixed",
                       speaker="Asif Ali Zardari",
                       speaker_spans=[list(at(TEXT_1, "Zardari"))], stance="resist"),
        ],
    },
    {
        "id": "art-two",
        "text": TEXT_2,
        "quotes": [
            gold_quote(at(TEXT_2, "Pakistan will act on its own timeline"), type="indirect",
                       speaker="pakistani officials",
                       speaker_spans=[list(at(TEXT_2, "officials"))], stance="hedge"),
        ],
    },
    {
        "id": "art-three",
        "text": TEXT_3,
        "quotes": [
            gold_quote(at(TEXT_3, "We will take action against the Haqqanis."), type="direct",
                       speaker="pakistani officials", stance="comply"),
        ],
    },
]

PREDICTIONS = {
    "art-one": [
        # gold 0 without its full stop: overlap 33 of 34, exact after trimming; speaker
        # right by mention; resist -> resist
        pred_quote(at(TEXT_1, "We cannot fight on so many fronts"), type="direct",
                   speaker="Kayani", mention=at(TEXT_1, "Kayani"), stance="resist"),
        # gold 1 with its full stop: overlap 17 of 18, exact after trimming; "mullen" is
        # not "mike mullen" and there is no mention: wrong speaker; none -> hedge
        pred_quote(at(TEXT_1, "Pakistan must act."), type="indirect", speaker="Mullen",
                   stance="hedge"),
        # "Zardari said" overlaps no gold quote: unmatched, comply
        pred_quote(at(TEXT_1, "Zardari said"), type="indirect", speaker="", stance="comply"),
        # gold 2 (mixed, resist) is not found
    ],
    "art-two": [
        # overlap 28 of the gold's 37 characters: 28 >= 18.5, matched but not exact;
        # speaker right by canonical name; hedge -> hedge
        pred_quote(at(TEXT_2, "Pakistan will act on its own"), type="indirect",
                   speaker="Pakistani  Officials", stance="hedge"),
    ],
    # "art-three" is missing: its gold comply quote is not found
    # an id that is not in the gold is ignored
    "not-in-gold": [pred_quote((0, 5), stance="resist")],
}

# Counts: gold 3 + 1 + 1 = 5; predicted 3 + 1 + 0 = 4; matched 2 + 1 = 3;
# exact 2 + 0 = 2; attributed 1 + 1 = 2.
EXPECTED_FIGURES = [
    # quote: P = 3/4, R = 3/5, F1 = 2*.75*.6/1.35 = 2/3
    ("quote_precision", 0.75),
    ("quote_recall", 0.6),
    ("quote_f1", 2 / 3),
    # exact: P = 2/4, R = 2/5, F1 = 2*.5*.4/.9 = 4/9
    ("exact_precision", 0.5),
    ("exact_recall", 0.4),
    ("exact_f1", 4 / 9),
    # attribution: 2 correct of 3 matched; end to end P = 2/4, R = 2/5, F1 = 4/9
    ("attribution_accuracy", 2 / 3),
    ("attribution_precision", 0.5),
    ("attribution_recall", 0.4),
    ("attribution_f1", 4 / 9),
    # stance end to end, pairs: (resist, resist), (none, hedge), (hedge, hedge) matched;
    # (resist, None), (comply, None) gold not found; (None, comply) spurious.
    # resist: tp 1 / pred 1 / gold 2 -> F1 2/3; comply: tp 0 -> F1 0;
    # hedge: tp 1 / pred 2 / gold 1 -> F1 2/3; macro (2/3 + 0 + 2/3) / 3 = 4/9
    ("stance_macro_f1", 4 / 9),
    # accuracy over the 3 matched pairs: 2 equal -> 2/3
    ("stance_accuracy", 2 / 3),
]


@pytest.mark.parametrize(("key", "expected"), EXPECTED_FIGURES)
def test_score_figures(key: str, expected: float) -> None:
    assert score(GOLD, PREDICTIONS)[key] == pytest.approx(expected)


def test_score_counts_and_gold_quote_keys() -> None:
    result = score(GOLD, PREDICTIONS)
    assert result["counts"] == {"gold": 5, "predicted": 4, "matched": 3, "exact": 2, "attributed": 2}
    # without gold_quote_stances the gold-quote figures are absent
    assert result["stance_macro_f1_gold_quotes"] is None
    assert result["stance_accuracy_gold_quotes"] is None


@pytest.mark.parametrize(
    ("label", "precision", "recall", "f1", "support"),
    [
        ("resist", 1.0, 0.5, 2 / 3, 2),
        # comply: the spurious prediction and the missing gold quote, no hit
        ("comply", 0.0, 0.0, 0.0, 1),
        # hedge: tp 1 / predicted 2 (one is gold none) / gold 1
        ("hedge", 0.5, 1.0, 2 / 3, 1),
        # none: gold 1, never predicted
        ("none", 0.0, 0.0, 0.0, 1),
    ],
)
def test_score_stance_per_label(
    label: str, precision: float, recall: float, f1: float, support: int
) -> None:
    row = score(GOLD, PREDICTIONS)["stance_per_label"][label]
    assert (row["precision"], row["recall"], row["f1"], row["support"]) == pytest.approx(
        (precision, recall, f1, support)
    )


def test_score_confusion_matched_pairs_only() -> None:
    # matched pairs only: (resist, resist), (none, hedge), (hedge, hedge)
    expected = confusion(("resist", "resist", 1), ("none", "hedge", 1), ("hedge", "hedge", 1))
    assert score(GOLD, PREDICTIONS)["confusion"] == expected


@pytest.mark.parametrize(
    ("key", "quote_type", "recall", "found", "total"),
    [
        # gold direct: art-one 0 (found), art-three 0 (not) -> 1/2
        ("recall_by_type", "direct", 0.5, 1, 2),
        # gold indirect: art-one 1, art-two 0, both found -> 2/2
        ("recall_by_type", "indirect", 1.0, 2, 2),
        # gold mixed: art-one 2, not found -> 0/1
        ("recall_by_type", "mixed", 0.0, 0, 1),
        # predicted direct: 1 matched of 1
        ("precision_by_type", "direct", 1.0, 1, 1),
        # predicted indirect: "Pakistan must act." and art-two matched, "Zardari said" not
        # -> 2/3
        ("precision_by_type", "indirect", 2 / 3, 2, 3),
        # no predicted mixed quote: 0/0 -> 0.0
        ("precision_by_type", "mixed", 0.0, 0, 0),
    ],
)
def test_score_by_type(key: str, quote_type: str, recall: float, found: int, total: int) -> None:
    row = score(GOLD, PREDICTIONS)[key][quote_type]
    assert row["recall"] == pytest.approx(recall)
    assert (row["found"], row["total"]) == (found, total)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        # art-one: P = 2/3, R = 2/3 -> F1 2/3; one attributed (Kayani), one stance equal
        (0, {"id": "art-one", "gold": 3, "predicted": 3, "matched": 2, "exact": 2,
             "attributed": 1, "stance_correct": 1, "quote_f1": 2 / 3}),
        # art-two: 1 of 1 both ways -> F1 1; not exact
        (1, {"id": "art-two", "gold": 1, "predicted": 1, "matched": 1, "exact": 0,
             "attributed": 1, "stance_correct": 1, "quote_f1": 1.0}),
        # art-three: no prediction -> F1 0
        (2, {"id": "art-three", "gold": 1, "predicted": 0, "matched": 0, "exact": 0,
             "attributed": 0, "stance_correct": 0, "quote_f1": 0.0}),
    ],
)
def test_score_per_article(index: int, expected: dict) -> None:
    rows = score(GOLD, PREDICTIONS)["per_article"]
    assert [row["id"] for row in rows] == ["art-one", "art-two", "art-three"]
    row = rows[index]
    for key, value in expected.items():
        assert row[key] == pytest.approx(value) if isinstance(value, float) else row[key] == value


def test_score_on_gold_quotes() -> None:
    stances = {"art-one": ["resist", "none", "hedge"], "art-two": ["hedge"], "art-three": ["comply"]}
    result = score(GOLD, PREDICTIONS, gold_quote_stances=stances)
    # pairs: (resist, resist), (none, none), (resist, hedge), (hedge, hedge), (comply, comply)
    # resist: tp 1 / pred 1 / gold 2 -> 2/3; comply: 1/1/1 -> 1;
    # hedge: tp 1 / pred 2 / gold 1 -> 2/3; macro (2/3 + 1 + 2/3) / 3 = 7/9
    assert result["stance_macro_f1_gold_quotes"] == pytest.approx(7 / 9)
    # 4 equal of 5
    assert result["stance_accuracy_gold_quotes"] == pytest.approx(0.8)
    # the end-to-end figures do not move: still 4/9
    assert result["stance_macro_f1"] == pytest.approx(4 / 9)


@pytest.mark.parametrize(
    "stances",
    [
        {"art-one": ["resist", "none"], "art-two": ["hedge"], "art-three": ["comply"]},
        {"art-one": ["resist", "none", "hedge"], "art-two": ["hedge"]},
    ],
    ids=["too-few-labels", "missing-article"],
)
def test_score_on_gold_quotes_needs_one_label_per_quote(stances: dict) -> None:
    with pytest.raises(ValueError):
        score(GOLD, PREDICTIONS, gold_quote_stances=stances)


def test_score_empty() -> None:
    result = score([], {})
    assert result["counts"] == {"gold": 0, "predicted": 0, "matched": 0, "exact": 0, "attributed": 0}
    assert (result["quote_precision"], result["quote_recall"], result["quote_f1"]) == (0.0, 0.0, 0.0)
    assert result["attribution_accuracy"] is None
    assert result["stance_macro_f1"] is None
    assert result["stance_accuracy"] is None
    assert result["recall_by_type"] == {t: {"recall": 0.0, "found": 0, "total": 0}
                                        for t in ("direct", "indirect", "mixed")}
    assert result["per_article"] == []


# --- format_report ---------------------------------------------------------------------

def majority_predictions() -> dict[str, list[dict]]:
    """Same spans as PREDICTIONS, every stance 'resist' (a majority baseline)."""
    return {key: [{**q, "stance": "resist"} for q in quotes] for key, quotes in PREDICTIONS.items()}


def test_format_report() -> None:
    stances = {"art-one": ["resist", "none", "hedge"], "art-two": ["hedge"], "art-three": ["comply"]}
    results = {
        "full": score(GOLD, PREDICTIONS, gold_quote_stances=stances),
        "majority": score(GOLD, majority_predictions()),
    }
    report = format_report(results)
    assert isinstance(report, str)
    for fragment in (
        "full", "majority",
        "0.750", "0.600", "0.667",  # quote P, R, F1 (3/4, 3/5, 2/3)
        "0.500", "0.400", "0.444",  # exact P, R, F1 (2/4, 2/5, 4/9) and macro-F1 4/9
        "0.778",  # macro-F1 on gold quotes, 7/9
        # majority, all resist: pairs (resist, resist), (none, resist), (hedge, resist),
        # (resist, None), (comply, None), (None, resist): resist tp 1 / pred 4 / gold 2
        # -> P 1/4, R 1/2, F1 2*(1/8)/(3/4) = 1/3; comply, hedge F1 0 -> macro 1/9 = 0.111
        "0.111",
        "art-one", "art-two", "art-three",
    ):
        assert fragment in report, fragment
    # majority has no gold-quote figures: its cell is "-"
    gold_quote_line = next(line for line in report.splitlines() if "gold quotes" in line)
    assert gold_quote_line.split()[-2:] == ["0.778", "-"]
    assert "art-two" not in format_report(results, per_article=False)


def test_format_report_single_system_line_widths() -> None:
    report = format_report({"rules-only": score(GOLD, PREDICTIONS)})
    assert "rules-only" in report
    # each table is fixed width: its separator line is as wide as its widest row
    for block in report.split("\n\n"):
        lines = block.splitlines()
        if len(lines) > 2 and set(lines[1]) <= {"-", " "}:
            assert max(len(line) for line in lines) == len(lines[1])
