"""Issue 16, item 11: markup shown as code in prose is content; MK002 removes only tags a
converter left around prose."""

from __future__ import annotations

import textclean

ARTICLE = (
    "Testing front-end components without a browser\n"
    "\n"
    "Each test mounts the component into a container. The HTML page needs only one element:\n"
    "\n"
    '<div id="app"></div>\n'
    "\n"
    "An indented block shows the markup the component renders:\n"
    "\n"
    '    <ul class="todo"><li>Buy milk</li></ul>\n'
    "\n"
    "```html\n"
    '<button type="submit">Save</button>\n'
    "```\n"
    "\n"
    "The `<template>` and `<span>` tags stay, and so does <b>this</b> in the prose.\n"
)


def test_code_lines_and_blocks_keep_their_tags(default_rules):
    fixed = textclean.fix_text(ARTICLE, default_rules.rules).text
    for line in ('<div id="app"></div>', '    <ul class="todo"><li>Buy milk</li></ul>',
                 '<button type="submit">Save</button>', "The `<template>` and `<span>` tags stay"):
        assert line in fixed
    # A tag a converter left around prose still goes.
    assert "so does this in the prose." in fixed


def test_the_cli_keeps_the_code_line(run, tmp_path):
    (tmp_path / "post.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("fix", "post.txt", "--out", "fixed.txt")
    assert result.exit_code in (0, 1), result.output
    assert '<div id="app"></div>' in (tmp_path / "fixed.txt").read_text(encoding="utf-8")


def test_leftover_tags_in_news_prose_still_go(default_rules):
    text = ('The council met on Monday.<br>It approved the budget.\n\n'
            '<span data-mce-type="bookmark"></span>\n\n'
            "<p>Residents can comment until May.</p>\n")
    fixed = textclean.fix_text(text, default_rules.rules).text
    assert "<" not in fixed
    assert "Monday.\nIt approved" in fixed
