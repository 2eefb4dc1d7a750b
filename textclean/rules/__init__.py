"""The rule language and its rules: the YAML schema (`schema`), the rule kinds that turn a
validated spec into a runnable rule (`kinds`), the loader that reads, checks, caches and
selects rule files (`loader`: `load_rules`, `RuleSet`), `rules new` (`scaffold`) and the
rule examples run as tests (`testing`)."""
