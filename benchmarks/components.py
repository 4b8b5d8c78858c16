"""What each spaCy component costs and what leaving it out would lose, on a gold file.

    python benchmarks/components.py [--gold data/test.jsonl] [--repeat 3]

For the full pipeline and for the pipeline without each optional component (every one
except tok2vec, which the others read, and paragraph_sentences, which is the project's
own), it parses the gold articles, labels them with the shipped model and prints the
parse CPU time and the section-5 figures. A component is worth leaving out only if its
row keeps the full pipeline's figures; `stance.nlp.UNUSED_COMPONENTS` lists those.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from stance.assess import assess  # noqa: E402
from stance.nlp import MODEL_PACKAGES  # noqa: E402
from stance.pipeline import Labeller  # noqa: E402
from stance.tables import render_table  # noqa: E402

OPTIONAL = ("tagger", "attribute_ruler", "lemmatizer", "ner")


def load_without(component: str | None):
    """The pipeline as `stance.nlp.load_nlp` builds it, less one component."""
    import importlib

    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp = module.load(exclude=[component] if component else [])
        nlp.add_pipe("paragraph_sentences", before="parser")
        return nlp
    raise SystemExit("components.py: no spaCy English pipeline is installed")


def parse_seconds(nlp, texts: list[str], repeat: int) -> float:
    """The smallest CPU time of `repeat` parses of all texts."""
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        best = min(best, time.process_time() - began)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default=str(REPO / "data" / "test.jsonl"), help="gold JSONL file")
    parser.add_argument("--repeat", type=int, default=3, help="parses timed per pipeline; the fastest counts")
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [g["text"] for g in gold]
    model = Labeller.create().model
    rows = []
    for component in (None, *OPTIONAL):
        nlp = load_without(component)
        seconds = parse_seconds(nlp, texts, args.repeat)
        full = assess(Labeller(nlp=nlp, model=model), gold)["full"]
        rows.append(["(none: full pipeline)" if component is None else component, f"{seconds:.2f}",
                     full["quote_f1"], full["exact_f1"], full["attribution_accuracy"],
                     full["stance_macro_f1_gold_quotes"]])
    base = float(rows[0][1])
    for row in rows:
        row.insert(2, f"{float(row[1]) / base:.2f}")
    print(f"{len(gold)} articles of {args.gold}; parse CPU seconds are the fastest of {args.repeat}\n")
    print(render_table(["left out", "parse CPU s", "vs full", "quote F1", "exact F1", "attribution acc.",
                        "stance macro-F1 (gold quotes)"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
