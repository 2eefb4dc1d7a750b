"""Tools over a whole corpus rather than one document: near-duplicate groups (`dups`), the
comparison of two versions of a text (`compare`), `fix --reconcile` (`reconcile`), rule
suggestions mined from a corpus (`suggest`) and the corpus vocabulary of the split-word
repairs (`vocab`)."""
