"""Thin adapters from dataframes, pandera and Dask to the engine; no rule logic lives here.

    frames   pandas / polars text columns (`textclean.fix_series`)
    pandera  a pandera Check and a ready schema for a text column
    dask     the engine over a Dask DataFrame or a distributed cluster
    datatrove  a formatter that fixes and a filter that drops, as datatrove pipeline steps
    hf       map functions for Hugging Face `datasets` (no import of `datasets` for them)

Each adapter imports its library inside its functions and raises MissingExtraError naming
the extra to install when it is missing, so `import textclean` never needs them.
"""
