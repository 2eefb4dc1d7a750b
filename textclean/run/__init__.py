"""Runs over files and folders, around the engine: `runner` reads every source, checks or
fixes each document and writes the results atomically; `parallel` spreads the documents over
`--jobs` threads (or processes), `state` resumes a killed run, `ledger` records every edit for `undo`,
`metadata` moves metadata lines into record fields, `progress` draws the progress bar."""
