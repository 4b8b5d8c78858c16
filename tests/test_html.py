"""The HTML page: every quote once with its stance, escaped text, working links, filters, numbers."""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from stance.html import check_displacy_escapes, write_html
from stance.summary import UNATTRIBUTED
from stance.types import STANCES

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}


class Page(HTMLParser):
    """Every element with its attributes, the text under it, and the page's plain text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "parents": [e["tag"] for e in self.open]}
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        for element in self.open:
            element["text"].append(data)

    def find(self, tag: str | None = None, **attrs) -> list[dict]:
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and all(e["attrs"].get(k) == v for k, v in attrs.items())]

    def ids(self) -> set[str]:
        return {e["attrs"]["id"] for e in self.elements if "id" in e["attrs"]}

    def quotes(self) -> list[dict]:
        return [e for e in self.elements if "data-quote-id" in e["attrs"]]

    def table(self, uuid: str) -> list[list[str]]:
        """The body cells of the Styler table `T_<uuid>`, row by row, as text."""
        start = self.elements.index(self.find("table", id=f"T_{uuid}")[0])
        rows, cells = [], None
        for element in self.elements[start + 1:]:
            if element["tag"] == "table":
                break
            if element["tag"] == "tr" and "tbody" in element["parents"]:
                cells = []
                rows.append(cells)
            elif element["tag"] == "td" and cells is not None:
                cells.append("".join(element["text"]).strip())
        return rows


def quote(text: str, fragment: str, n: int, article_id: str, speaker: str, stance: str, *,
          flagged: bool = False, as_strings: bool = False, **extra) -> dict:
    """A report row for `fragment`, the first time it occurs in `text`."""
    start = text.index(fragment)
    end = start + len(fragment)
    return {"article_id": article_id, "quote_id": f"{article_id}:{n}",
            "quote_start": str(start) if as_strings else start, "quote_end": str(end) if as_strings else end,
            "quote_text": fragment, "quote_type": extra.pop("quote_type", "direct"),
            "cue": extra.pop("cue", "said"), "speaker": speaker, "side": extra.pop("side", "pakistan"),
            "stance": stance, "confidence": extra.pop("confidence", "0.870"),
            "needs_review": "yes" if flagged else "no", "stance_source": "model",
            "evidence": extra.pop("evidence", "model: words"), **extra}


T1 = ('Gen. Ashfaq Parvez Kayani said "Pakistan will not launch an operation in North Waziristan '
      'under pressure." A senior Pakistani security official said the army might act later.')
T2 = ('Hillary Clinton said "Pakistan must squeeze the Haqqani network." <script>alert(1)</script>\n'
      'Kayani said "we will consider every option" and "act when ready".')
T3 = ('Officials said "the <b>safe havens</b> & the \'sanctuaries\' will be cleared." '
      'Kayani told reporters the army would cooperate "fully".')
T4 = 'Clinton said "time is short".'


def articles() -> list[tuple]:
    """Four hand-made articles with their rows: string offsets, overlaps, bad offsets, markup in text."""
    r1 = [quote(T1, "Pakistan will not launch an operation in North Waziristan under pressure.", 1, "dawn-1",
                "Ashfaq Parvez Kayani", "resist"),
          quote(T1, "the army might act later", 2, "dawn-1", "senior pakistani security official", "hedge",
                flagged=True, quote_type="indirect", confidence="0.412")]
    r2 = [quote(T2, "Pakistan must squeeze the Haqqani network.", 1, "nyt-1", "Hillary Clinton", "none",
                side="us", as_strings=True),
          quote(T2, "we will consider every option", 2, "nyt-1", "Ashfaq Parvez Kayani", "hedge", as_strings=True),
          quote(T2, "act when ready", 3, "nyt-1", "Ashfaq Parvez Kayani", "hedge", as_strings=True, cue="")]
    r3 = [quote(T3, "the <b>safe havens</b> & the 'sanctuaries' will be cleared.", 1, "dawn-2", "", "comply",
                flagged=True, side=""),
          quote(T3, "the army would cooperate \"fully\"", 2, "dawn-2", "Ashfaq Parvez Kayani", "comply",
                quote_type="mixed", cue="told"),
          # A direct fragment inside the mixed quote above: it overlaps and is shown below the text.
          quote(T3, "fully", 3, "dawn-2", "Ashfaq Parvez Kayani", "comply"),
          # Offsets outside the text: still shown once, from its quote_text.
          {**quote(T3, "safe havens", 4, "dawn-2", "Ashfaq Parvez Kayani", "comply"),
           "quote_start": 500, "quote_end": 510}]
    r4 = [quote(T4, "time is short", 1, "wp-1", "Hillary Clinton", "none", side="us")]
    return [("dawn-1", T1, r1, {"outlet": "Dawn", "date": "2011-09-22", "url": "https://dawn.com/1"}),
            ("nyt-1", T2, r2, {"outlet": "The New York Times", "date": "2011-09-25",
                               "url": "javascript:alert(2)"}),
            ("dawn-2", T3, r3, {"outlet": "Dawn", "date": "2011-10-03"}),
            ("wp-1", T4, r4, {"outlet": "The Washington Post", "date": "2012-01-15"})]


def all_rows(items: list[tuple]) -> list[dict]:
    return [row for _, _, rows, _ in items for row in rows]


def render(tmp_path, items=None, **options) -> tuple[Page, str]:
    path = tmp_path / "page.html"
    write_html(path, iter(articles() if items is None else items), **options)
    markup = path.read_text(encoding="utf-8")
    return Page(markup), markup


def expected_per_speaker(rows: list[dict]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for row in rows:
        counts = out.setdefault(row["speaker"] or UNATTRIBUTED, Counter())
        counts["quotes"] += 1
        counts[row["stance"]] += 1
    return out


def test_displacy_escapes_text():
    check_displacy_escapes()


def test_page_is_self_contained_and_runs_nothing(tmp_path):
    page, markup = render(tmp_path)
    assert markup.startswith("<!DOCTYPE html>")
    assert [e["tag"] for e in page.elements].count("html") == 1
    assert not page.find("script") and not page.find("link") and not page.find("iframe")
    assert not [e for e in page.elements if "src" in e["attrs"]]
    assert not [e for e in page.elements for name in e["attrs"] if name.startswith("on")]
    external = [e["attrs"]["href"] for e in page.find("a") if not e["attrs"]["href"].startswith("#")]
    assert external == ["https://dawn.com/1"]  # the article's own URL; javascript: stays text
    assert "javascript:alert(2)" in "".join(page.text)
    assert "@import" not in markup and "url(" not in markup


def test_article_markup_is_escaped_and_shown_as_text(tmp_path):
    page, markup = render(tmp_path)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "the <b>safe havens</b> & the 'sanctuaries' will be cleared." in text
    assert not page.find("b")


def test_row_fields_are_escaped(tmp_path):
    hostile = '"><script>alert(3)</script><img src=x onerror=alert(4)>'
    text = "He said \"no\"."
    row = quote(text, "no", 1, hostile, hostile, "resist", cue=hostile, evidence=hostile, side=hostile)
    row["quote_id"] = hostile
    page, _ = render(tmp_path, [(hostile, text, [row], {"outlet": hostile, "date": hostile, "url": hostile})],
                     title=hostile)
    assert not page.find("script") and not page.find("img")
    (mark,) = page.quotes()
    assert mark["attrs"]["data-quote-id"] == hostile and hostile in mark["attrs"]["title"]
    assert "".join(page.find("title")[0]["text"]) == hostile
    assert hostile in "".join(page.text)


def test_every_quote_appears_once_with_its_stance(tmp_path):
    items = articles()
    page, _ = render(tmp_path)
    marks = page.quotes()
    rows = all_rows(items)
    assert Counter(m["attrs"]["data-quote-id"] for m in marks) == Counter(r["quote_id"] for r in rows)
    stances = {r["quote_id"]: r["stance"] for r in rows}
    for mark in marks:
        stance = stances[mark["attrs"]["data-quote-id"]]
        assert mark["attrs"]["data-stance"] == stance
        assert stance in mark["attrs"]["class"].split()


def test_each_highlight_holds_its_quote_and_shows_speaker_cue_stance_confidence(tmp_path):
    items = articles()
    page, _ = render(tmp_path)
    by_id = {r["quote_id"]: r for r in all_rows(items)}
    texts = {article_id: text for article_id, text, _, _ in items}
    for mark in page.quotes():
        row = by_id[mark["attrs"]["data-quote-id"]]
        start, end = int(row["quote_start"]), int(row["quote_end"])
        text = texts[row["article_id"]]
        expected = text[start:end] if end <= len(text) else row["quote_text"]
        shown = "".join(mark["text"])
        assert shown.startswith(expected)
        label = shown[len(expected):]
        assert (row["speaker"] or UNATTRIBUTED) in label and row["stance"] in label
        assert f"{float(row['confidence']):.2f}" in label
        assert (row["cue"] in label) if row["cue"] else True
        title = mark["attrs"]["title"]
        assert row["stance"] in title and row["evidence"] in title and (row["cue"] or "(none)") in title


def test_flagged_quotes_carry_a_visible_mark_and_a_tooltip(tmp_path):
    items = articles()
    page, _ = render(tmp_path)
    flagged = {r["quote_id"] for r in all_rows(items) if r["needs_review"] == "yes"}
    assert flagged
    for mark in page.quotes():
        is_flagged = mark["attrs"]["data-quote-id"] in flagged
        assert ("\u2691" in "".join(mark["text"])) == is_flagged
        assert ("needs review" in mark["attrs"]["title"]) == is_flagged
        assert ("rev" in mark["attrs"]["class"].split()) == is_flagged


def test_overlapping_and_unplaced_quotes_are_shown_below_the_text(tmp_path):
    page, _ = render(tmp_path)
    extra = [m["attrs"]["data-quote-id"] for m in page.quotes() if "div" in m["parents"]
             and m["parents"].count("div") == 2]
    assert sorted(extra) == ["dawn-2:3", "dawn-2:4"]


def test_links_point_to_existing_anchors(tmp_path):
    page, _ = render(tmp_path)
    ids = page.ids()
    hrefs = [a["attrs"]["href"] for a in page.find("a") if a["attrs"]["href"].startswith("#")]
    assert hrefs and all(h[1:] in ids for h in hrefs)
    assert len({m["attrs"]["id"] for m in page.quotes()}) == len(page.quotes())


def test_summary_links_each_speaker_to_their_quotes(tmp_path):
    items = articles()
    page, _ = render(tmp_path)
    rows = all_rows(items)
    speaker_of = {r["quote_id"]: r["speaker"] or UNATTRIBUTED for r in rows}
    quote_by_anchor = {m["attrs"]["id"]: m["attrs"]["data-quote-id"] for m in page.quotes()}
    by_id = {e["attrs"]["id"]: e for e in page.elements if "id" in e["attrs"]}
    table_links = [a for a in page.find("a") if "td" in a["parents"]]
    assert {"".join(a["text"]) for a in table_links} == set(speaker_of.values())
    for link in table_links:
        speaker = "".join(link["text"])
        section = by_id[link["attrs"]["href"][1:]]
        assert section["tag"] == "details"
        start = page.elements.index(section)
        anchors = []
        for element in page.elements[start + 1:]:
            if element["tag"] in ("details", "section"):
                break
            if element["tag"] == "a":
                anchors.append(element["attrs"]["href"][1:])
        quoted = sorted(quote_by_anchor[a] for a in anchors)
        assert quoted == sorted(q for q, s in speaker_of.items() if s == speaker)


def test_summary_numbers_equal_the_rows(tmp_path):
    items = articles()
    page, _ = render(tmp_path)
    expected = expected_per_speaker(all_rows(items))
    table = page.table("speakers")
    assert len(table) == len(expected)
    for cells in table:
        speaker, _side, quotes, *stances = cells[:3 + len(STANCES)]
        want = expected[speaker]
        assert int(quotes) == want["quotes"]
        assert [int(n) for n in stances] == [want[s] for s in STANCES]
    sides = {cells[0]: int(cells[1]) for cells in page.table("sides")}
    assert sides == dict(Counter(r["side"] or "(none)" for r in all_rows(items)))
    outlets = {cells[0]: int(cells[1]) for cells in page.table("outlets")}
    assert outlets == {"Dawn": 6, "The New York Times": 3, "The Washington Post": 1}
    months = [(cells[0], int(cells[1])) for cells in page.table("months")]
    assert months == [("2011-09", 5), ("2011-10", 4), ("2012-01", 1)]


def test_outlet_and_month_tables_only_when_the_metadata_has_them(tmp_path):
    items = [(a, t, r, {}) for a, t, r, _ in articles()]
    page, _ = render(tmp_path, items)
    assert page.find("table", id="T_speakers") and page.find("table", id="T_sides")
    assert not page.find("table", id="T_outlets") and not page.find("table", id="T_months")


def test_max_articles_writes_the_first_articles_but_counts_every_row(tmp_path):
    items = articles()
    page, _ = render(tmp_path, max_articles=2)
    assert [a["attrs"]["id"] for a in page.find("article")] == ["a1", "a2"]
    shown = {m["attrs"]["data-quote-id"] for m in page.quotes()}
    assert shown == {r["quote_id"] for _, _, rows, _ in items[:2] for r in rows}
    expected = expected_per_speaker(all_rows(items))
    assert {cells[0]: int(cells[2]) for cells in page.table("speakers")} == {
        s: c["quotes"] for s, c in expected.items()}
    ids = page.ids()
    assert all(a["attrs"]["href"][1:] in ids for a in page.find("a") if a["attrs"]["href"].startswith("#"))


@pytest.mark.parametrize("speakers, article_ids", [
    ({"Hillary Clinton"}, ["nyt-1", "wp-1"]),
    ({"senior pakistani security official", UNATTRIBUTED}, ["dawn-1", "dawn-2"]),
    ({"Nobody"}, []),
])
def test_speakers_filter_keeps_articles_quoting_them(tmp_path, speakers, article_ids):
    page, _ = render(tmp_path, speakers=speakers)
    assert ["".join(h["text"]) for h in page.find("h2") if "article" in h["parents"]] == article_ids
    assert sum(int(cells[2]) for cells in page.table("speakers")) == len(all_rows(articles()))


def test_speakers_filter_and_max_articles_combine(tmp_path):
    page, _ = render(tmp_path, speakers={"Ashfaq Parvez Kayani"}, max_articles=1)
    assert ["".join(h["text"]) for h in page.find("h2") if "article" in h["parents"]] == ["dawn-1"]


def test_empty_input_writes_a_page(tmp_path):
    page, _ = render(tmp_path, [])
    assert "No quotes." in "".join(page.text) and not page.quotes()
    ids = page.ids()
    assert all(a["attrs"]["href"][1:] in ids for a in page.find("a"))


def test_a_failing_stream_leaves_the_old_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("old", encoding="utf-8")

    def stream():
        yield articles()[0]
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_html(path, stream())
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
