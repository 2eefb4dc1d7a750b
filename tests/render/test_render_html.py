"""The HTML page: self-contained, every rule shown, diffs labelled, light on big corpora."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from textclean.model import Level
from textclean.render import html
from textclean.report.report import DocumentReport, EditRecord, FindingRecord, Report


class _Refs(HTMLParser):
    """Collects every attribute that could make the browser fetch something, and the JSON."""

    def __init__(self):
        super().__init__()
        self.refs, self.code, self.json = [], 0, {}
        self._json_id = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if name in attrs:
                self.refs.append((tag, name, attrs[name]))
        if tag == "link":
            self.refs.append((tag, "rel", attrs.get("rel")))
        if tag == "script":
            if attrs.get("type") == "application/json":
                self._json_id = attrs["id"]
                self.json[self._json_id] = ""
            else:
                self.code += 1

    def handle_data(self, data):
        if self._json_id:
            self.json[self._json_id] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._json_id = None

    @property
    def data(self):
        return json.loads(self.json["data"])

    def detail(self, i):
        return json.loads(self.json[f"d{i}"])


def _parse(page):
    parser = _Refs()
    parser.feed(page)
    return parser


def test_page_is_self_contained(seeds_fix):
    page = html.render(seeds_fix)
    parsed = _parse(page)
    assert parsed.refs == []
    assert "default-src 'none'" in page  # the CSP forbids any request the markup might make
    assert not re.search(r"url\(|@import", page)
    assert parsed.code == 2  # the error recorder and the drawing code, both inline
    assert set(parsed.json) == {"data", "d0", "d1"}


def test_every_rule_that_found_something_is_listed(seeds_check):
    page = html.render(seeds_check)
    for code in seeds_check.found_per_rule:
        assert f'<span class="tag">{code}</span>' in page


def test_fix_diff_data_labels_each_change(seeds_fix):
    parsed = _parse(html.render(seeds_fix))
    data = parsed.data
    assert data["mode"] == "fix" and len(data["docs"]) == 2
    at = next(i for i, row in enumerate(data["docs"]) if row[0].endswith("001_b8b41c24772250aa.txt"))
    doc = parsed.detail(at)
    changes = [s for s in doc["d"] if s[0] == 1]
    assert {"QT001", "BP001", "BP002"} <= {s[3] for s in changes}
    # BP002 deleted "Read more from South Asia" in pass 1; BP001 then deleted the blank lines
    # before it and "Post Comment" after it in pass 2: each piece keeps its own rule.
    assert [(s[1], s[3]) for s in changes if s[3] in ("BP001", "BP002")] == [
        ("\n\n", "BP001"), ("Read more from South Asia\n", "BP002"), ("Post Comment", "BP001"),
    ]


def test_text_is_escaped_in_data_and_markup():
    report = Report()
    finding = FindingRecord("MK002", Level.WARNING, "tag </script><b>", 0, 9, 1, 1, 1, 10, "</script>",
                            "safe", True, 1, (EditRecord(0, 9, ""),))
    report.add(DocumentReport("<b>x</b>.txt", (finding,), changed=True, text="</script>rest"))
    page = html.render(report)
    assert "</script><b>" not in page and "<b>x</b>" not in page
    parsed = _parse(page)
    assert parsed.data["docs"][0][0] == "<b>x</b>.txt"
    assert parsed.data["messages"] == ["tag </script><b>"]
    assert parsed.detail(0)["d"][0] == [1, "</script>", "", "MK002", 0]


def test_without_texts_the_page_says_why_there_is_no_diff(seeds_check):
    from dataclasses import replace

    seeds_check.entries[:] = [replace(e, text=None) for e in seeds_check.entries]
    page = html.render(seeds_check)
    assert "did not keep the input texts" in page
    parsed = _parse(page)
    assert all(parsed.detail(i)["d"] is None for i in range(len(parsed.data["docs"])))


def test_ten_thousand_documents_stay_compact():
    report = Report()
    body = "".join(f"Paragraph {i} of an ordinary article about the harbour.\n\n" for i in range(40))
    for n in range(10_000):
        text = body + "Post Comment\n"
        start = len(body)
        finding = FindingRecord("BP001", Level.WARNING, "Comment widget", start, start + 13, 81, 1, 82, 1,
                                "Post Comment", "safe", True, 1, (EditRecord(start, start + 13, ""),))
        report.add(DocumentReport(f"corpus/{n:05}.txt", (finding,), changed=True, text=text))
    page = html.render(report)
    # Unchanged context is elided to a few lines per change and the message is stored once,
    # so the page grows by a few hundred bytes per document rather than by each document's
    # length (~2.3 kB here).
    assert len(page) < 10_000 * 400
    parsed = _parse(page)
    assert parsed.data["pageSize"] == html.PAGE_SIZE and len(parsed.data["docs"]) == 10_000
    assert parsed.data["messages"] == ["Comment widget"]
    assert [s[0] for s in parsed.detail(9_999)["d"]] == [3, 0, 1]  # elided, context, change
