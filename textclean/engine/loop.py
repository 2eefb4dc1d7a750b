"""The engine: find artifacts, choose fixes, apply edits, repeat to a fixed point.

    check_text(text, rules) -> [Finding]
    fix_text(text, rules)   -> FixResult(text, applied, remaining)

Fixing follows ruff (`crates/ruff_linter/src/fix/mod.rs`): each pass finds, keeps fixes whose
safety is allowed, sorts them by position, applies those whose edits overlap nothing already
taken in that pass, and goes again until a pass applies nothing. That last pass is what makes
`fix_text(fix_text(x).text) == fix_text(x)` hold. A text on which no fix fires is returned as
the very same string: nothing is normalised behind the user's back.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from textclean import _core
from textclean.engine.compiled import CompiledRules, Find, compile_rules
from textclean.errors import FixDidNotConverge
from textclean.model import AppliedFix, Edit, Finding, FixResult, Level, Safety, Span
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.rules.loader import rule_applies

MAX_PASSES = 10  # sqlfluff's runaway_limit; ruff allows 100
TIMEOUT_CODE = "TC001"


def check_text(
    text: str,
    rules: Iterable[Rule] | CompiledRules,
    *,
    url: str | None = None,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    prefilter: bool = True,
) -> list[Finding]:
    """Every finding of every rule on `text`, sorted by position then rule code.

    A rule whose regex runs past `timeout` seconds yields one TC001 error finding over the
    whole text instead of its findings; the other rules still run.

    With `prefilter` (the default) only the rules that may match run: the core matches the
    pattern, swap and line rules and the repair finders in one call
    (`textclean.engine.compiled`); the findings are the same as with `prefilter=False`, which runs
    every rule on its own, as the tests check.
    """
    plan = compile_rules(rules).plan(text) if prefilter else [(r, r.find) for r in rules]
    findings = run_plan(plan, text, url, timeout)
    findings.sort(key=_finding_order)
    return findings


def run_plan(plan: Iterable[tuple[Rule, Find]], text: str, url: str | None, timeout: float) -> list[Finding]:
    """The findings of a plan's rules on `text`, unsorted: each `(rule, find)` of the plan
    (`CompiledRules.plan`) whose rule applies to `url` calls `find`; a rule that runs past its
    regex `timeout` gives one TC001 error finding over the whole text instead. `check_text` and
    each pass of `fix_text` run their plans through it (benchmarks/bound.py wraps it to time the
    rule calls)."""
    findings: list[Finding] = []
    for rule, find in plan:
        if rule.spec.applies_to is not None and not rule_applies(rule, url):
            continue
        try:
            findings.extend(find(text, timeout=timeout))
        except TimeoutError:
            findings.append(
                Finding(
                    TIMEOUT_CODE,
                    Span(0, len(text)),
                    f"rule {rule.code} ({rule.name}) ran past its regex time budget "
                    f"({timeout:g}s); the document is left unchanged",
                    Level.ERROR,
                )
            )
    return findings


# The safeties at least as safe as each one: `s in _AT_LEAST[allow]` is
# `s.rank >= allow.rank`, without two property calls per finding.
_AT_LEAST = {a: frozenset(s for s in Safety if s.rank >= a.rank) for a in Safety}


def _finding_order(f: Finding) -> tuple[int, int, str]:
    return (f.span.start, f.span.end, f.rule)


def fix_text(
    text: str,
    rules: Iterable[Rule] | CompiledRules,
    unsafe_fixes: bool = False,
    *,
    url: str | None = None,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    max_passes: int = MAX_PASSES,
    prefilter: bool = True,
) -> FixResult:
    """Apply safe fixes (and unsafe ones if `unsafe_fixes`) until nothing changes.

    Raises FixDidNotConverge naming the rules still changing the text after `max_passes`.
    If any rule times out, the input is returned unchanged with the TC001 finding.

    With `prefilter` (the default) each pass runs only the planned rules that can apply a fix
    in this run; the others (report-only rules, and fixes less safe than allowed) change
    nothing, so they run once, on the final text, for the findings left. `prefilter=False`
    runs every rule in every pass, each on its own, as the tests compare.
    """
    all_rules = tuple(rules)
    allow = Safety.UNSAFE if unsafe_fixes else Safety.SAFE
    allowed = _AT_LEAST[allow]
    compiled = compile_rules(rules if isinstance(rules, CompiledRules) else all_rules) if prefilter else None
    if compiled is not None:
        can_fix, report_only = compiled.fix_masks(allow)
        fix_finds = compiled.fix_finds(allow)
        # What the line rules decided on this document's lines, for the next pass: a pass
        # changes a few lines, and only those are matched again.
        memo = _core.LineMemo()
    current = text
    applied: list[AppliedFix] = []
    pass_texts = [text]
    for pass_no in range(1, max_passes + 2):
        if compiled is None:
            findings = run_plan([(r, r.find) for r in all_rules], current, url, timeout)
        else:
            # One core call for both the fixing rules and the report-only ones.
            fixing, reporting = compiled.plan_pair(current, can_fix, report_only, memo)
            # A rule may find in a pass only what the pass can apply (`Rule.fix_find`).
            narrowed = [(rule, fix_finds.get(rule, find)) for rule, find in fixing] if fix_finds else fixing
            findings = run_plan(narrowed, current, url, timeout)
        chosen = choose_fixes((f for f in findings if f.fix is not None and f.fix.safety in allowed), current)
        if not chosen and compiled is not None:
            # Nothing left to fix: the rules that cannot fix here run once, on the final text,
            # and those that found only what a pass applies find all they find on it.
            partial = [(rule, find) for (rule, find), (_, used) in zip(fixing, narrowed, strict=True)
                       if used is not find]
            if partial:
                codes = {rule.code for rule, _ in partial}
                findings = [f for f in findings if f.rule not in codes]
            findings.extend(run_plan(partial + reporting(), current, url, timeout))
        findings.sort(key=_finding_order)
        if any(f.rule == TIMEOUT_CODE for f in findings):
            first = (
                check_text(text, all_rules, url=url, timeout=timeout, prefilter=prefilter)
                if pass_no > 1 or compiled is not None
                else findings
            )
            return FixResult(text, (), tuple(first), 0, (text,))
        if not chosen:
            return FixResult(current, tuple(applied), tuple(findings), pass_no - 1, tuple(pass_texts))
        if pass_no > max_passes:
            # Rules that fight take turns, so name every rule of the last few passes.
            recent = [a.finding.rule for a in applied if a.pass_no > max_passes - 3]
            raise FixDidNotConverge(recent + [f.rule for f in chosen], max_passes)
        current = apply_edits(current, [e for f in chosen for e in f.fix.edits])  # type: ignore[union-attr]
        applied.extend(AppliedFix(f, pass_no) for f in chosen)
        pass_texts.append(current)
    raise AssertionError("unreachable")  # pragma: no cover


def choose_fixes(candidates: Iterable[Finding], text: str | None = None) -> list[Finding]:
    """The fixable findings whose edits can all apply together in one pass.

    Sorted by where their edits start (then rule code, for determinism); a fix with any edit
    overlapping an edit already chosen waits for the next pass. Among fixes that start at the
    same place the shorter goes first, so that a small repair (a markup prefix, a quote) changes
    the line before a rule judges the line as a whole; but given `text`, fixes that only delete
    whole lines go after those and longest first: a block deletion (a page header, a teaser
    list) that covers line deletions takes them all in one pass, rather than losing to the
    first of them and finding too little evidence left in the next.
    """
    def order(f: Finding) -> tuple[int, int, int, str, int]:
        edits = f.fix.edits  # type: ignore[union-attr]
        start, end = edits[0].span.start, edits[-1].span.end
        if text is not None and all(_deletes_whole_lines(text, e) for e in edits):
            return (start, 1, -end, f.rule, f.span.start)
        return (start, 0, end, f.rule, f.span.start)

    ordered = sorted(candidates, key=order)
    starts: list[int] = []
    spans: list[Span] = []
    chosen: list[Finding] = []
    for finding in ordered:
        assert finding.fix is not None
        if any(_overlaps_any(e.span, starts, spans) for e in finding.fix.edits):
            continue
        chosen.append(finding)
        for e in finding.fix.edits:
            i = bisect.bisect_left(starts, e.span.start)
            starts.insert(i, e.span.start)
            spans.insert(i, e.span)
    return chosen


def _deletes_whole_lines(text: str, edit: Edit) -> bool:
    start, end = edit.span.start, edit.span.end
    return (
        edit.replacement == ""
        and end > start
        and (start == 0 or text[start - 1] == "\n")
        and (end == len(text) or text[end - 1] == "\n")
    )


def _overlaps_any(span: Span, starts: list[int], spans: list[Span]) -> bool:
    # Chosen spans never overlap each other, so only neighbours by start can overlap `span`.
    i = bisect.bisect_left(starts, span.start)
    for j in (i - 1, i, i + 1):
        if 0 <= j < len(spans) and span.overlaps(spans[j]):
            return True
    # A long edit may cover several chosen ones to its right.
    j = i
    while j < len(spans) and spans[j].start < span.end:
        if span.overlaps(spans[j]):
            return True
        j += 1
    return False


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to `text` in one go (in the compiled core).

    >>> apply_edits("abcdef", [Edit(Span(1, 3), "X"), Edit(Span(5, 5), "!")])
    'aXde!f'
    """
    spans = [(e.span.start, e.span.end, e.replacement) for e in edits]
    try:
        return _core.apply_edits(text, spans)
    except UnicodeEncodeError:
        # A lone surrogate cannot cross into the core: the same edits, joined here.
        spans.sort()
        parts, at = [], 0
        for start, end, new in spans:
            if start < at or end < start or end > len(text):
                raise ValueError(f"edit [{start}, {end}) overlaps another or is outside the text") from None
            parts += [text[at:start], new]
            at = end
        return "".join([*parts, text[at:]])
