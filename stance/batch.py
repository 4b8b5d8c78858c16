"""Label a stream of inputs into a report, batch by batch, with an errors file beside it.

Rows go to `<report>.part` as each batch is done, and the ids of finished articles to
`<report>.done`; at the end the part file is renamed over the report. An interrupted run
leaves any earlier report untouched, and `resume=True` continues from the part file (or
from a finished report), skipping the articles already written.
"""
from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .io import count_articles, metadata_columns, read_articles
from .pipeline import Labeller
from .report import ERROR_COLUMNS, AtomicCSV, errors_path, neutralise, quote_rows, report_columns
from .types import Article, Skipped

log = logging.getLogger(__name__)


@dataclass
class Summary:
    """What a labelling run did."""

    labelled: int = 0
    quotes: int = 0
    skipped: int = 0
    resumed: int = 0
    skipped_messages: list[str] = field(default_factory=list)
    errors_path: Path | None = None


class StreamingReport:
    """The report being written: a part file of rows plus a list of finished article ids."""

    def __init__(self, path: str | Path, columns: tuple[str, ...], *, raw: bool, resume: bool) -> None:
        self.path = Path(path)
        self.part = self.path.with_name(self.path.name + ".part")
        self.done_path = self.path.with_name(self.path.name + ".done")
        self.raw = raw
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept, done, old_columns = self._previous() if resume else ([], set(), None)
        self.columns = tuple(old_columns) if old_columns else columns
        self.done = done
        tmp = self.part.with_name(self.part.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(self.columns), extrasaction="ignore")
            writer.writeheader()
            writer.writerows(kept)
        os.replace(tmp, self.part)
        self.rows_kept = len(kept)
        with open(self.done_path, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(i) + "\n" for i in sorted(done))
        self.handle = open(self.part, "a", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=list(self.columns), extrasaction="ignore")
        self.done_handle = open(self.done_path, "a", encoding="utf-8")

    def _previous(self) -> tuple[list[dict], set[str], list[str] | None]:
        """Rows and ids of a previous run: its part file (finished articles only) or its report."""
        if self.part.exists() and self.done_path.exists():
            done = set()
            for line in open(self.done_path, encoding="utf-8"):
                try:
                    done.add(json.loads(line))
                except json.JSONDecodeError:
                    break  # a torn last line: that article is labelled again
            rows, columns = _read_rows(self.part)
            return [r for r in rows if r.get("article_id") in done], done, columns
        if self.path.exists():
            rows, columns = _read_rows(self.path)
            return rows, {r["article_id"] for r in rows if r.get("article_id")}, columns
        return [], set(), None

    def add(self, article_id: str, rows: list[dict]) -> None:
        """Append one finished article's rows, then record the article as done."""
        for row in rows:
            self.writer.writerow(row if self.raw else {k: neutralise(v) for k, v in row.items()})
        self.handle.flush()
        self.done_handle.write(json.dumps(article_id) + "\n")  # one JSON string a line: any id is safe
        self.done_handle.flush()

    def finish(self) -> None:
        """Put the report in place and remove the progress file."""
        self.handle.close()
        self.done_handle.close()
        os.replace(self.part, self.path)
        self.done_path.unlink(missing_ok=True)

    def close_unfinished(self) -> None:
        """Leave the part and progress files for --resume."""
        self.handle.close()
        self.done_handle.close()


def _read_rows(path: Path) -> tuple[list[dict], list[str] | None]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            rows = [row for row in reader if None not in row]  # a torn last line has too few fields
        except csv.Error:
            rows = []
        return [r for r in rows if all(v is not None for v in r.values())], reader.fieldnames


