"""Plain-text tables of scores, for `stance evaluate` and the benchmark scripts."""
from __future__ import annotations

from collections.abc import Sequence

from .evaluate import AVERAGED_LABELS, LABELS


def show_cell(value: object) -> str:
    """Format a cell: floats with 3 decimals, None as "-"."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Lay out a fixed-width table: first column left-aligned, the others right-aligned."""
    cells = [list(header)] + [[show_cell(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        parts = [row[0].ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_report(results: dict[str, dict], *, per_article: bool = True) -> str:
    """Render score() results of one or more systems as fixed-width terminal tables.

    Extraction, attribution, confusion and per-article rows come from the first system.
    """
    if not results:
        raise ValueError("format_report needs at least one system's results.")
    names = list(results)
    first_name = names[0]
    first = results[first_name]
    counts = first["counts"]
    sections = [
        f"Extraction ({first_name}): {counts['gold']} gold, {counts['predicted']} predicted, "
        f"{counts['matched']} matched, {counts['exact']} exact, "
        f"{counts['attributed']} attributed",
        render_table(
            ["quotes", "precision", "recall", "f1"],
            [
                ["overlap", first["quote_precision"], first["quote_recall"], first["quote_f1"]],
                ["exact", first["exact_precision"], first["exact_recall"], first["exact_f1"]],
                [
                    "attribution",
                    first["attribution_precision"],
                    first["attribution_recall"],
                    first["attribution_f1"],
                ],
            ],
        ),
        f"Attribution accuracy on matched quotes: {show_cell(first['attribution_accuracy'])}",
        render_table(
            ["type", "recall", "found", "gold", "precision", "matched", "predicted"],
            [
                [
                    quote_type,
                    first["recall_by_type"].get(quote_type, {}).get("recall"),
                    first["recall_by_type"].get(quote_type, {}).get("found"),
                    first["recall_by_type"].get(quote_type, {}).get("total"),
                    first["precision_by_type"].get(quote_type, {}).get("recall"),
                    first["precision_by_type"].get(quote_type, {}).get("found"),
                    first["precision_by_type"].get(quote_type, {}).get("total"),
                ]
                for quote_type in dict.fromkeys(
                    [*first["recall_by_type"], *first["precision_by_type"]]
                )
            ],
        ),
    ]

    stance_rows: list[list[object]] = [
        ["macro-F1 end to end", *(results[n]["stance_macro_f1"] for n in names)],
        ["macro-F1 gold quotes", *(results[n]["stance_macro_f1_gold_quotes"] for n in names)],
        ["accuracy matched", *(results[n]["stance_accuracy"] for n in names)],
        ["accuracy gold quotes", *(results[n]["stance_accuracy_gold_quotes"] for n in names)],
    ]
    for label in LABELS:
        suffix = " (not averaged)" if label not in AVERAGED_LABELS else ""
        stance_rows.append(
            [f"F1 {label}{suffix}", *(results[n]["stance_per_label"][label]["f1"] for n in names)]
        )
    sections += ["Stance", render_table(["", *names], stance_rows)]

    confusion = first["confusion"]
    sections += [
        f"Confusion ({first_name}, matched quotes): rows gold, columns predicted",
        render_table(
            ["gold \\ pred", *LABELS],
            [[gold, *(confusion[gold][pred] for pred in LABELS)] for gold in LABELS],
        ),
    ]
    if per_article:
        sections += [
            f"Per article ({first_name})",
            render_table(
                ["id", "gold", "pred", "matched", "exact", "attributed", "stance_ok", "quote_f1"],
                [
                    [
                        row["id"],
                        row["gold"],
                        row["predicted"],
                        row["matched"],
                        row["exact"],
                        row["attributed"],
                        row["stance_correct"],
                        row["quote_f1"],
                    ]
                    for row in first["per_article"]
                ],
            ),
        ]
    return "\n\n".join(sections) + "\n"
