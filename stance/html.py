"""Write a report as one self-contained HTML page: a summary, then each article with its quotes.

Articles stream to a temporary file while the summary is counted; the page is assembled at
the end (summary first) and renamed into place, so memory stays bounded by the counts.
"""
from __future__ import annotations

import functools
import html
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd
from pandas.io.formats.style import Styler
from spacy import displacy

from .errors import StanceError
from .report import readable_temp
from .summary import SpeakerTally, parse_date, row_stance, speaker_name
from .types import STANCES

ArticleRows = tuple[str, str, Iterable[dict], "dict | None"]

# Bar colours (summary) and highlight tints (article text): resist red, comply green,
# hedge amber, none grey.
BAR_COLOURS = {"resist": "#e8847d", "comply": "#74c98a", "hedge": "#f2c35c", "none": "#bdbdbd"}
TINTS = {"resist": "#f8c8c3", "comply": "#c6ebcf", "hedge": "#fbe2a6", "none": "#e2e2e2"}
FLAG = "\u2691"
MAX_EVIDENCE = 300

# displaCy's entity template, one element per quote and no whitespace of its own. displaCy
# escapes {text}; every other field is escaped here before it is passed in.
QUOTE_TEMPLATE = ('<mark class="q {stance}{review}" id="{anchor}" data-quote-id="{quote_id}" '
                  'data-stance="{stance}" title="{tip}">{text}<a class="ql" href="#{speaker_anchor}">'
                  '{label}</a></mark>')

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;
 max-width:1200px;padding:0 1em 3em}
