"""High-precision stance rules: the speaker's side and the stance lexicon, with evidence.

Rules work on plain word and lemma lists, so they run the same on a parsed article and in
training. Which lexicon rules may decide alone is measured on training data (`deciding_rules`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .resources import StanceRule, load_lexicon
from .types import Decision

NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
NEGATION_WINDOW = 3
# Section 3: the stance is the speaker's own; the demanding side, publications and third
# countries take no position on the demand.
NO_POSITION_SIDES = frozenset({"us", "media", "afghanistan"})
SIDE_RULE = "side"
# a lexicon rule decides alone when it was right this often, this many times, on training data
RULE_MIN_PRECISION = 0.85
RULE_MIN_SUPPORT = 8


@dataclass(frozen=True)
class RuleHit:
    """One firing rule: its name, the label it gives, and the words that matched."""

    name: str
    label: str
    negated: bool
    words: str


def _matches(step: frozenset[str], word: str, lemma: str) -> bool:
    return "*" in step or word in step or lemma in step


def _match_at(pattern, words: list[str], lemmas: list[str], start: int, step: int = 0) -> int | None:
    """End index of the longest match of pattern[step:] at start, or None. An optional step
    that takes a word is undone when the rest then fails (`launched ?* ?* operation` matches
    `launched an operation`): a greedy matcher without it only matched with two fillers."""
    if step == len(pattern):
        return start
    alternatives, optional = pattern[step]
    if start < len(words) and _matches(alternatives, words[start], lemmas[start]):
        end = _match_at(pattern, words, lemmas, start + 1, step + 1)
        if end is not None:
            return end
    return _match_at(pattern, words, lemmas, start, step + 1) if optional else None


_FIRST_WORDS: dict[int, tuple[set[str], bool]] = {}


def _first_words(lexicon: list[StanceRule]) -> tuple[set[str], bool]:
    """Words that can start a match of some rule, and whether any rule can start anywhere."""
    key = id(lexicon)
    if key not in _FIRST_WORDS:
        words: set[str] = set()
        anywhere = False
        for rule in lexicon:
            for alternatives, optional in rule.pattern:
                words |= alternatives
                if "*" in alternatives:
                    anywhere = True
                if not optional:
                    break
        _FIRST_WORDS[key] = (words, anywhere)
    return _FIRST_WORDS[key]


def match_rules(words: list[str], lemmas: list[str], *, lexicon: list[StanceRule] | None = None) -> list[RuleHit]:
    """Every lexicon rule that fires on the quote's words, negation scope applied."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    words = [w.lower() for w in words]
    lemmas = [w.lower() for w in lemmas]
    first, anywhere = _first_words(lexicon)
    starts = [i for i in range(len(words)) if anywhere or words[i] in first or lemmas[i] in first]
    hits = []
    for rule in lexicon:
        for start in starts:
            end = _match_at(rule.pattern, words, lemmas, start)
            if end is None or end == start:
                continue
            window = words[max(0, start - NEGATION_WINDOW):start]
            negated = any(w in NEGATIONS for w in window)
            label = rule.negated_label if negated else rule.label
            if label is not None:
                hits.append(RuleHit(rule.name, label, negated, " ".join(words[start:end])))
            break
    return hits


def side_label(side: str) -> str | None:
    """`none` for speakers whose side takes no position on the demand, else None."""
    return "none" if side in NO_POSITION_SIDES else None


def describe_hits(hits: list[RuleHit]) -> str:
    """A short human-readable account of the rules that fired."""
    return "; ".join(f"{h.name}{' (negated)' if h.negated else ''}: '{h.words}' -> {h.label}" for h in hits)


def rule_statistics(records: list[dict], labels: list[str]) -> dict[str, dict]:
    """Precision and support of every (rule, label) and of the side rule on labelled records."""
    fired: dict[str, Counter] = defaultdict(Counter)
    for record, gold in zip(records, labels):
        side = side_label(record.get("side", ""))
        if side is not None:
            fired[f"{SIDE_RULE}:{side}"][gold == side] += 1
            continue
        for name, label in record.get("hits", []):
            fired[f"{name}:{label}"][gold == label] += 1
    stats = {}
    for key, counts in fired.items():
        support = counts[True] + counts[False]
        stats[key] = {"precision": counts[True] / support, "support": support}
    return stats


def deciding_rules(stats: dict[str, dict]) -> dict[str, float]:
    """The (rule, label) keys precise enough to decide alone, with their precision."""
    return {key: s["precision"] for key, s in stats.items()
            if s["precision"] >= RULE_MIN_PRECISION and s["support"] >= RULE_MIN_SUPPORT}


def rules_only_decision(record: dict) -> Decision:
    """The rules alone: the side rule, else the label most lexicon rules give, else `none`."""
    side = side_label(record.get("side", ""))
    if side is not None:
        return Decision(side, 0.0, "rule", f"speaker side '{record.get('side')}' takes no position")
    votes = Counter(label for _, label in record.get("hits", []))
    if not votes:
        return Decision("none", 0.0, "default", "no rule fired")
    label = max(votes, key=lambda lab: (votes[lab], -[l for _, l in record["hits"]].index(lab)))
    return Decision(label, 0.0, "rule", record.get("evidence", ""))
