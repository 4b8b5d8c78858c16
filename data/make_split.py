"""Build data/train.jsonl and data/test.jsonl from data/batches/ and print the statistics.

The split is fixed by article id: articles whose number ends in 2, 5 or 8 (a102, a105, ...)
and the two seed articles are test; the rest are train. Run: python data/make_split.py
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def is_test(article_id: str) -> bool:
    return not article_id.startswith("a") or article_id[-1] in "258"


def main() -> None:
    articles = []
    for path in sorted((HERE / "batches").glob("*.jsonl")):
        articles.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    splits = {"train": [a for a in articles if not is_test(a["id"])], "test": [a for a in articles if is_test(a["id"])]}
    for name, items in splits.items():
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for article in items:
                out.write(json.dumps(article, ensure_ascii=False) + "\n")
    print("| split | articles | no-quote articles | quotes | resist | comply | hedge | none | direct | indirect | mixed | with via |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, items in [*splits.items(), ("all", articles)]:
        quotes = [q for a in items for q in a["quotes"]]
        stance = Counter(q["stance"] for q in quotes)
        kind = Counter(q["type"] for q in quotes)
        print(f"| {name} | {len(items)} | {sum(not a['quotes'] for a in items)} | {len(quotes)} | "
              + " | ".join(str(stance[k]) for k in ("resist", "comply", "hedge", "none")) + " | "
              + " | ".join(str(kind[k]) for k in ("direct", "indirect", "mixed"))
              + f" | {sum(bool(q.get('via')) for q in quotes)} |")


if __name__ == "__main__":
    main()
