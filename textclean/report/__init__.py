"""What a run found, and what counts: the report (`report`), the pass/fail verdict
(`verdict`), the before/after views of the HTML report (`diffview`), and the findings set
aside before they count (`triage`: `suppress`ions, then the `baseline`, both naming findings
by `fingerprint`). The renderers of a report are in `textclean.render`."""
