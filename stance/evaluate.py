"""Scoring of quotes, speakers and stance as ANNOTATION.md section 5 defines it.

Pure functions over plain dicts: no spaCy, no file I/O. Gold articles follow section 4;
predicted quotes carry start, end, type, speaker, speaker_start, speaker_end and stance.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

LABELS: tuple[str, ...] = ("resist", "comply", "hedge", "none")
AVERAGED_LABELS: tuple[str, ...] = ("resist", "comply", "hedge")
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")

_SPACES = re.compile(r"\s+")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Return the number of characters two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _divide(numerator: float, denominator: float) -> float:
    """Divide, giving 0.0 for a zero denominator (the section 5 convention for P/R)."""
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    """Return the harmonic mean of precision and recall, 0.0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Return precision, recall and F1 from counts."""
    precision = _divide(correct, predicted)
    recall = _divide(correct, gold)
    return precision, recall, _f1(precision, recall)


def match_quotes(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Pair gold and predicted quotes one to one, best overlap first.

    A pair is a candidate when the overlap is at least half of the longer span; ties go to
    the smaller length difference, then the lower gold index, then the lower pred index.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for g_index, g in enumerate(gold):
        g_span = (g["start"], g["end"])
        g_len = g_span[1] - g_span[0]
        for p_index, p in enumerate(pred):
            p_span = (p["start"], p["end"])
            p_len = p_span[1] - p_span[0]
            overlap = _overlap(g_span, p_span)
            # Integer form of overlap >= max_len / 2; an empty overlap never matches.
            if overlap > 0 and 2 * overlap >= max(g_len, p_len):
                candidates.append((-overlap, abs(g_len - p_len), g_index, p_index))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, g_index, p_index in candidates:
        if g_index in used_gold or p_index in used_pred:
            continue
        used_gold.add(g_index)
        used_pred.add(p_index)
        pairs.append((g_index, p_index))
    return sorted(pairs)


def _is_trimmable(char: str) -> bool:
    """Tell whether a character is white space or Unicode punctuation (category P*)."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def trim_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Shrink a span past white space and punctuation at both ends."""
    start, end = span
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    return start, end


