"""Summarise a report per speaker: quotes, stance counts and shares, side, first and last date."""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .report import AtomicCSV
from .types import STANCES

log = logging.getLogger(__name__)

UNATTRIBUTED = "(unattributed)"
SUMMARY_COLUMNS = ("speaker", "side", "quotes", *STANCES, *(f"{s}_share" for s in STANCES),
                   "first_date", "last_date")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def speaker_name(row: dict) -> str:
    """The row's canonical speaker, or `(unattributed)` when it has none."""
    return str(row.get("speaker") or "").strip() or UNATTRIBUTED


def row_stance(row: dict) -> str:
    """The row's stance label, lower-cased; an unknown label is returned as written."""
    return str(row.get("stance") or "").strip().lower()


def parse_date(value: object) -> date | None:
    """A report `date` cell as a date: ISO dates directly, anything else through pandas."""
    text = str(value or "").strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    parsed = pd.to_datetime(text, errors="coerce")
    return None if pd.isna(parsed) else parsed.date()


@dataclass
class SpeakerCounts:
    """What one speaker said, counted as rows stream past."""

    sides: Counter = field(default_factory=Counter)
    stances: Counter = field(default_factory=Counter)
    quotes: int = 0
    first: date | None = None
    last: date | None = None


class SpeakerTally:
    """Per-speaker counts that grow row by row, so a long report never has to be held whole."""

    def __init__(self) -> None:
        self.speakers: dict[str, SpeakerCounts] = {}
        self.unknown_stances: Counter = Counter()

    def add(self, row: dict) -> None:
        counts = self.speakers.setdefault(speaker_name(row), SpeakerCounts())
        counts.quotes += 1
        side = str(row.get("side") or "").strip()
        if side:
            counts.sides[side] += 1
        stance = row_stance(row)
        if stance in STANCES:
            counts.stances[stance] += 1
        else:
            # Counted as a quote but in no stance column, so the shares show the gap.
            self.unknown_stances[stance] += 1
        if "date" in row:
            day = parse_date(row["date"])
            if day is not None:
                counts.first = day if counts.first is None else min(counts.first, day)
                counts.last = day if counts.last is None else max(counts.last, day)

    def frame(self) -> pd.DataFrame:
        """One row per speaker, most quoted first (ties by name)."""
        if self.unknown_stances:
            log.warning("rows with a stance outside %s: %s", "/".join(STANCES),
                        ", ".join(f"{s or '(empty)'} x{n}" for s, n in self.unknown_stances.items()))
        records = []
        for speaker, counts in self.speakers.items():
            # Most frequent side; Counter keeps first-seen order, so ties go to the earlier side.
            side = counts.sides.most_common(1)[0][0] if counts.sides else ""
            record = {"speaker": speaker, "side": side, "quotes": counts.quotes}
            for stance in STANCES:
                record[stance] = counts.stances[stance]
            for stance in STANCES:
                record[f"{stance}_share"] = counts.stances[stance] / counts.quotes
            record["first_date"] = counts.first.isoformat() if counts.first else ""
            record["last_date"] = counts.last.isoformat() if counts.last else ""
            records.append(record)
        frame = pd.DataFrame.from_records(records, columns=list(SUMMARY_COLUMNS))
        frame = frame.astype({"quotes": "int64", **{s: "int64" for s in STANCES},
                              **{f"{s}_share": "float64" for s in STANCES}})
        return frame.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable",
                                 ignore_index=True)


def summarise(rows: Iterable[dict]) -> pd.DataFrame:
    """One row per canonical speaker of the report rows (empty speaker: `(unattributed)`)."""
    tally = SpeakerTally()
    for row in rows:
        tally.add(row)
    return tally.frame()


def write_summary(path: str | Path, rows: Iterable[dict], *, raw: bool = False) -> pd.DataFrame:
    """Write the per-speaker summary CSV atomically, formula-like cells neutralised unless `raw`."""
    frame = summarise(rows)
    with AtomicCSV(path, SUMMARY_COLUMNS, raw=raw) as out:
        out.write([{**record, **{f"{s}_share": f"{record[f'{s}_share']:.3f}" for s in STANCES}}
                   for record in frame.to_dict("records")])
    return frame
