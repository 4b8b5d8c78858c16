"""Attribution and side errors: who stance says speaks, against gold, by category.

    python benchmarks/attribution.py --gold FILE [--gold ...] [--polnear DIR] [--errors] [--cache DIR]

For each gold file it prints, over the quotes stance finds that match a gold quote
(ANNOTATION.md section 5), the speaker accuracy, the side accuracy and the side confusion,
and counts the errors by kind. For a PolNeAR split it counts, over the quoted spans found
whose Source is a name, how the predicted speaker went wrong. `--errors` lists every error
with its context, for reading on the terminal; nothing is written under the repository.
`--cache DIR` keeps the parsed Docs between runs (keyed by the texts' hash).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run from source, like PYTHONPATH=<repo>

from spacy.tokens import Doc, DocBin  # noqa: E402

from stance.evaluate import match_quotes, same_speaker  # noqa: E402
from stance.gold import read_gold  # noqa: E402
from stance.pipeline import Labeller  # noqa: E402
from stance.tables import render_table  # noqa: E402
from stance.types import SIDES  # noqa: E402

import polnear  # noqa: E402  (benchmarks/polnear.py, beside this script)
from extraction import named_source_right, nearest_named_source  # noqa: E402


def parse(nlp, texts: list[str], cache: str | None) -> list[Doc]:
    """Parse the texts, or read them back from the cache when the same texts were parsed before."""
    key = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = Path(cache) / f"{key}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=32))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path)
    return docs


def predicted(labeller: Labeller, doc: Doc) -> list[dict]:
    """The quotes stance keeps, with speaker, mention and side (stance itself is not needed)."""
    return [{"start": q.start, "end": q.end, "type": q.type, "cue": q.cue, "speaker": s.name,
             "speaker_mention": s.mention, "speaker_start": s.start, "speaker_end": s.end, "side": s.side, "placed": s.placed,
             "source_i": q.source_i, "continues": q.continues, "via": via,
             "source_pos": doc[q.source_i].pos_ if q.source_i is not None else None}
            for q, s, via in labeller.find(doc)]


def error_kind(gold: dict, pred: dict) -> str:
    """A rough category for a wrong speaker, to see which fixes would pay."""
    if not pred["speaker"]:
        return "no speaker"
    if pred["continues"]:
        return "continuation"
    if pred["source_pos"] == "PRON":
        return "pronoun"
    if pred["via"]:
        return "nested"
    if pred["source_i"] is None:
        return "fallback/no source token"
    if gold["speaker"] and gold["speaker"] != gold["speaker"].lower() and pred["speaker"] == pred["speaker"].lower():
        return "gold named, predicted descriptor"
    return "other source"


def context(text: str, start: int, end: int, width: int = 160) -> str:
    return " ".join(text[max(0, start - width):min(len(text), end + 40)].split())


def gold_report(path: str, labeller: Labeller, *, cache: str | None, errors: bool) -> None:
    articles = read_gold([path])
    docs = parse(labeller.nlp, [a["text"] for a in articles], cache)
    kinds, side_kinds = Counter(), Counter()
    confusion = Counter()
    matched = speaker_right = side_right = side_right_speaker_right = 0
    for article, doc in zip(articles, docs):
        pred = predicted(labeller, doc)
        for g, p in match_quotes(article["quotes"], pred):
            gold, guess = article["quotes"][g], pred[p]
            matched += 1
            right = same_speaker(gold, guess)
            speaker_right += right
            side_ok = gold["side"] == guess["side"]
            side_right += side_ok
            side_right_speaker_right += side_ok and right
            confusion[gold["side"], guess["side"] or "-"] += 1
            if not right:
                kinds[error_kind(gold, guess)] += 1
            if not side_ok:
                side_kinds[("speaker right" if right else "speaker wrong") + ("" if guess["placed"] else " unplaced")
                           + f", {gold['side']} -> {guess['side'] or '-'}"] += 1
            if errors and (not right or not side_ok):
                print(f"[{article['id']}] {'SPEAKER' if not right else 'SIDE'}: gold {gold['speaker']!r} "
                      f"({gold['side']}), predicted {guess['speaker']!r} ({guess['side']}{'' if guess['placed'] else ', unplaced'}) "
                      f"from {guess['speaker_mention']!r}, cue {guess['cue']!r}")
                print("    " + context(article["text"], gold["start"], gold["end"]))
    print(f"== {path}: {matched} matched quotes")
    print(f"speaker right {speaker_right}/{matched} = {speaker_right / matched:.3f}; "
          f"side right {side_right}/{matched} = {side_right / matched:.3f} "
          f"(with the speaker right too: {side_right_speaker_right})")
    print("speaker errors: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("side errors: " + ", ".join(f"{k} {n}" for k, n in side_kinds.most_common()))
    columns = list(SIDES) + ["-"]
    print(render_table(["gold \\ pred", *columns],
                       [[s, *(confusion[s, c] for c in columns)] for s in SIDES]))
    print()


def polnear_report(directory: str, labeller: Labeller, *, cache: str | None, errors: bool) -> None:
    texts = polnear.read_polnear(directory)
    docs = parse(labeller.nlp, [t.text for t in texts], cache)
    kinds = Counter()
    named = right = pronouns = proxy = via_right = 0
    for text, doc in zip(texts, docs):
        pred = predicted(labeller, doc)
        items = polnear.quoted_spans(text)
        for g, p in match_quotes([{"start": q.start, "end": q.end} for q in items], pred):
            sources = [a for a in items[g].attributions if a.source and not a.source_is_pronoun]
            pronoun = [a for a in items[g].attributions if a.source and a.source_is_pronoun]
            if pronoun and not sources:  # right by proxy: the nearest earlier named Source
                pronouns += 1
                antecedent = nearest_named_source(text, min(a.source[0][0] for a in pronoun))
                proxy += antecedent is not None and named_source_right(pred[p], [antecedent])
            if not sources:
                continue
            named += 1
            guess = pred[p]
            if named_source_right(guess, sources):
                right += 1
                continue
            # PolNeAR gives nested speech the outer Source (`X said, according to the paper`),
            # which ANNOTATION.md puts in `via`
            via_right += bool(guess["via"]) and named_source_right({"speaker": guess["via"]}, sources)
            kind = error_kind({"speaker": sources[0].source_text}, guess)
            kinds[kind] += 1
            if errors:
                print(f"[{text.name}] {kind}: source {sources[0].source_text!r}, cue {sources[0].cue_text!r}; "
                      f"predicted {guess['speaker']!r} from {guess['speaker_mention']!r}, cue {guess['cue']!r}")
                print("    " + context(text.text, items[g].start, items[g].end))
    print(f"== PolNeAR {directory}: named Sources right {right}/{named} = {right / named:.3f}; "
          f"pronoun Sources right by proxy {proxy}/{pronouns} = {proxy / pronouns:.3f}")
    print(f"named Sources right, or the outer source of nested speech in `via`: {right + via_right}/{named} = "
          f"{(right + via_right) / named:.3f}")
    print("errors: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", default=[], help="a gold JSONL file (repeatable)")
    parser.add_argument("--polnear", help="a PolNeAR split folder with text/ and attributions/")
    parser.add_argument("--model", help="a stance model file (default: the shipped model)")
    parser.add_argument("--errors", action="store_true", help="list every error with its context")
    parser.add_argument("--cache", help="a folder to keep parsed Docs in between runs")
    args = parser.parse_args(argv)
    if not args.gold and not args.polnear:
        parser.error("give --gold FILE and/or --polnear DIR")
    labeller = Labeller.create(model_path=args.model)
    for path in args.gold:
        gold_report(path, labeller, cache=args.cache, errors=args.errors)
    if args.polnear:
        polnear_report(args.polnear, labeller, cache=args.cache, errors=args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