def spans_equal_exact(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Tell whether two spans cover the same characters once both ends are trimmed.

    Trimmed offsets are compared, not strings, so equal words elsewhere do not count.
    """
    return trim_span(text, a) == trim_span(text, b)


def canonicalize_name(name: str | None) -> str:
    """Normalise a speaker name: lower case, no full stops, single spaces, stripped."""
    if not name:
        return ""
    return _SPACES.sub(" ", name.lower().replace(".", "")).strip()


def same_speaker(gold_quote: dict, pred_quote: dict) -> bool:
    """Tell whether the prediction names the gold source, by canonical name or mention.

    A mention counts when [speaker_start, speaker_end) shares a character with a gold span.
    """
    pred_name = canonicalize_name(pred_quote.get("speaker"))
    if pred_name and pred_name == canonicalize_name(gold_quote.get("speaker")):
        return True
    start, end = pred_quote.get("speaker_start"), pred_quote.get("speaker_end")
    if start is None or end is None:
        return False
    return any(
        _overlap((start, end), (span[0], span[1])) > 0
        for span in gold_quote.get("speaker_spans") or []
    )


def stance_scores(pairs: Iterable[tuple[str | None, str | None]]) -> dict:
    """Score stance pairs (gold, predicted); None marks an unmatched quote on either side.

    macro_f1 averages resist, comply and hedge, leaving out a label with no gold and no
    predicted instance at all (None if all three are out); none is reported, not averaged.
    """
    support = dict.fromkeys(LABELS, 0)
    predicted = dict.fromkeys(LABELS, 0)
    correct = dict.fromkeys(LABELS, 0)
    confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    both = agree = 0
    for gold_label, pred_label in pairs:
        for label in (gold_label, pred_label):
            if label is not None and label not in LABELS:
                raise ValueError(
                    f"Unknown stance label {label!r}: expected one of {', '.join(LABELS)}."
                )
        if gold_label is not None:
            support[gold_label] += 1
        if pred_label is not None:
            predicted[pred_label] += 1
        if gold_label is not None and pred_label is not None:
            both += 1
            confusion[gold_label][pred_label] += 1
            if gold_label == pred_label:
                agree += 1
                correct[gold_label] += 1
    per_label: dict[str, dict] = {}
    for label in LABELS:
        precision, recall, f1 = _prf(correct[label], predicted[label], support[label])
        per_label[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": support[label],
        }
    averaged = [
        per_label[label]["f1"]
        for label in AVERAGED_LABELS
        if support[label] or predicted[label]
    ]
    return {
        "macro_f1": sum(averaged) / len(averaged) if averaged else None,
        "per_label": per_label,
        "accuracy": agree / both if both else None,
        "confusion": confusion,
    }


def _count_by_type(quotes: Sequence[dict], found: set[int]) -> dict[str, dict]:
    """Return {type: {recall, found, total}}: the share of quotes of each type in found."""
    types = list(QUOTE_TYPES)
    types += sorted({q.get("type") or "" for q in quotes} - set(QUOTE_TYPES))
    table: dict[str, dict] = {}
    for quote_type in types:
        indices = [i for i, q in enumerate(quotes) if (q.get("type") or "") == quote_type]
        hits = sum(1 for i in indices if i in found)
        table[quote_type] = {
            "recall": _divide(hits, len(indices)),
            "found": hits,
            "total": len(indices),
        }
    return table


def _merge_by_type(tables: list[dict[str, dict]]) -> dict[str, dict]:
    """Sum per-article type tables and recompute the ratio."""
    merged: dict[str, dict] = {}
    for table in tables:
        for quote_type, row in table.items():
            slot = merged.setdefault(quote_type, {"found": 0, "total": 0})
            slot["found"] += row["found"]
            slot["total"] += row["total"]
    return {
        quote_type: {
            "recall": _divide(row["found"], row["total"]),
            "found": row["found"],
            "total": row["total"],
        }
        for quote_type, row in merged.items()
    }


def score(
    gold_articles: list[dict],
    predictions: dict[str, list[dict]],
    *,
    gold_quote_stances: dict[str, list[str]] | None = None,
) -> dict:
    """Score predicted quotes against gold articles: extraction, attribution and stance.

    Prediction ids absent from the gold are ignored; a gold id absent from predictions
    has no predicted quotes. gold_quote_stances gives one stance per gold quote, in order.
    """
    totals = dict.fromkeys(("gold", "predicted", "matched", "exact", "attributed"), 0)
    stance_pairs: list[tuple[str | None, str | None]] = []
    gold_stance_pairs: list[tuple[str | None, str | None]] = []
    recall_tables: list[dict[str, dict]] = []
    precision_tables: list[dict[str, dict]] = []
    per_article: list[dict] = []

    for article in gold_articles:
        article_id = article["id"]
        text = article["text"]
        gold = article.get("quotes") or []
        pred = predictions.get(article_id) or []
        pairs = match_quotes(gold, pred)
        exact = sum(
            1
            for g, p in pairs
            if spans_equal_exact(
                text, (gold[g]["start"], gold[g]["end"]), (pred[p]["start"], pred[p]["end"])
            )
        )
        attributed = sum(1 for g, p in pairs if same_speaker(gold[g], pred[p]))
        stance_correct = sum(
            1
            for g, p in pairs
            if pred[p].get("stance") is not None
            and gold[g].get("stance") == pred[p].get("stance")
        )
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}

        stance_pairs += [(gold[g].get("stance"), pred[p].get("stance")) for g, p in pairs]
        stance_pairs += [
            (q.get("stance"), None) for i, q in enumerate(gold) if i not in matched_gold
        ]
        stance_pairs += [
            (None, q.get("stance")) for i, q in enumerate(pred) if i not in matched_pred
        ]
        if gold_quote_stances is not None:
            labels = gold_quote_stances.get(article_id)
            if labels is None or len(labels) != len(gold):
                found = "none" if labels is None else str(len(labels))
                raise ValueError(
                    f"Article {article_id!r}: gold_quote_stances needs one stance per gold "
                    f"quote ({len(gold)}), got {found}."
                )
            gold_stance_pairs += [(q.get("stance"), label) for q, label in zip(gold, labels)]

        recall_tables.append(_count_by_type(gold, matched_gold))
        precision_tables.append(_count_by_type(pred, matched_pred))
        counts = {
            "gold": len(gold),
            "predicted": len(pred),
            "matched": len(pairs),
            "exact": exact,
            "attributed": attributed,
        }
        for key, value in counts.items():
            totals[key] += value
        per_article.append(
            {
                "id": article_id,
                **counts,
                "stance_correct": stance_correct,
                "quote_f1": _prf(len(pairs), len(pred), len(gold))[2],
            }
        )

    quote_p, quote_r, quote_f = _prf(totals["matched"], totals["predicted"], totals["gold"])
    exact_p, exact_r, exact_f = _prf(totals["exact"], totals["predicted"], totals["gold"])
    attr_p, attr_r, attr_f = _prf(totals["attributed"], totals["predicted"], totals["gold"])
    end_to_end = stance_scores(stance_pairs)
    on_gold = stance_scores(gold_stance_pairs) if gold_quote_stances is not None else None
    return {
        "quote_precision": quote_p,
        "quote_recall": quote_r,
        "quote_f1": quote_f,
        "exact_precision": exact_p,
        "exact_recall": exact_r,
        "exact_f1": exact_f,
        "recall_by_type": _merge_by_type([_count_by_type([], set()), *recall_tables]),
        "precision_by_type": _merge_by_type([_count_by_type([], set()), *precision_tables]),
        "attribution_accuracy": (
            totals["attributed"] / totals["matched"] if totals["matched"] else None
        ),
        "attribution_precision": attr_p,
        "attribution_recall": attr_r,
        "attribution_f1": attr_f,
        "stance_macro_f1": end_to_end["macro_f1"],
        "stance_per_label": end_to_end["per_label"],
        "stance_accuracy": end_to_end["accuracy"],
        "confusion": end_to_end["confusion"],
        "stance_macro_f1_gold_quotes": on_gold["macro_f1"] if on_gold else None,
        "stance_accuracy_gold_quotes": on_gold["accuracy"] if on_gold else None,
        "stance_per_label_gold_quotes": on_gold["per_label"] if on_gold else None,
        "counts": totals,
        "per_article": per_article,
    }
