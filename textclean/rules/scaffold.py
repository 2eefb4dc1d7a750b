"""`textclean rules new NAME`: a rule file to start from, every field commented.

The file is a working rule (it loads, its examples pass `textclean rules test`), so a newcomer
edits something that runs rather than filling in blanks; the comments name the other fields
of the rule language (textclean/packs/README.md has the full reference).
"""

from __future__ import annotations

import regex

from textclean.rules.kinds import KINDS

NAME_RE = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
CODE_RE = regex.compile(r"[A-Z]{2,4}[0-9]{3}")

_LINE = """\
# A rule file: one rule (these fields) or a list of rules under `rules:`.
# Test it:  textclean rules test {file}
# Use it:   textclean check PATH --rules {file}      (or add it to `rules` in textclean.toml)
# Fields:   textclean/packs/README.md, or `textclean rules show BP003` for a default rule.

code: {code}                 # 2-4 capital letters and 3 digits; stable, never reused
name: {name}                 # kebab-case name of the artifact; the file stem should match it
summary: Site furniture line left in the text      # one line: what the artifact is
why: >                       # why it is damage, and how the rule tells it from real text
  The site prints this line above or below every article; it is not part of the story.
level: warning               # error | warning | info (the run fails at --fail-level, default warning)
kind: line                   # {kinds}

# A line rule: a line that is entirely one of `phrases` (compared after folding case, spaces
# and edge punctuation) or in which one of `patterns` (regexes) is found is the finding.
phrases:
  - "More from the Harbour Gazette"
patterns:
  - '^Listen to this story \\(\\d+ min\\)$'
position: edges              # head | tail | edges (head or tail) | body (neither) | anywhere (the default)
window: 3                    # head/tail = the first/last 3 NON-BLANK lines (blank lines do not count)
max_words: 12                # longer lines never match (they are prose)

fix:
  delete: line               # deletes the line and the blank line that separated it
  safety: unsafe             # safe: applied by `fix`; unsafe: only with --unsafe-fixes; display-only
  safety_note: a story that quotes the phrase alone on a line loses that line

# Optional: applies_to: {{url: ["*.example.com/*"]}}   only records whose `url` field matches
# Optional: opt_in: true      the rule runs only when --select names it

# Examples are tests: `finds` lists the text of each finding in order; `fixed` is the text
# after fixing (unsafe fixes allowed); `finds: []` is a negative example (at least one).
examples:
  - text: "More from the Harbour Gazette\\n\\nThe ferry timetable changes on Monday."
    finds: ["More from the Harbour Gazette"]
    fixed: "The ferry timetable changes on Monday."
  - text: "The ferry timetable changes on Monday.\\nListen to this story (4 min)"
    finds: ["Listen to this story (4 min)"]
    fixed: "The ferry timetable changes on Monday."
  - text: "First line.\\nSecond line.\\nThird line.\\nMore from the Harbour Gazette\\nFifth.\\nSixth.\\nSeventh."
    finds: []                # the fourth non-blank line is outside the head window of 3
  - text: "Readers wrote in to say they want more from the Harbour Gazette every week."
    finds: []                # a sentence that mentions the phrase is not the line
"""

_PATTERN = """\
# A rule file: one rule (these fields) or a list of rules under `rules:`.
# Test it:  textclean rules test {file}
# Use it:   textclean check PATH --rules {file}      (or add it to `rules` in textclean.toml)
# Fields:   textclean/packs/README.md, or `textclean rules show MK001` for a default rule.

code: {code}                 # 2-4 capital letters and 3 digits; stable, never reused
name: {name}                 # kebab-case name of the artifact; the file stem should match it
summary: Wiki citation marker left in the text     # one line: what the artifact is
why: >                       # why it is damage, and how the rule tells it from real text
  Copied wiki pages keep markers like `[12]` or `[citation needed]` that pointed at notes.
level: warning               # error | warning | info
kind: pattern                # {kinds}

# A pattern rule: each match of `pattern` (regex module syntax) is a finding; `group` picks
# a capture group (default 0, the whole match).
pattern: '\\[(?:\\d{{1,3}}|citation needed)\\]'

fix:
  replace: ""                # a template (\\1, \\g<name>); or `repair: unescape_html` etc.
  safety: safe               # safe: applied by `fix`; unsafe: only with --unsafe-fixes; display-only

# Examples are tests: `finds` lists the text of each finding in order; `fixed` is the text
# after fixing; `finds: []` is a negative example (at least one).
examples:
  - text: "The bridge opened in 1932.[4] It was widened later.[citation needed]"
    finds: ["[4]", "[citation needed]"]
    fixed: "The bridge opened in 1932. It was widened later."
  - text: "Press [1] for English."
    finds: []                # what we want; the rule finds "[1]", so this example fails...
    xfail: a menu prompt looks like a citation marker   # ...and is kept as a known failure
  - text: "Items [a] and [b] are listed."
    finds: []
"""

TEMPLATES = {"line": _LINE, "pattern": _PATTERN}


def rule_template(name: str, code: str, kind: str, file: str) -> str:
    """The text of a new rule file for rule `name` with `code`, of `kind` (line or pattern)."""
    return TEMPLATES[kind].format(name=name, code=code, file=file, kinds=" | ".join(KINDS))
