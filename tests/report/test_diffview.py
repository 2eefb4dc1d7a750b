"""Diff views: replaying a fix run's edits gives back both the input and the output."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean.engine.loop import apply_edits
from textclean.model import Edit, Span
from textclean.report.diffview import Segment, SegmentKind, elide, mark_spans, replay_edits
from textclean.report.report import document_report_from_fix


def _join(segments):
    return "".join(s.before for s in segments), "".join(s.after for s in segments)


@st.composite
def _passes(draw):
    """A text and up to three passes of sorted, non-overlapping edits, like the engine's."""
    text = draw(st.text(alphabet="ab \n", max_size=30))
    current, passes = text, []
    for number in range(draw(st.integers(0, 3))):
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=6)))
        edits, last_end = [], -1
        for a, b in zip(cuts[::2], cuts[1::2], strict=False):
            # insertions at the end of a previous edit would overlap per Span.overlaps
            if a <= last_end and (a == b or a < last_end):
                continue
            edits.append((f"R{number}{len(edits)}", a, b, draw(st.text(alphabet="xy\n", max_size=3))))
            last_end = b
        passes.append(edits)
        current = apply_edits(current, [Edit(Span(a, b), r) for _c, a, b, r in edits])
    return text, passes, current


@given(_passes())
@settings(max_examples=300, deadline=None)
def test_replay_joins_back_to_input_and_output(case):
    text, passes, output = case
    segments = replay_edits(text, passes)
    assert _join(segments) == (text, output)


def test_replay_labels_each_change_with_its_rule():
    segs = replay_edits("Tom &amp; Jerry\n\nPost Comment", [[("MK001", 4, 9, "&"), ("BP001", 15, 29, "")]])
    changes = [(s.rule, s.deleted, s.inserted) for s in segs if s.kind is SegmentKind.CHANGE]
    assert changes == [("MK001", "&amp;", "&"), ("BP001", "\n\nPost Comment", "")]


def test_a_later_pass_editing_inserted_text_leaves_no_trace_of_it():
    # pass 1 inserts "X", pass 2 replaces that X with "Y": input "ab", output "aYb"
    segs = replay_edits("ab", [[("A1", 1, 1, "X")], [("B2", 1, 2, "Y")]])
    assert _join(segs) == ("ab", "aYb")
    assert [(s.rule, s.deleted, s.inserted) for s in segs if s.kind is SegmentKind.CHANGE] == [("B2", "", "Y")]


def test_replay_matches_the_engine_on_the_seeds(seeds_dir, default_rules):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = textclean.fix_text(text, default_rules, unsafe_fixes=True)
        doc = document_report_from_fix(path.name, result)

        segments = replace(doc, text=text).segments(context=None)
        assert _join(segments) == (text, result.text)
        assert {s.rule for s in segments if s.kind is SegmentKind.CHANGE} <= {
            a.finding.rule for a in result.applied
        }


def test_marks_cover_overlaps_and_empty_spans():
    segs = mark_spans("abcdef", [("X1", 1, 4), ("Y2", 3, 5), ("Z3", 6, 6)])
    assert [(s.kind.value, s.before, s.rule) for s in segs] == [
        ("same", "a", ""), ("mark", "bc", "X1"), ("mark", "d", "X1 Y2"), ("mark", "e", "Y2"),
        ("same", "f", ""), ("mark", "", "Z3"),
    ]


def test_elide_keeps_context_lines_around_changes():
    body = "".join(f"line {i}\n" for i in range(20))
    segs = [Segment(SegmentKind.SAME, body), Segment(SegmentKind.CHANGE, "new\n", "old\n", "R1"),
            Segment(SegmentKind.SAME, body)]
    out = elide(segs, context=2)
    assert [s.kind.value for s in out] == ["elided", "same", "change", "same", "elided"]
    assert out[0].lines == 18 and out[1].inserted == "line 18\nline 19\n"
    assert out[3].inserted == "line 0\nline 1\n" and out[4].lines == 18
