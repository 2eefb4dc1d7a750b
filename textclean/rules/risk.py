"""Regex-risk analysis: whether a rule's pattern has a shape that can backtrack exponentially.

The loader warns about such a pattern (`backtracking_risk`); the pattern still runs, with a
timeout.
"""

from __future__ import annotations

import regex

# Shapes behind exponential backtracking: `(a+)+`, `(\w+\s?)*` (a repeated group whose body can
# end in an unbounded repeat) and `(a|aa)+` (a repeated group whose alternatives overlap).
_QUANT = regex.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?")


def _atoms(body: str) -> list[list[tuple[str, str]]]:
    """Split a regex body into top-level alternatives of (atom, quantifier) pairs."""
    alternatives: list[list[tuple[str, str]]] = [[]]
    i = 0
    while i < len(body):
        c = body[i]
        if c == "|":
            alternatives.append([])
            i += 1
            continue
        if c == "\\":
            j = i + 2
            if body[i + 1 : i + 2] in ("p", "P") and body[j : j + 1] == "{":
                j = body.find("}", j) + 1 or len(body)
        elif c == "[":
            j = i + 1
            if body[j : j + 1] == "^":
                j += 1
            if body[j : j + 1] == "]":
                j += 1
            while j < len(body) and body[j] != "]":
                j += 2 if body[j] == "\\" else 1
            j += 1
        elif c == "(":
            depth, j = 1, i + 1
            while j < len(body) and depth:
                if body[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(body[j], 0)
                j += 1
        else:
            j = i + 1
        m = _QUANT.match(body, j)
        quant = m.group() if m else ""
        alternatives[-1].append((body[i:j], quant))
        i = j + len(quant)
    return alternatives


def _unbounded(quant: str) -> bool:
    return quant[:1] in ("*", "+") or bool(regex.match(r"\{\d*,\}", quant))


def _optional(quant: str) -> bool:
    return quant[:1] in ("*", "?") or quant.startswith(("{0,", "{,"))


_PROBES = "".join(map(chr, range(32, 127))) + "\t\n\r\u00a0éЖ中\u0627\u200b"


def _starts(pattern: str) -> set[str]:
    """Probe characters that can start a match of `pattern` (regex partial matching)."""
    try:
        compiled = regex.compile(pattern)
    except regex.error:
        return set(_PROBES)
    return {c for c in _PROBES if compiled.match(c, partial=True)}


def _ends_in_repeat(alternative: list[tuple[str, str]], body: str) -> bool:
    """True when an unbounded repeat, followed only by optional atoms, can run into the next
    repetition of the group (its characters overlap those that start the group's body)."""
    for k, (atom, quant) in enumerate(alternative):
        inner_repeat = _unbounded(quant) or (
            atom.startswith("(") and _group_risk(atom) is not None
        )
        if inner_repeat and all(_optional(q) for _, q in alternative[k + 1 :]):
            if _starts(atom) & _starts(body):
                return True
    return False


def _group_risk(group: str) -> str | None:
    body = regex.sub(r"^\((?:\?(?:[:>=!]|<[=!]|P?<[^>]+>|[a-zA-Z-]+:))?", "", group)[:-1]
    alternatives = _atoms(body)
    if any(_ends_in_repeat(a, body) for a in alternatives):
        return "a quantified group contains a quantifier"
    literals = ["".join(a for a, q in alt) for alt in alternatives if all(not q for _, q in alt)]
    if len(literals) > 1 and any(
        x != y and y.startswith(x) for x in literals for y in literals if x and y
    ):
        return "a quantified group contains an alternation"
    return None


def backtracking_risk(pattern: str) -> str | None:
    r"""Name a nested-repeat shape that can backtrack exponentially, or None.

    A heuristic in the spirit of safe-regex ("star height"), narrowed to repeats that can run
    into the group's next repetition, so `(?:[ \t]*\n)+` (fenced by a newline) passes.

    >>> backtracking_risk(r"(a|aa)+$")
    'a quantified group contains an alternation: (a|aa)+'
    >>> backtracking_risk(r"(\w+\s?)*x")
    'a quantified group contains a quantifier: (\\w+\\s?)*'
    >>> backtracking_risk(r"(?:[ \t]*\r?\n)+") is None
    True
    """

    def walk(body: str) -> str | None:
        for alternative in _atoms(body):
            for atom, quant in alternative:
                if not atom.startswith("("):
                    continue
                if _unbounded(quant):
                    risk = _group_risk(atom)
                    if risk:
                        return f"{risk}: {atom}{quant}"
                inner = regex.sub(r"^\((?:\?(?:[:>=!]|<[=!]|P?<[^>]+>|[a-zA-Z-]+:))?", "", atom)[:-1]
                found = walk(inner)
                if found:
                    return found
        return None

    return walk(pattern)


__all__ = ["backtracking_risk"]