def _progress(enabled: bool, inputs: list[str], already_done: int):
    """A progress bar on a terminal; the inputs are counted (a quick pass) only when it is shown."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    total = count_articles(inputs)
    return tqdm(total=None if total is None else max(0, total - already_done), unit=" articles", file=sys.stderr,
                dynamic_ncols=True)


def _labelled(items: Iterable, *, labeller: Labeller | None, jobs: int, dask: str | None, batch_size: int,
              model_path: str | None, rules_only: bool) -> Iterator[tuple]:
    if dask:
        from .parallel import label_with_dask

        return label_with_dask(items, address=dask, batch_size=batch_size, model_path=model_path,
                               rules_only=rules_only)
    if jobs > 1:
        from .parallel import label_with_processes

        return label_with_processes(items, jobs=jobs, batch_size=batch_size, model_path=model_path,
                                    rules_only=rules_only)
    labeller = labeller or Labeller.create(model_path=model_path, use_model=not rules_only)
    return labeller.label_stream(items, batch_size=batch_size)


def label_to_report(inputs: list[str], output: str | Path, *, model_path: str | None = None,
                    rules_only: bool = False, raw_csv: bool = False, batch_size: int = 32,
                    progress: bool = True, labeller: Labeller | None = None, jobs: int = 1,
                    dask: str | None = None, resume: bool = False) -> Summary:
    """Label every input into `output`; skipped articles go to `<output>.errors.csv`."""
    if jobs < 1 or batch_size < 1:
        raise UsageError("--jobs and --batch-size must be at least 1")
    if model_path and not Path(model_path).is_file():
        from .errors import ModelError

        raise ModelError(f"{model_path}: no such model file")
    meta = metadata_columns(inputs)
    report = StreamingReport(output, report_columns(meta), raw=raw_csv, resume=resume)
    summary = Summary(errors_path=errors_path(output), resumed=len(report.done))
    meta = tuple(c for c in report.columns if c in meta or c in ("url", "date", "outlet"))
    bar = _progress(progress, inputs, len(report.done))
    errors: list[dict] = []
    done = report.done
    items = (i for i in read_articles(inputs) if not (isinstance(i, Article) and i.id in done))
    try:
        for item, quotes, error in _labelled(items, labeller=labeller, jobs=jobs, dask=dask, batch_size=batch_size,
                                             model_path=model_path, rules_only=rules_only):
            if quotes is None:
                skipped = item if isinstance(item, Skipped) else Skipped(item.id, item.source, item.line, error)
                summary.skipped += 1
                summary.skipped_messages.append(skipped.error)
                errors.append({"article_id": skipped.article_id, "source": skipped.source,
                               "line": "" if skipped.line is None else skipped.line, "error": skipped.error})
            else:
                rows = quote_rows(item, quotes, meta_columns=meta)
                report.add(item.id, rows)
                summary.labelled += 1
                summary.quotes += len(rows)
            if bar is not None:
                bar.update(1)
    except BaseException:
        report.close_unfinished()
        raise
    finally:
        if bar is not None:
            bar.close()
    report.finish()
    with AtomicCSV(summary.errors_path, ERROR_COLUMNS, raw=raw_csv) as error_file:
        error_file.write(errors)
    return summary


def write_views(inputs: list[str], report_path: str | Path, *, html: str | None = None, summary: str | None = None,
                max_articles: int | None = None, speakers: set[str] | None = None, raw: bool = False) -> None:
    """The HTML page and the per-speaker summary of a finished report.

    The report is read back and the inputs are read again for the article texts, so that
    labelling itself never holds the whole run in memory.
    """
    rows, _ = _read_rows(Path(report_path))
    if summary:
        from .summary import write_summary

        write_summary(summary, rows, raw=raw)
    if html:
        from .html import write_html

        by_article: dict[str, list[dict]] = {}
        for row in rows:
            by_article.setdefault(row["article_id"], []).append(row)
        articles = ((a.id, a.text, by_article.get(a.id, []), a.meta)
                    for a in read_articles(inputs) if isinstance(a, Article))
        write_html(html, articles, max_articles=max_articles, speakers=speakers)
