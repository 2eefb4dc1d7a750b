"""The rule language and its rules: the fields every rule shares (`schema`), the rule kinds
that turn a validated spec into a runnable rule (`kinds`: one module per kind, registered in
`KINDS`), the loader that reads, checks, caches and selects rule files (`loader`:
`load_rules`, `RuleSet`), the regex-risk warnings (`risk`), `rules new` (`scaffold`) and the
rule examples run as tests (`testing`)."""