h1{margin:.6em 0 .2em}h2{margin:1.2em 0 .3em;font-size:1.25em}h3{margin:1em 0 .3em;font-size:1.05em}
a{color:#1a4f8b}
table{border-collapse:collapse;margin:.3em 0 1em;font-size:.92em}
th,td{padding:.12em .6em;border-bottom:1px solid #e5e5e5;text-align:right;white-space:nowrap}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
.legend span{display:inline-block;padding:0 .5em;margin-right:.4em;border-radius:.3em}
mark.q{padding:.1em .2em;border-radius:.3em;white-space:pre-wrap;color:inherit}
mark.q .ql{font-size:.72em;font-weight:600;margin-left:.35em;color:#333;text-decoration:none;white-space:nowrap}
mark.rev{outline:2px dashed #b3261e;outline-offset:1px}
mark.q:target{box-shadow:0 0 0 3px #1a4f8b}
article{border-top:1px solid #ccc;padding:.3em 0 .8em;content-visibility:auto;contain-intrinsic-size:auto 500px}
.meta{color:#666;font-size:.88em;margin:0}
.extra{border-left:3px solid #ccc;padding-left:.8em;margin-top:.5em}
.extra .entities{line-height:2!important}
.tables{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}
nav a{margin-right:1em}
details{margin:.15em 0}summary{cursor:pointer}
.idx a{display:inline-block;margin:.1em .3em .1em 0;padding:0 .35em;border-radius:.3em;
 text-decoration:none;color:#222;font-size:.88em}
""" + "".join(f".{stance}{{background:{tint}}}" for stance, tint in TINTS.items())


@dataclass
class PageCounts:
    """What a page holds: all articles and quotes counted, and those whose text was written."""

    articles: int = 0
    quotes: int = 0
    articles_written: int = 0
    quotes_written: int = 0


def esc(value: object) -> str:
    """Text for an HTML element or attribute, quotes included."""
    return html.escape(str(value), quote=True)


@functools.cache
def check_displacy_escapes() -> None:
    """Refuse to write a page if this displaCy stops escaping the text it is given."""
    probe = displacy.render({"text": "<i>&</i>", "ents": [{"start": 0, "end": 3, "label": "X"}]},
                            style="ent", manual=True, jupyter=False)
    if "<i>" in probe or "</i>" in probe or "&lt;i&gt;" not in probe:
        raise StanceError("spaCy's displacy no longer escapes article text; "
                          "pin spacy to the version in pyproject.toml before writing HTML")


def offsets(row: dict, length: int) -> tuple[int, int] | None:
    """The row's quote offsets as ints, or None when they are missing or outside the text."""
    try:
        start, end = int(str(row.get("quote_start")).strip()), int(str(row.get("quote_end")).strip())
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None


def is_flagged(row: dict) -> bool:
    value = row.get("needs_review")
    return value is True or str(value).strip().lower() in ("yes", "true", "1")


def confidence_text(row: dict) -> str:
    value = row.get("confidence")
    try:
        return f"{float(str(value).strip()):.2f}"
    except ValueError:
        return str(value or "")


def month_of(value: object) -> str:
    day = parse_date(value)
    return f"{day.year:04d}-{day.month:02d}" if day else "(no date)"


class Page:
    """Counts for the summary, and anchors for the quotes whose text has been written."""

    def __init__(self) -> None:
        self.tally = SpeakerTally()
        self.by_side: Counter = Counter()
        self.by_outlet: Counter = Counter()
        self.by_month: Counter = Counter()
        self.has_outlet = False
        self.has_date = False
        self.flagged = 0
        self.counts = PageCounts()
        self.speaker_anchors: dict[str, str] = {}
        self.speaker_quotes: dict[str, list[tuple[str, str, str]]] = {}

    def count(self, row: dict, meta: dict) -> None:
        outlet = str(row.get("outlet") or meta.get("outlet") or "").strip()
        when = str(row.get("date") or meta.get("date") or "").strip()
        self.tally.add({**row, "date": when} if when else row)
        stance = row_stance(row)
        self.by_side[(str(row.get("side") or "").strip() or "(none)", stance)] += 1
        self.by_outlet[(outlet or "(no outlet)", stance)] += 1
        self.by_month[(month_of(when), stance)] += 1
        self.has_outlet = self.has_outlet or bool(outlet)
        self.has_date = self.has_date or bool(when)
        self.flagged += is_flagged(row)
        self.counts.quotes += 1

    def speaker_anchor(self, speaker: str) -> str:
        return self.speaker_anchors.setdefault(speaker, f"s{len(self.speaker_anchors) + 1}")

    def quote_params(self, row: dict, article_id: str, n: int) -> dict[str, str]:
        """The escaped template fields of one quote; registers its anchor under its speaker."""
        self.counts.quotes_written += 1
        anchor = f"q{self.counts.quotes_written}"
        speaker = speaker_name(row)
        stance = row_stance(row) or "none"
        quote_id = str(row.get("quote_id") or f"{article_id}:{n}")
        self.speaker_quotes.setdefault(speaker, []).append((anchor, quote_id, stance))
        flagged = is_flagged(row)
        cue = str(row.get("cue") or "")
        confidence = confidence_text(row)
        evidence = str(row.get("evidence") or "")
        if len(evidence) > MAX_EVIDENCE:
            evidence = evidence[:MAX_EVIDENCE] + "\u2026"
        tip = [f"{speaker} ({row.get('side') or 'no side'})", f"cue: {cue or '(none)'}",
               f"stance: {stance} ({confidence})", f"type: {row.get('quote_type') or ''}"]
        if flagged:
            tip.append(f"{FLAG} needs review")
        if evidence:
            tip.append(f"evidence: {evidence}")
        label = " \u00b7 ".join(part for part in (speaker, cue, f"{stance} {confidence}".strip()) if part)
        return {"anchor": anchor, "quote_id": esc(quote_id), "stance": esc(stance),
                "review": " rev" if flagged else "", "tip": esc("\n".join(tip)),
                "speaker_anchor": self.speaker_anchor(speaker),
                "label": esc((FLAG + " " if flagged else "") + label)}


def render_text(text: str, marks: list[tuple[int, int, dict[str, str]]]) -> str:
    """displaCy's entity markup of `text` with one highlight per (start, end, params)."""
    ents = [{"start": start, "end": end, "label": "QUOTE", "params": params} for start, end, params in marks]
    return displacy.render({"text": text, "ents": ents}, style="ent", manual=True, jupyter=False,
                           options={"template": QUOTE_TEMPLATE})


def render_article(page: Page, number: int, article_id: str, text: str, rows: list[dict],
                   meta: dict) -> str:
    """One <article>: its header, its text with the quotes placed, then the quotes that could not be.

    A quote that overlaps one already placed (say a direct fragment inside a mixed quote), or
    whose offsets fall outside the text, is shown below the text, so each quote appears once.
    """
    placed: list[tuple[int, int, dict[str, str]]] = []
    extra: list[tuple[str, dict[str, str], str]] = []
    spans = [(offsets(row, len(text)), n, row) for n, row in enumerate(rows, start=1)]
    spans.sort(key=lambda s: (s[0] is None, s[0][0] if s[0] else 0, -(s[0][1] if s[0] else 0), s[1]))
    last_end = 0
    for span, n, row in spans:
        params = page.quote_params(row, article_id, n)
        if span is not None and span[0] >= last_end:
            placed.append((span[0], span[1], params))
            last_end = span[1]
        elif span is not None:
            extra.append((text[span[0]:span[1]], params, "overlaps another quote"))
        else:
            extra.append((str(row.get("quote_text") or ""), params, "offsets outside the text"))
    parts = [f'<article id="a{number}"><h2>{esc(article_id)}</h2>', render_meta(meta, len(rows)),
             render_text(text, placed)]
    if extra:
        parts.append('<div class="extra">')
        for quote_text, params, why in extra:
            parts.append(f'<p class="meta">{esc(why)}:</p>')
            parts.append(render_text(quote_text or " ", [(0, max(len(quote_text), 1), params)]))
        parts.append("</div>")
    parts.append("</article>\n")
    return "".join(parts)


def render_meta(meta: dict, quotes: int) -> str:
    items = [esc(meta[key]) for key in ("outlet", "date") if meta.get(key)]
    url = str(meta.get("url") or "")
    if url.lower().startswith(("http://", "https://")):
        # Only web links become links: a javascript: URL in the input stays text.
        items.append(f'<a href="{esc(url)}" rel="noreferrer noopener">{esc(url)}</a>')
    elif url:
        items.append(esc(url))
    items.append(f"{quotes} quote{'s' if quotes != 1 else ''}")
    return '<p class="meta">' + " \u00b7 ".join(items) + "</p>"


def style_counts(frame: pd.DataFrame, uuid: str) -> str:
    """A table of stance counts with a bar per stance (pandas Styler); cells are pre-escaped."""
    present = [s for s in STANCES if s in frame.columns]
    vmax = max(1, int(frame[present].to_numpy().max())) if len(frame) else 1
    styler = Styler(frame, uuid=uuid, cell_ids=False).hide(axis="index")
    for stance in present:
        styler = styler.bar(subset=[stance], color=BAR_COLOURS[stance], align="left", vmin=0,
                            vmax=vmax, props="width:5em;")
    return styler.to_html()


def crosstab(counts: Counter, label: str, *, order: list[str] | None = None) -> pd.DataFrame:
    """Counter of (group, stance) -> a frame: group, quotes, one column per stance."""
    groups: dict[str, Counter] = {}
    for (group, stance), n in counts.items():
        groups.setdefault(group, Counter())[stance] += n
    keys = order if order is not None else sorted(groups, key=lambda g: (-sum(groups[g].values()), g))
    records = [{label: esc(g), "quotes": sum(groups[g].values()), **{s: groups[g][s] for s in STANCES}}
               for g in keys]
    return pd.DataFrame.from_records(records, columns=[label, "quotes", *STANCES])


def render_summary(page: Page) -> str:
    """The top of the page: totals, the per-speaker table with links, and side/outlet/month tables."""
    counts = page.counts
    parts = ['<section id="summary"><h2>Summary</h2>',
             f"<p>{counts.articles} articles, {counts.quotes} quotes ({page.flagged} flagged {FLAG} for "
             f"review). Text shown for {counts.articles_written} articles and "
             f"{counts.quotes_written} quotes; the tables count every quote.</p>",
             '<p class="legend">' + "".join(f'<span class="{s}">{s}</span>' for s in STANCES)
             + f'<span style="outline:2px dashed #b3261e">{FLAG} needs review</span></p>']
    if not counts.quotes:
        parts.append("<p>No quotes.</p></section>\n")
        return "".join(parts) + render_index(page, [])
    speakers = page.tally.frame()
    shown = speakers[["speaker", "side", "quotes", *STANCES, "first_date", "last_date"]].copy()
    if not page.has_date:
        shown = shown.drop(columns=["first_date", "last_date"])
    shown["speaker"] = [f'<a href="#{page.speaker_anchors[name]}">{esc(name)}</a>'
                        if name in page.speaker_anchors else esc(name) for name in speakers["speaker"]]
    shown["side"] = [esc(side) for side in shown["side"]]
    parts += ["<h3>Quotes per speaker</h3>", style_counts(shown, "speakers"), '<div class="tables">',
              "<div><h3>By side</h3>", style_counts(crosstab(page.by_side, "side"), "sides"), "</div>"]
    if page.has_outlet:
        parts += ["<div><h3>By outlet</h3>", style_counts(crosstab(page.by_outlet, "outlet"), "outlets"),
                  "</div>"]
    if page.has_date:
        months = sorted({m for m, _ in page.by_month}, key=lambda m: (m.startswith("("), m))
        parts += ["<div><h3>By month</h3>",
                  style_counts(crosstab(page.by_month, "month", order=months), "months"), "</div>"]
    parts.append("</div></section>\n")
    parts.append(render_index(page, list(speakers["speaker"])))
    return "".join(parts)


def render_index(page: Page, order: list[str]) -> str:
    """Per speaker, links to each of their quotes in the articles shown (collapsed by default)."""
    parts = ['<section id="quotes-by-speaker"><h2>Quotes by speaker</h2>']
    for name in order:
        if name not in page.speaker_quotes:
            continue
        quotes = page.speaker_quotes[name]
        links = "".join(f'<a class="{esc(stance)}" href="#{anchor}">{esc(quote_id)}</a>'
                        for anchor, quote_id, stance in quotes)
        parts.append(f'<details id="{page.speaker_anchors[name]}"><summary>{esc(name)} '
                     f'({len(quotes)})</summary><p class="idx">{links}</p></details>')
    parts.append("</section>\n")
    return "".join(parts)


def write_html(path: str | Path, articles: Iterable[ArticleRows], *, title: str = "stance report",
               max_articles: int | None = None, speakers: set[str] | None = None) -> PageCounts:
    """Write one self-contained HTML page (inline CSS, no scripts) for (id, text, rows, meta) tuples.

    `max_articles` writes the text of the first N articles only; `speakers` keeps only articles
    with a quote by one of those canonical names. The summary always counts every row.
    """
    check_displacy_escapes()
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    page = Page()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as body:
        for article_id, text, rows, meta in articles:
            rows, meta = list(rows), meta or {}
            page.counts.articles += 1
            for row in rows:
                page.count(row, meta)
            if max_articles is not None and page.counts.articles_written >= max_articles:
                continue
            if speakers is not None and not any(speaker_name(row) in speakers for row in rows):
                continue
            page.counts.articles_written += 1
            body.write(render_article(page, page.counts.articles_written, str(article_id), text, rows, meta))
        body.seek(0)
        fd, tmp = readable_temp(directory, path.name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                assemble(out, body, page, title)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return page.counts


def assemble(out: IO[str], body: IO[str], page: Page, title: str) -> None:
    out.write(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
              f'<meta name="viewport" content="width=device-width, initial-scale=1">'
              f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body>\n<h1>{esc(title)}</h1>\n"
              '<nav><a href="#summary">Summary</a><a href="#quotes-by-speaker">Quotes by speaker</a>'
              '<a href="#articles">Articles</a></nav>\n')
    out.write(render_summary(page))
    out.write('<section id="articles"><h2>Articles</h2>\n')
    shutil.copyfileobj(body, out)
    out.write("</section>\n</body></html>\n")
