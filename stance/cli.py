"""The `stance` command: label, evaluate, validate, train. Thin layers over the library."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import StanceError, UsageError

log = logging.getLogger("stance")

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Quote attribution and stance labelling for news.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    label = sub.add_parser("label", help="label articles into a CSV report")
    label.add_argument("inputs", nargs="+", help=".txt files, folders of them, .jsonl or .csv files, or - for JSONL on stdin")
    label.add_argument("-o", "--output", required=True, help="the CSV report to write")
    label.add_argument("--model", help="a model file (default: the shipped model)")
    label.add_argument("--rules-only", action="store_true", help="label stance with the rules alone")
    label.add_argument("--raw-csv", action="store_true", help="do not neutralise formula-like cells")
    label.add_argument("--batch-size", type=int, default=32, help="articles parsed together (default 32)")
    label.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    label.add_argument("--jobs", type=int, default=1, help="processes on this machine (default 1)")
    label.add_argument("--dask", metavar="ADDRESS", help="run on a Dask cluster (scheduler address)")
    label.add_argument("--resume", action="store_true",
                       help="continue an interrupted run: skip articles already in the report")
    label.add_argument("--html", metavar="PATH", help="also write a self-contained HTML page")
    label.add_argument("--html-max-articles", type=int, default=1000, metavar="N",
                       help="article texts shown in the HTML page (default 1000; the summary counts all)")
    label.add_argument("--html-speakers", metavar="NAMES",
                       help="show only articles quoting these canonical speakers (separated by ';')")
    label.add_argument("--summary", metavar="PATH", help="also write a per-speaker summary CSV")

    evaluate = sub.add_parser("evaluate", help="score the system on gold annotations")
    evaluate.add_argument("--gold", nargs="+", required=True, help="gold JSONL files")
    evaluate.add_argument("--model", help="a model file (default: the shipped model)")
    evaluate.add_argument("--json", help="write every figure to this JSON file")
    evaluate.add_argument("--no-articles", action="store_true", help="leave out the per-article table")

    validate = sub.add_parser("validate", help="check gold annotation files")
    validate.add_argument("files", nargs="+")

    train = sub.add_parser("train", help="train a stance model")
    train.add_argument("--gold", nargs="+", help="gold JSONL files to train from")
    train.add_argument("--weights", nargs="+", type=float, metavar="W",
                       help="one weight per --gold file for its quotes (default 1 each)")
    train.add_argument("--from-report", help="a report CSV whose stance/speaker columns were corrected")
    train.add_argument("--articles", nargs="+", help="the articles the report was made from (with --from-report)")
    train.add_argument("-o", "--output", required=True, help="the model file to write (.skops)")
    return parser


def cmd_label(args) -> int:
    from .batch import label_to_report

    if args.jobs > 1 and args.dask:
        raise UsageError("give --jobs or --dask, not both")
    summary = label_to_report(args.inputs, args.output, model_path=args.model, rules_only=args.rules_only,
                              raw_csv=args.raw_csv, batch_size=args.batch_size, progress=not args.quiet,
                              jobs=args.jobs, dask=args.dask, resume=args.resume)
    if args.html or args.summary:
        from .batch import write_views

        speakers = {n.strip() for n in args.html_speakers.split(";") if n.strip()} if args.html_speakers else None
        write_views(args.inputs, args.output, html=args.html, summary=args.summary,
                    max_articles=args.html_max_articles, speakers=speakers, raw=args.raw_csv)
    if args.resume and summary.resumed and not args.quiet:
        print(f"stance: resumed after {summary.resumed} articles already in the report", file=sys.stderr)
    if not args.quiet or summary.skipped:
        print(f"stance: {summary.labelled} articles labelled, {summary.quotes} quotes -> {args.output}",
              file=sys.stderr)
    if summary.skipped:
        print(f"stance: {summary.skipped} skipped, listed in {summary.errors_path}:", file=sys.stderr)
        for line in summary.skipped_messages[:10]:
            print(f"  {line}", file=sys.stderr)
        if summary.skipped > 10:
            print(f"  ... and {summary.skipped - 10} more", file=sys.stderr)
        return EXIT_SKIPPED
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from .assess import assess
    from .tables import format_report
    from .gold import read_gold
    from .pipeline import Labeller

    gold = read_gold(args.gold)
    labeller = Labeller.create(model_path=args.model)
    results = assess(labeller, gold)
    print(format_report(results, per_article=not args.no_articles))
    review = results["full"].get("review", {})
    if review.get("flagged_share") is not None:
        accuracy = review["unflagged_accuracy"]
        print(f"\nreview: {review['flagged_share']:.3f} of matched quotes flagged; unflagged stance accuracy "
              f"{'-' if accuracy is None else f'{accuracy:.3f}'}")
    if args.json:
        top = dict(results["full"])
        top["systems"] = results
        top["gold_files"] = args.gold
        top["model"] = labeller.model.path if labeller.model is not None else None
        Path(args.json).write_text(json.dumps(top, indent=2, default=str), encoding="utf-8")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .gold import validate_file

    bad = 0
    for path in args.files:
        problems = validate_file(path)
        for problem in problems:
            print(problem)
        bad += len(problems)
        if not problems:
            print(f"{path}: ok")
    return EXIT_SKIPPED if bad else EXIT_OK


def cmd_train(args) -> int:
    from .gold import read_gold
    from .model import save
    from .training import parse_gold, records_from_gold, records_from_report, train_model

    if bool(args.gold) == bool(args.from_report):
        raise UsageError("give either --gold FILE... or --from-report REPORT --articles PATH")
    if args.from_report:
        if not args.articles:
            raise UsageError("--from-report needs --articles: the inputs the report was made from")
        records, labels, groups = records_from_report(args.from_report, args.articles)
        sources = [args.from_report]
    else:
        if args.weights and len(args.weights) != len(args.gold):
            raise UsageError(f"--weights needs one weight per --gold file ({len(args.gold)}), got {len(args.weights)}")
        if args.weights and any(w <= 0 for w in args.weights):
            raise UsageError("--weights must be positive")
        gold, docs, records, labels, groups, weights, strata = [], [], [], [], [], [], []
        article_strata: list[str] = []
        for n, path in enumerate(args.gold):
            articles = read_gold([path])
            parsed = parse_gold(articles)
            r, l, g = records_from_gold(articles, group_prefix=f"{n}:", docs=parsed)
            gold += articles
            docs += parsed
            records += r
            labels += l
            groups += g
            weights += [args.weights[n] if args.weights else 1.0] * len(r)
            strata += [path] * len(r)
            article_strata += [path] * len(articles)
        sources = [f"{p} (weight {w})" for p, w in zip(args.gold, args.weights)] if args.weights else list(args.gold)
    bundle = train_model(records, labels, groups, sources=sources, gold_articles=None if args.from_report else gold,
                         gold_docs=None if args.from_report else docs, weights=weights if args.weights else None,
                         strata=None if args.from_report else strata,
                         article_strata=None if args.from_report else article_strata)
    save(bundle, args.output)
    m = bundle["meta"]["metrics"]
    print(f"trained on {len(records)} quotes from {len(set(groups))} articles -> {args.output}")
    print(f"cross-validated (grouped by article): macro-F1 {m['cv_macro_f1']:.3f}, accuracy {m['cv_accuracy']:.3f}; "
          f"review threshold {m['review_threshold']:.3f} flags {m['flagged_share']:.3f} of quotes, "
          f"unflagged accuracy {m['unflagged_accuracy']:.3f}")
    for source, figures in m.get("review_by_source", {}).items():
        print(f"  {source}: {figures['quotes']} quotes, {figures['flagged_share']:.3f} flagged, "
              f"unflagged accuracy {figures['unflagged_accuracy']:.3f}")
    extraction = bundle["meta"].get("extraction")
    if extraction:
        print(f"extraction filter: threshold {extraction['threshold']:.2f}, cross-validated quote F1 "
              f"{extraction['cv_quote_f1_unfiltered']:.3f} -> {extraction['cv_quote_f1']:.3f}")
        for source, figures in extraction.get("cv_quote_f1_by_file", {}).items():
            print(f"  {source}: quote F1 {figures['unfiltered']:.3f} -> {figures['filtered']:.3f}")
    return EXIT_OK


COMMANDS = {"label": cmd_label, "evaluate": cmd_evaluate, "validate": cmd_validate, "train": cmd_train}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="stance: %(message)s")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    try:
        return COMMANDS[args.command](args)
    except UsageError as e:
        print(f"stance: {e}", file=sys.stderr)
        return EXIT_USAGE
    except StanceError as e:
        print(f"stance: {e}", file=sys.stderr)
        return EXIT_SKIPPED if args.command != "evaluate" else EXIT_USAGE
    except KeyboardInterrupt:
        print("stance: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
