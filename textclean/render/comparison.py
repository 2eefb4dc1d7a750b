"""`textclean compare`'s view of a Comparison (textclean.corpus.compare): an aligned table of the
differences, coloured on a terminal, then the counts per kind."""

from __future__ import annotations

from textclean.corpus.compare import Comparison, Kind
from textclean.model import LineIndex

_STYLE = {
    Kind.ONLY_IN_ONE: "bold", Kind.WORDING: "cyan", Kind.SPELLING: "blue", Kind.HYPHEN: "magenta",
    Kind.SPLIT_WORD: "magenta", Kind.DASH: "yellow", Kind.QUOTE: "yellow",
    Kind.PUNCTUATION: "yellow", Kind.ENCODING: "red", Kind.MARKUP: "red",
    Kind.PARAGRAPH_BREAK: "red",
}


def _show(text: str, width: int = 120) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width // 2 - 1] + "…" + text[-(width // 2 - 1) :]


def render_text(c: Comparison, name_a: str, name_b: str, *, color: bool | None = None,
                width: int = 120) -> str:
    """The differences as an aligned table (coloured on a terminal), then counts per kind."""
    from io import StringIO

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    ia, ib = LineIndex(c.a), LineIndex(c.b)
    table = Table(show_lines=False, expand=False)
    for column in ("A line", "B line", "kind", "A", "B"):
        table.add_column(column, overflow="fold", justify="right" if "line" in column else "left")
    for d in c.differences:
        kind = d.kind.value + (f" ({d.guess.value})" if d.guess else "")
        if d.note:
            kind += f"\n[dim]{escape(d.note)}[/]"
        table.add_row(
            str(ia.line_col(d.a_span.start)[0]) if d.a_span is not None else "",
            str(ib.line_col(d.b_span.start)[0]) if d.b_span is not None else "",
            f"[{_STYLE[d.kind]}]{kind}[/]",
            f"[red]{escape(_show(d.a))}[/]" if d.a else "[dim]-[/]",
            f"[green]{escape(_show(d.b))}[/]" if d.b else "[dim]-[/]",
        )
    out = StringIO()
    console = Console(file=out, force_terminal=color, no_color=color is False, width=width,
                      highlight=False, emoji=False)
    console.print(f"A: {escape(name_a)}\nB: {escape(name_b)}", soft_wrap=True)
    if c.differences:
        console.print(table)
    counts = ", ".join(f"{n} {kind}" for kind, n in c.counts().items()) or "none"
    console.print(f"paragraphs: A {len(c.paragraphs_a)}, B {len(c.paragraphs_b)}; "
                  f"{sum(1 for p in c.pairs if not p.moved)} aligned in order, "
                  f"{sum(1 for p in c.pairs if p.moved)} moved; differences: {counts}")
    return out.getvalue()
