"""Fingerprints of findings: which finding is "the same" from one run to the next.

A baseline (`textclean.report.baseline`) and a suppression with a `fingerprint` (`textclean.report.suppress`)
name findings by document id, rule code and this fingerprint, never by line or offset: an
edit above a finding shifts its line but leaves its fingerprint alone, so the finding stays
known. The fingerprint hashes the rule code, the matched text and up to `CONTEXT` code points
on each side of it *on the same line*, with runs of whitespace in that context made one
space. Lines above and below are left out on purpose (GitHub code scanning's
`primaryLocationLineHash` and Semgrep's baseline do the same: a finding is its own line's
business).

A finding about the whole document (its span is all of the text, e.g. "too short to be an
article") is named by its rule alone: any edit would change the text it matched.

Two identical findings on identical lines of one document share a fingerprint; a baseline
counts them, so a third copy is still new.
"""

from __future__ import annotations

import hashlib

CONTEXT = 32  # code points of same-line context on each side of the match
_SEP = "\x1f"  # unit separator: cannot be confused with text next to it
_blake2b = hashlib.blake2b


def fingerprint(rule: str, text: str, start: int, end: int) -> str:
    """16 hex digits naming the finding of `rule` at text[start:end] by content.

    >>> a = fingerprint("MK001", "Tom &amp; Jerry", 4, 9)
    >>> a == fingerprint("MK001", "A new first line.\\nTom &amp; Jerry", 22, 27)
    True
    >>> a == fingerprint("MK001", "Tim &amp; Jerry", 4, 9)
    False
    """
    size = len(text)
    if start == 0 and end == size:
        key = _SEP.join((rule, "<document>"))
        return _blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
    # The context: up to CONTEXT code points on each side, stopping at a line break.
    lo = start - CONTEXT if start > CONTEXT else 0
    before = text[text.rfind("\n", lo, start) + 1 or lo : start]
    hi = end + CONTEXT if end + CONTEXT < size else size
    line_end = text.find("\n", end, hi)
    after = text[end : hi if line_end == -1 else line_end]
    key = _SEP.join((rule, " ".join(before.split()), text[start:end], " ".join(after.split())))
    return _blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
