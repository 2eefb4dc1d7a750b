"""The engine: `loop` checks a text and fixes it to a fixed point (`check_text`, `fix_text`,
`apply_edits`); `compiled` is the rules' plan over the compiled core (`compile_rules`: one
scan per pass for the line rules, pattern rules and core finders; any other rule runs as it is)."""
