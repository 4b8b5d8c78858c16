"""Write reports: the CSV of quotes, the errors file, atomically and safe for spreadsheets."""
from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from .types import METADATA_COLUMNS, Article, Quote

COLUMNS = ("article_id", "quote_id", "quote_start", "quote_end", "quote_text", "quote_type", "cue",
           "speaker", "speaker_mention", "speaker_start", "speaker_end", "side", "via", "stance",
           "confidence", "needs_review", "stance_source", "evidence")
ERROR_COLUMNS = ("article_id", "source", "line", "error")
# OWASP CSV injection: cells starting with these run as formulas in spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def readable_temp(directory: Path, name: str) -> tuple[int, Path]:
    """A temporary file beside the target, with the permissions a normal file would get
    (mkstemp makes it 0600, which the renamed report would keep)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return fd, Path(tmp)


def neutralise(value: object) -> object:
    """Prefix a formula-like text cell with an apostrophe so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def quote_rows(article: Article, quotes: list[Quote], *, meta_columns: tuple[str, ...] = ()) -> list[dict]:
    """One report row per quote, metadata columns appended."""
    rows = []
    for n, q in enumerate(quotes, start=1):
        row = {
            "article_id": article.id, "quote_id": f"{article.id}:{n}", "quote_start": q.start,
            "quote_end": q.end, "quote_text": article.text[q.start:q.end], "quote_type": q.type,
            "cue": q.cue or "", "speaker": q.speaker, "speaker_mention": q.speaker_mention,
            "speaker_start": "" if q.speaker_start is None else q.speaker_start,
            "speaker_end": "" if q.speaker_end is None else q.speaker_end,
            "side": q.side, "via": q.via or "", "stance": q.stance, "confidence": f"{q.confidence:.3f}",
            "needs_review": "yes" if q.needs_review else "no", "stance_source": q.stance_source,
            "evidence": q.evidence,
        }
        for column in meta_columns:
            row[column] = article.meta.get(column, "")
        rows.append(row)
    return rows


class AtomicCSV:
    """A CSV written to a temporary file beside the target and renamed into place on close.

    With `append_to`, the rows of an existing report are copied first (for --resume).
    """

    def __init__(self, path: str | Path, columns: tuple[str, ...], *, raw: bool = False,
                 keep_existing: bool = False) -> None:
        self.path = Path(path)
        self.columns = columns
        self.raw = raw
        directory = self.path.parent if str(self.path.parent) else Path(".")
        directory.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = readable_temp(directory, self.path.name)
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=list(columns), extrasaction="ignore")
        self.rows = 0
        if keep_existing and self.path.exists():
            with open(self.path, encoding="utf-8", newline="") as old:
                reader = csv.DictReader(old)
                self.writer.writeheader()
                for row in reader:
                    self.writer.writerow(row)
                    self.rows += 1
        else:
            self.writer.writeheader()

    def write(self, rows: list[dict]) -> None:
        for row in rows:
            if not self.raw:
                row = {k: neutralise(v) for k, v in row.items()}
            self.writer.writerow(row)
            self.rows += 1
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> "AtomicCSV":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def errors_path(report: str | Path) -> Path:
    """`report.csv` -> `report.errors.csv`, beside it."""
    report = Path(report)
    stem = report.name[:-4] if report.name.lower().endswith(".csv") else report.name
    return report.with_name(stem + ".errors.csv")


def report_columns(meta_columns: tuple[str, ...]) -> tuple[str, ...]:
    """The report's columns: the fixed ones, then the input's metadata columns."""
    return COLUMNS + tuple(c for c in METADATA_COLUMNS if c in meta_columns)
