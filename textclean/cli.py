"""The `textclean` command: parse, call textclean, render, exit. No cleaning logic here."""

from __future__ import annotations

import atexit
import functools
import gc
import inspect
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import click

from textclean._version import __version__
from textclean.config import Settings, load_settings, parse_max_rate
from textclean.corpus.vocab import Vocabulary, using_vocabulary
from textclean.errors import EXIT_ERROR, EXIT_FAIL, EXIT_SUCCESS, RuleError, TextcleanError
from textclean.io import INPUT_FORMATS
from textclean.lexicon import check_setting as check_lexicon_setting
from textclean.lexicon import using_lexicon
from textclean.model import Level
from textclean.render import RENDERERS
from textclean.report.report import Report
from textclean.rules.loader import RuleSet, check_selectors, load_rules
from textclean.run.runner import (
    DEFAULT_MAX_CHARS,
    Collaborators,
    DocumentMapper,
    FixOutput,
    RunOptions,
    check_paths,
    default_quarantine,
    fix_paths,
)
from textclean.run.state import input_hash

EXIT_CODES_HELP = """

\b
Exit codes:
  0  pass: nothing at or above --fail-level remains (after fixing, for `fix`), or only
     within the --max-rate shares
  1  fail: findings at or above --fail-level remain beyond any --max-rate share, or
     inputs were quarantined
  2  error: usage error, broken rule file, unreadable input or unwritable output
"""


def _split(values: Sequence[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RuleError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"error: {len(exc.problems)} problem(s) in rule files; nothing was read", err=True)
            sys.exit(EXIT_ERROR)
        except TextcleanError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _options(*options: Decorator) -> Decorator:
    """One decorator of several click options (or groups of them), in the order --help lists them."""

    def apply(fn: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return apply


def _field_options(*, settings: bool) -> list[Decorator]:
    """--text-field and --id-field, the JSONL/Parquet fields of the text and the record id
    (default text, id); with `settings`, None when not given: the settings file's apply."""
    return [
        click.option("--text-field", default=None if settings else "text",
                     help="JSONL/Parquet field holding the text (default: text)."),
        click.option("--id-field", default=None if settings else "id",
                     help="JSONL/Parquet field holding the record id (default: id)."),
    ]


_common = _options(
    click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
                 help="Extra rule file or folder (repeatable); added to the default packs."),
    click.option("--no-default-rules", is_flag=True,
                 help="Use only the rules given with --rules."),
    click.option("--select", multiple=True, metavar="CODES",
                 help="Only these rule codes or prefixes (comma-separated, repeatable), e.g. BP,EN001. "
                      "Opt-in packs such as TY run only when selected."),
    click.option("--ignore", multiple=True, metavar="CODES",
                 help="Skip these rule codes or prefixes."),
    click.option("--fail-level", type=click.Choice([lvl.value for lvl in Level]), default=None,
                 help="Lowest level that makes the run fail (exit 1). Default: warning."),
    *_field_options(settings=True),
    click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
                 show_default=True,
                 help="How standard input (-) is read. auto: JSONL when its first line that is "
                      "not blank is a JSON object (a note on stderr says so), else text. Files "
                      "are read by their suffix."),
    click.option("--quarantine", type=click.Path(path_type=Path), default=None,
                 help="Write unreadable inputs here as JSONL with the reason."),
    click.option("--regex-timeout", type=float, default=None,
                 help="Seconds one regex may run on one document (default 2)."),
    click.option("--max-chars", type=click.IntRange(min=0), default=None,
                 help=f"Quarantine documents longer than this many characters instead of "
                      f"processing them (default {DEFAULT_MAX_CHARS:,}; 0: no limit)."),
    click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                 help="Settings file (textclean.toml or pyproject.toml); default: the nearest one."),
    click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
                 help="Threads for the per-document work (0: one per CPU); the compiled core "
                      "releases the GIL while it works. Output and report are the same as "
                      "with one."),
    click.option("--scheduler", metavar="ADDRESS", default=None,
                 help="Check or fix on a running Dask distributed scheduler (e.g. "
                      "tcp://host:8786); inputs are read and outputs written here. Needs the "
                      "dask extra."),
    click.option("--max-rate", "max_rate", multiple=True, metavar="KEY=SHARE",
                 help="Pass while at most SHARE of the documents have findings (at or above "
                      "--fail-level) of rules KEY: a code, a prefix or ALL. E.g. BP=0.02 or "
                      "BP=2%. Repeatable; adds to [max-rate] in the config."),
    click.option("--lexicon", default="auto", show_default=True, metavar="auto|off|LANG",
                 help="Word list used as the last evidence for split and glued words (SW "
                      "rules), after the document and a corpus vocabulary: auto detects each "
                      "document's language, LANG (en, de, fr ...) fixes one, off uses none."),
    click.option("--include-text", is_flag=True,
                 help="Keep each input text in the report, so the JSON report can be rendered "
                      "as HTML with diffs later (implied by an HTML output)."),
    *[click.option(f"--output-{name}", f"output_{name}", type=click.Path(dir_okay=False, path_type=Path),
                   default=None, metavar="FILE", help=f"Also write the report as {name} to FILE.")
      for name in sorted(RENDERERS)],
)

# --baseline, --suppressions, --suppress-field, --show-suppressed (textclean.report.triage)
_adopt_options = _options(
    click.option("--baseline", "baseline_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 default=None, metavar="FILE",
                 help="Fail only on findings not in FILE: a baseline from `textclean baseline` or a "
                      "JSON report saved earlier. The report counts the findings it absorbed and "
                      "lists its entries no longer found (shrink it: `textclean baseline --shrink`)."),
    click.option("--suppressions", "suppressions_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 default=None, metavar="FILE",
                 help="Suppression file (default: the nearest textclean-ignore.yaml): document "
                      "glob, rule, reason, optional fingerprint and expires. An expired entry "
                      "stops the run."),
    click.option("--suppress-field", default=None, metavar="FIELD",
                 help="JSONL/Parquet field listing rule codes or prefixes to skip for its record."),
    click.option("--show-suppressed", is_flag=True,
                 help="Also print the findings the baseline absorbed or suppressions skipped."),
    click.option("--resume", is_flag=True,
                 help="Continue a killed run from the state it left beside its output "
                      "(DEST.textclean-state); refused if the inputs or rules changed. The "
                      "output and reports are those of an uninterrupted run."),
)


def _triage(kw: dict[str, Any], settings: Settings) -> Any:
    """The Triager the options and settings ask for (None: none)."""
    from textclean.report.triage import triager_from_settings

    return triager_from_settings(
        kw.pop("baseline_path") or settings.baseline, kw.pop("suppressions_path"),
        settings.suppress, str(settings.path), kw.pop("suppress_field") or settings.suppress_field,
    )


def _checkpoint(kw: dict[str, Any], mode: str, beside: Path | None, rules: RuleSet,
                run: dict[str, Any], triage: Any, grouping: bool) -> Any:
    """The state of a resumable run (textclean.run.state), kept beside `beside`; None without it.
    `grouping`: the run groups near-duplicates (--near-duplicates, --reconcile)."""
    resume = kw.pop("resume")
    if beside is None or "-" in run["paths"]:
        if resume:
            raise click.UsageError("--resume needs an output: fix --out DEST, or a report file "
                                   "for check (-o FILE or --output-FORMAT FILE)")
        return None
    if resume and grouping:
        raise click.UsageError("--resume cannot be used with --near-duplicates or --reconcile")
    from textclean.run.state import Checkpoint, input_hash, rules_hash, state_dir

    for key in ("baseline_path", "suppressions_path"):
        if run.get(key):
            run[key] = input_hash(run[key])
    ignored = {"jobs", "scheduler"}
    settings = {k: v for k, v in {**kw, **run}.items() if k not in ignored and not k.startswith("output_")}
    if resume and not (state_dir(beside) / "state.json").is_file():
        click.echo(f"note: no interrupted run to resume at {state_dir(beside)}; starting from "
                   "the beginning", err=True)
    return Checkpoint(state_dir(beside), mode, rules_hash(rules.rules, settings),
                      resume=resume, on_replay=getattr(triage, "replay", None))


def _finish_triage(report: Report, triage: Any) -> None:
    if triage is None:
        return
    triage.finish(report)
    for entry in triage.unused():
        click.echo(f"warning: {entry.where}: suppression of {','.join(entry.rules)} in "
                   f"{entry.document!r} matched nothing; remove it", err=True)


def _settings(kw: dict[str, Any]) -> tuple[Settings, RuleSet, RunOptions, DocumentMapper | None]:
    """The settings, the rules, the run's options and where its documents run (--jobs,
    --scheduler; None: in this process)."""
    settings = load_settings(kw["config"])
    select = _split(kw["select"]) or settings.select
    ignore = _split(kw["ignore"]) or settings.ignore
    if kw["fail_level"]:
        settings.fail_level = Level(kw["fail_level"])
    rules = load_rules(
        [*settings.rules, *kw["rule_paths"]],
        select=select,
        ignore=ignore,
        defaults=settings.default_rules and not kw["no_default_rules"],
    )
    for warning in () if kw.get("quiet") else rules.warnings:
        click.echo(f"warning: {warning}", err=True)
    options = RunOptions(
        text_field=kw["text_field"] or settings.text_field,
        id_field=kw["id_field"] or settings.id_field,
        timeout=kw["regex_timeout"] or settings.regex_timeout,
        max_chars=settings.max_chars if kw["max_chars"] is None else kw["max_chars"],
        quarantine=kw["quarantine"],
        input_format=kw["input_format"],
    )
    settings.max_rate.update(_max_rate_option(kw["max_rate"]))
    check_selectors(rules.all_rules, list(settings.max_rate), "--max-rate / max-rate")
    check_lexicon_setting(kw["lexicon"])
    if kw["lexicon"] != "auto" and kw["scheduler"]:
        raise click.UsageError("--lexicon off or LANG does not reach a Dask scheduler's workers; "
                               "run without --scheduler")
    options.keep_text = kw["include_text"] or kw["output_html"] is not None
    mapper: DocumentMapper | None = None
    if kw["scheduler"]:
        from textclean.integrations.dask import DaskMapper

        mapper = DaskMapper(kw["scheduler"])
    if kw["jobs"] != 1:
        if kw["scheduler"]:
            raise click.UsageError("--jobs and --scheduler both choose where documents run; give one")
        from textclean.run.parallel import ProcessMapper, default_jobs

        jobs = kw["jobs"] or default_jobs()
        if jobs > 1:
            mapper = ProcessMapper(jobs)
    return settings, rules, options, mapper


def _max_rate_option(values: Sequence[str]) -> dict[str, float]:
    items: dict[str, Any] = {}
    for value in _split(values):
        key, sep, share = value.partition("=")
        try:
            number = float(share.rstrip("%")) / (100 if share.endswith("%") else 1)
        except ValueError:
            number = -1.0
        if not sep or number < 0:
            raise click.BadParameter(f"{value!r}: expected KEY=SHARE, e.g. BP=0.02 or BP=2%",
                                     param_hint="--max-rate")
        items[key] = number
    return parse_max_rate(items, "--max-rate")


def _exit_code(report: Report, fail_level: Level, max_rate: dict[str, float] | None = None,
               quiet: bool = False) -> int:
    from textclean.report.verdict import evaluate

    verdict = evaluate(report, fail_level, max_rate)
    for check in () if quiet else verdict.rates:
        click.echo(str(check), err=True)
    return EXIT_SUCCESS if verdict.passed else EXIT_FAIL


def _quarantine_note(report: Report, options: RunOptions, quiet: bool) -> None:
    """Say on stderr where the quarantined inputs went (or that they were not kept)."""
    count = report.quarantined + report.document_errors
    if quiet or not count:
        return
    if options.quarantine is not None:
        click.echo(f"quarantine: {count} input(s) written to {options.quarantine} with the reason",
                   err=True)
    else:
        click.echo(f"quarantine: {count} input(s) not kept; give --quarantine FILE to keep them",
                   err=True)


def _emit_outputs(report: Report, kw: dict[str, Any]) -> None:
    """Write the report in every format asked for with --output-FORMAT."""
    for name in sorted(RENDERERS):
        if kw[f"output_{name}"] is not None:
            _emit(report, name, kw[f"output_{name}"], kw)


# --statistics and --all-findings: how the text report lists findings on a terminal
_listing_options = _options(
    click.option("--statistics", is_flag=True,
                 help="Print per-rule counts (most frequent first) instead of each finding, then "
                      "the summary."),
    click.option("--all-findings", is_flag=True,
                 help="List every finding on a terminal too (by default a terminal shows a "
                      "screenful, then a count; piped or redirected output lists all)."),
)

# --quiet and --no-progress (a progress bar is drawn only on a terminal, never in CI)
_progress_options = _options(
    click.option("--quiet", "-q", is_flag=True,
                 help="Print nothing but errors: no progress, report or summary on the terminal "
                      "(files asked for are still written)."),
    click.option("--no-progress", is_flag=True,
                 help="No progress bar (it is drawn on standard error only when that is a "
                      "terminal and CI is not set)."),
)

# What `check` and `fix` take besides `_common`: listing, progress and adoption options
_run_options = _options(_listing_options, _progress_options, _adopt_options)

# What the corpus commands reading records take (`suggest`, `vocab build`)
_corpus_options = _options(*_field_options(settings=False), _progress_options)


def _out_option(
    help: str, *, to: str = "file or folder", default: Path | None = None, required: bool = False,
    dest: str = "out",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--out of a command that writes: `to` a "file", a "folder" or a "file or folder";
    `default` shown in the help."""
    path = click.Path(file_okay=to != "folder", dir_okay=to != "file", path_type=Path)
    return click.option("--out", dest, type=path, default=default, required=required,
                        show_default=default is not None, help=help)


def _near_duplicate_threshold(what: str, *, implies: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--near-duplicate-threshold J of `check` and `fix`: `what` it is; setting it implies the
    flag `implies`."""
    return click.option("--near-duplicate-threshold", type=click.FloatRange(0, 1, min_open=True),
                        default=None, metavar="J", help=f"{what} (default 0.3); implies {implies}.")


def _progress(verb: str, kw: dict[str, Any]) -> Any:
    """Start the progress bar of this command (None when not drawn); it stops when the
    command ends, or earlier with .close() before the report is printed."""
    from textclean.run.progress import progress_wanted, run_progress

    wanted = progress_wanted(kw.get("quiet", False), kw.get("no_progress", False))
    return click.get_current_context().with_resource(run_progress(verb, wanted))


def _say(kw: dict[str, Any]) -> Callable[[str], None]:
    """echo to standard error, unless --quiet."""
    return (lambda text: None) if kw.get("quiet") else (lambda text: click.echo(text, err=True))


def _screenful(err: bool = False) -> int | None:
    """How many finding lines fit on the terminal the listing goes to (standard output, or
    standard error with `err`), or None (not a terminal)."""
    import shutil

    if not (sys.stderr if err else sys.stdout).isatty():
        return None
    return max(10, shutil.get_terminal_size().lines - 6)


def _full_list_hint(kw: dict[str, Any]) -> str:
    """Where the full list of findings is, for the line that counts the ones not shown."""
    for key, what in (("output_text", ""), ("output_json", " (JSON)"), ("report_path", " (JSON)")):
        if kw.get(key) is not None:
            return f"all of them are in {kw[key]}{what}"
    return ("--all-findings lists them all, --statistics counts them per rule, "
            "--output-text FILE writes them to FILE")


def _emit(report: Report, fmt: str, output: Path | None,
          listing: dict[str, Any] | None = None, err: bool = False) -> None:
    """Render `report` as `fmt` to `output` (None: standard output, or standard error with
    `err`, when the fixed text itself goes to standard output). `listing` holds the
    --statistics / --all-findings choice (and the files written) of a check or fix run."""
    if output is None and listing is not None and listing.get("quiet"):
        return
    if fmt in ("json", "text"):
        # Streamed, one document at a time: a large run's report never sits in memory whole.
        from textclean.render import console, json

        if output is not None:
            from textclean.io.atomic import AtomicFile

            pieces: Iterator[bytes] = (
                json.chunks(report) if fmt == "json"
                else (c.encode("utf-8") for c in console.chunks(
                    report, show_suppressed=bool((listing or {}).get("show_suppressed"))))
            )
            with AtomicFile(output) as handle:
                for piece in pieces:
                    handle.write(piece)
            return
        if fmt == "text" and listing is not None and listing.get("statistics"):
            click.echo(console.statistics(report), nl=False, err=err)
            return
        if fmt == "json":
            texts: Iterator[str] = (c.decode("utf-8") for c in json.chunks(report))
        else:
            limit = _screenful(err) if listing is not None and not listing.get("all_findings") else None
            texts = console.chunks(report, limit, _full_list_hint(listing or {}),
                                   show_suppressed=bool((listing or {}).get("show_suppressed")))
        for text in texts:
            click.echo(text, nl=False, err=err)
        if fmt == "text" and (sys.stderr if err else sys.stdout).isatty():
            click.echo(console.render_table(report), nl=False, err=err)
        return
    text = RENDERERS[fmt](report)
    if output is None:
        click.echo(text, nl=False, err=err)
    else:
        from textclean.io.atomic import write_atomic

        write_atomic(output, text.encode("utf-8"))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="textclean")
def main() -> None:
    """Find and repair the damage scraping leaves in text.

    Rules are YAML files (the default packs ship with textclean; add your own with --rules).
    `check` reports, `fix` repairs into a new place, `baseline` saves today's findings so
    `check --baseline` gates only new ones, `rules` shows and tests the rules,
    `suggest` proposes rules for a corpus's own furniture, `vocab` counts its words,
    `compare` classifies how two versions of one text differ.
    Inputs: .txt/.md files, folders of them (recursively), JSONL (.jsonl, .jsonl.gz),
    Parquet (.parquet), or - for standard input.
    """
    _freeze_heap_at_exit()


@functools.cache
def _freeze_heap_at_exit() -> None:
    """The command's process ends with it: freeze the heap before the interpreter's last full
    collection, which walked every object still alive (the rules, the lexicons' tables, the
    report) to free nothing the exit would not drop anyway (80-100 ms of a 4 s `fix`). Every
    file a command writes is closed before it returns. Only the CLI does this: a library
    caller's process may still need that collection for its own objects. Registered once per
    process (tests invoke the CLI many times in one)."""
    atexit.register(gc.freeze)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_common
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              help="Report format (default: text).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write the report to FILE instead of standard output.")
@click.option("--near-duplicates", is_flag=True,
              help="Also group near-duplicate documents (versions of one text) into the report's "
                   "dups section. Needs the dups extra.")
@_near_duplicate_threshold("Estimated Jaccard similarity of word 3-shingles that links two "
                           "documents", implies="--near-duplicates")
@_run_options
@_handle_errors
def check(paths: tuple[str, ...], fmt: str, output: Path | None, near_duplicates: bool,
          near_duplicate_threshold: float | None, **kw: Any) -> None:
    """Find artifacts and report them as PATH:LINE:COL: CODE message.

    Nothing is changed. Findings marked [*] have a fix that `textclean fix` applies.
    Several report formats at once: --format for standard output (or -o FILE), plus any
    --output-FORMAT FILE, e.g. --output-sarif r.sarif --output-markdown summary.md.
    With --near-duplicates the report also lists groups of near-duplicate documents (they
    do not change the exit code).

    \b
    Adopting textclean on an existing corpus (see `textclean baseline --help`):
      textclean baseline DATA --out .textclean-baseline.json   # save today's findings
      textclean check DATA --baseline .textclean-baseline.json # only new ones fail
      textclean baseline DATA --out .textclean-baseline.json --shrink   # burn it down
    Suppressions with reasons live in textclean-ignore.yaml. A run killed with a report
    file continues with --resume.
    """
    run = {"paths": paths, "fmt": fmt, "baseline_path": kw["baseline_path"],
           "suppressions_path": kw["suppressions_path"]}
    settings, rules, options, mapper = _settings(kw)
    triage = _triage(kw, settings)
    options.keep_text = options.keep_text or fmt == "html"
    index = None
    if near_duplicates or near_duplicate_threshold is not None:
        from textclean.corpus.dups import DEFAULT_THRESHOLD, NearDuplicateIndex

        index = NearDuplicateIndex(near_duplicate_threshold or DEFAULT_THRESHOLD)
    progress = _progress("checking", kw)
    files = [output, *(kw[f"output_{name}"] for name in sorted(RENDERERS))]
    checkpoint = _checkpoint(kw, "check", next((f for f in files if f), None), rules, run, triage,
                             grouping=index is not None)
    with using_lexicon(kw["lexicon"]):
        report = check_paths(paths, rules.rules, options, Collaborators(mapper, triage, checkpoint),
                             near_duplicates=index)
    if progress is not None:
        progress.close()
    _finish_triage(report, triage)
    if not (kw["quiet"] and output is None):
        _emit(report, fmt, output, kw)
    _emit_outputs(report, kw)
    _quarantine_note(report, options, kw["quiet"])
    if checkpoint is not None:
        checkpoint.complete()
    sys.exit(_exit_code(report, settings.fail_level, settings.max_rate, kw["quiet"]))


check.help = inspect.cleandoc(check.help or "") + EXIT_CODES_HELP


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_out_option("Write repaired copies here: a file for one input file, else a folder that mirrors "
             "the inputs' relative paths. Inputs are never modified. `-`: write the one input's "
             "repaired text or JSONL records to standard output (the report then goes to stderr).")
@click.option("--in-place", is_flag=True, help="Rewrite the inputs themselves (atomically).")
@click.option("--diff", is_flag=True, help="Print a unified diff of the repairs; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, default=None,
              help="Also apply fixes marked unsafe (see `textclean rules show CODE`).")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Write the JSON report of what was found and changed to FILE.")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write every applied edit to FILE (JSONL: document, hashes, rule, span, before, "
                   "after, pass); `textclean undo` uses it to restore the inputs.")
@click.option("--extract-metadata", is_flag=True,
              help="JSONL input: move byline, date and `Original url:` lines (rules MD001-MD004) "
                   "out of the text into the record's `byline`, `date` and `url` fields; an "
                   "existing field is never overwritten. Other inputs: the lines stay, reported.")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              help="Format of the report printed on standard output (default: text).")
@click.option("--corpus-vocabulary", is_flag=True,
              help="Read the inputs twice: first count their words, then fix with that "
                   "vocabulary as evidence for split and glued words (SW rules) where a "
                   "document alone cannot decide.")
@click.option("--vocabulary", "vocabulary_paths", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="A vocabulary from `textclean vocab build` to use as that evidence "
                   "(repeatable; added to --corpus-vocabulary).")
@click.option("--reconcile", is_flag=True,
              help="Group near-duplicate inputs (versions of one text) and first repair what "
                   "another version shows intact: lost hyphens, mojibake spans, slid quotes "
                   "(RC001-RC003); spelling variants stay. Reads the inputs twice; needs the "
                   "dups extra.")
@_near_duplicate_threshold("Similarity that makes two documents versions of one text",
                           implies="--reconcile")
@_common
@_run_options
@_handle_errors
def fix(
    paths: tuple[str, ...],
    out: Path | None,
    in_place: bool,
    diff: bool,
    unsafe_fixes: bool | None,
    report_path: Path | None,
    ledger_path: Path | None,
    extract_metadata: bool,
    fmt: str,
    corpus_vocabulary: bool,
    vocabulary_paths: tuple[Path, ...],
    **kw: Any,
) -> None:
    """Repair artifacts into --out (or --in-place), or preview with --diff.

    Safe fixes are applied by default; unsafe ones only with --unsafe-fixes; display-only
    suggestions never. Fixes repeat until the text stops changing, so fixing the output
    again changes nothing. Remaining findings are printed as for `check`.
    """
    chosen = [name for name, on in (("--out", out is not None), ("--in-place", in_place), ("--diff", diff)) if on]
    if len(chosen) > 1:
        raise click.UsageError(f"give only one of {' / '.join(chosen)}")
    stdin_only = list(paths) == ["-"]
    if not chosen and not stdin_only:
        raise click.UsageError("say where the repaired text goes: --out DEST, --in-place, or --diff")
    to_stdout = str(out) == "-" or (stdin_only and out is None and not chosen)
    if str(out) == "-":
        out = None
        if len(paths) != 1 or (paths[0] != "-" and not Path(paths[0]).is_file()):
            raise click.UsageError("--out - writes one input to standard output; give one file or -")
    if ledger_path is not None and (diff or to_stdout):
        raise click.UsageError("--ledger needs --out DEST or --in-place: it records what was "
                               "written, and undo reads it back from there")
    run = {"paths": paths, "out": out, "unsafe_fixes": unsafe_fixes, "extract_metadata": extract_metadata,
           "corpus_vocabulary": corpus_vocabulary, "vocabulary": [input_hash(v) for v in vocabulary_paths],
           "baseline_path": kw["baseline_path"], "suppressions_path": kw["suppressions_path"]}
    settings, rules, options, mapper = _settings(kw)
    triage = _triage(kw, settings)
    options.unsafe_fixes = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    options.extract_metadata = extract_metadata
    options.keep_text = options.keep_text or fmt == "html"
    if options.quarantine is None and out is not None:
        options.quarantine = default_quarantine(out)
    if (diff or to_stdout) and sys.stdout.isatty():
        kw["no_progress"] = True  # the diff or the fixed text is drawn where the bar would be
    progress = _progress("fixing", kw)
    reconcile_threshold = kw.pop("near_duplicate_threshold")
    reconciler = None
    if kw.pop("reconcile") or reconcile_threshold is not None:
        reconciler = _reconciler(paths, options, mapper, reconcile_threshold)
    if kw["resume"] and ledger_path is not None:
        raise click.UsageError("--resume cannot continue a --ledger (it is written as the run goes); "
                               "run again without --resume")
    checkpoint = _checkpoint(kw, "fix", out if out is not None and not to_stdout else None, rules,
                             run, triage, grouping=reconciler is not None)
    output = FixOutput(out=out, in_place=in_place)
    if diff:
        output.diff = sys.stdout
    elif to_stdout:
        output.stdout = sys.stdout.buffer
    ledger = None
    if ledger_path is not None:
        from textclean.run.ledger import LedgerWriter
        from textclean.run.metadata import metadata_fields

        ledger = output.on_written = LedgerWriter(ledger_path, options.text_field, options.id_field,
                                                  metadata_fields(rules.rules))
        output.on_quarantined = ledger.quarantined
    try:
        vocabulary = _vocabulary(paths, corpus_vocabulary, vocabulary_paths, options, kw)
        with using_vocabulary(vocabulary), using_lexicon(kw["lexicon"]):
            report = fix_paths(paths, rules.rules, options, output,
                               Collaborators(mapper, triage, checkpoint), reconciler=reconciler)
    except BaseException:
        if ledger is not None:
            ledger.abort()
        raise
    if ledger is not None:
        ledger.commit()
    if progress is not None:
        progress.close()
    if reconciler is not None:
        reconciler.annotate(report)
    _finish_triage(report, triage)
    if report_path is not None:
        _emit(report, "json", report_path)
    _emit_outputs(report, kw)
    if not diff and not kw["quiet"]:
        # with the fixed text on standard output, the report goes to stderr
        _emit(report, fmt, None, {**kw, "report_path": report_path},
              err=output.stdout is not None)
    _quarantine_note(report, options, kw["quiet"])
    if checkpoint is not None:
        checkpoint.complete()
    sys.exit(_exit_code(report, settings.fail_level, settings.max_rate, kw["quiet"]))


fix.help = inspect.cleandoc(fix.help or "") + EXIT_CODES_HELP


def _reconciler(paths: Sequence[str], options: RunOptions, mapper: DocumentMapper | None,
                threshold: float | None) -> Any:
    """The `--reconcile` groups and texts (`textclean.corpus.reconcile.Reconciler`)."""
    if "-" in paths:
        raise click.UsageError("--reconcile reads the inputs twice; standard input can be read once")
    if mapper is not None:
        raise click.UsageError("--reconcile runs in one process; drop --jobs / --scheduler")
    from textclean.corpus.dups import DEFAULT_THRESHOLD
    from textclean.corpus.reconcile import Reconciler

    return Reconciler.from_paths(paths, threshold or DEFAULT_THRESHOLD, text_field=options.text_field,
                                 id_field=options.id_field, max_chars=options.max_chars)


def _vocabulary(
    paths: Sequence[str],
    corpus: bool,
    files: Sequence[Path],
    options: RunOptions,
    kw: dict[str, Any],
) -> Vocabulary | None:
    """The corpus vocabulary asked for with --corpus-vocabulary / --vocabulary, or None."""
    if not corpus and not files:
        return None
    if kw["scheduler"]:
        raise click.UsageError("--corpus-vocabulary and --vocabulary do not reach a Dask "
                               "scheduler's workers; run without --scheduler")
    from textclean.corpus.vocab import vocabulary_from_paths

    vocab = Vocabulary()
    if corpus:
        if "-" in paths:
            raise click.UsageError("--corpus-vocabulary reads the inputs twice; standard input "
                                   "can be read once (build a file with `textclean vocab build`)")
        builder = vocabulary_from_paths(paths, options.text_field, options.id_field)
        vocab = builder.vocabulary(includes_documents=True)
    for file in files:
        vocab = vocab + Vocabulary.load(file)
    return vocab


@main.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@_out_option("The baseline file to write.", to="file", default=Path(".textclean-baseline.json"))
@click.option("--shrink", is_flag=True,
              help="Keep only the entries of the existing --out file that still occur: findings "
                   "fixed since drop out, new ones are never added.")
@_common
@_handle_errors
def baseline_command(paths: tuple[str, ...], out: Path, shrink: bool, **kw: Any) -> None:
    """Save today's findings of PATHS as a baseline, so `check --baseline` gates new ones.

    \b
    The adoption workflow:
      textclean check DATA                                 # run once, see what is there
      textclean baseline DATA --out .textclean-baseline.json
      textclean check DATA --baseline .textclean-baseline.json   # in CI: new findings fail
      textclean baseline DATA --out .textclean-baseline.json --shrink   # burn it down

    Findings are matched by document id, rule and a fingerprint of the matched text and its
    same-line neighbourhood, so edits elsewhere in a document do not make them new.
    Exit codes: 0 written, 2 error.
    """
    from textclean.report.baseline import Baseline, load_baseline

    settings, rules, options, mapper = _settings(kw)
    report = check_paths(paths, rules.rules, options, Collaborators(mapper))
    current = Baseline.from_findings(report.all_entries())
    if shrink:
        if not out.is_file():
            raise click.UsageError(f"--shrink needs an existing baseline at {out}")
        old = load_baseline(out)
        current = old.shrunk(current)
        click.echo(f"kept {len(current)} of {len(old)} baseline finding(s); "
                   f"{len(old) - len(current)} no longer found")
    current.save(out)
    _emit_outputs(report, kw)
    click.echo(f"{len(current)} finding(s) of {report.documents} document(s) written to {out}")


@main.command("report")
@click.argument("reports", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text",
              help="Format to render (default: text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of standard output.")
@_handle_errors
def report_command(reports: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """Render saved JSON reports (`--output-json`, `fix --report`) in another format.

    Several reports (shards of one corpus) are merged first. HTML diffs need reports saved
    with --include-text. Exit codes: 0 rendered, 2 unreadable or unsupported report.
    """
    merged: Report = sum(_load_report(path) for path in reports)  # type: ignore[assignment]
    _emit(merged, fmt, output)


def _load_report(path: Path) -> Report:
    import orjson

    from textclean.errors import ReadError

    try:
        return Report.from_dict(orjson.loads(path.read_bytes()))
    except orjson.JSONDecodeError as exc:
        raise ReadError(str(path), f"not JSON: {exc}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ReadError(str(path), f"not a textclean JSON report: {exc}") from exc


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text: an aligned table (coloured on a terminal); json: every difference "
                   "with offsets and line:col.")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
              help="Extra rule file or folder, for guessing what a lone paragraph is.")
@click.option("--width", type=click.IntRange(min=40), default=None,
              help="Width of the text table (default: the terminal's, else 120).")
@_handle_errors
def compare(a: str, b: str, fmt: str, rule_paths: tuple[str, ...], width: int | None) -> None:
    """Align the paragraphs of two versions A and B of one text and classify each difference.

    Kinds: only-in-one (with a guess: boilerplate, caption, metadata, heading, truncation,
    extra-paragraph), wording, spelling, hyphen, split-word, dash, quote, punctuation,
    encoding, markup, paragraph-break. Exit codes: 0 no differences, 1 differences,
    2 unreadable input.
    """
    import shutil

    from textclean.corpus.compare import compare_texts
    from textclean.io.text import read_text
    from textclean.render.comparison import render_text

    rules = load_rules(rule_paths)
    comparison = compare_texts(read_text(a), read_text(b), rules.rules)
    if fmt == "json":
        import orjson

        click.echo(orjson.dumps(comparison.to_dict(a, b), option=orjson.OPT_INDENT_2).decode("utf-8"))
    else:
        tty = sys.stdout.isatty()
        width = width or (shutil.get_terminal_size().columns if tty else 120)
        click.echo(render_text(comparison, a, b, color=tty or None, width=width), nl=False)
    sys.exit(EXIT_FAIL if comparison.differences else EXIT_SUCCESS)


@main.command()
@click.argument("fixed", type=click.Path(exists=True, path_type=Path))
@click.option("--ledger", "ledger_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The ledger written by `textclean fix --ledger`.")
@_out_option("Where the restored files go (a file for a file, a folder for a folder).",
             required=True)
@click.option("--partial", is_flag=True,
              help="Restore what can be restored even when some documents are refused; the "
                   "refused ones are written as they are in FIXED and named (exit 1).")
@_progress_options
@_handle_errors
def undo(fixed: Path, ledger_path: Path, out: Path, partial: bool, **kw: Any) -> None:
    """Restore the inputs of a fix run, byte for byte, from its output FIXED and its ledger.

    FIXED is what `fix --out` wrote (or the inputs after `--in-place`). Every file under it is
    written under --out: restored when the ledger lists it, copied otherwise; records and
    files the run quarantined are put back from the ledger, line endings included. A
    document edited since the fix run is refused (its hash no longer matches), and then
    nothing is written unless --partial. Exit codes: 0 restored, 1 restored with --partial
    but some documents refused, 2 the ledger does not match FIXED (nothing written).
    """
    from textclean.run.ledger import undo_paths

    progress = _progress("restoring", kw)
    summary = undo_paths(fixed, ledger_path, out, partial=partial)
    if progress is not None:
        progress.close()
    for reason in summary.refused:
        click.echo(f"refused: {reason}", err=True)
    for reason in summary.skipped:
        click.echo(f"not restored: {reason} (the fix run skipped it whole and wrote no output "
                   "for it; its input was left as it was)", err=True)
    if not kw["quiet"]:
        click.echo(f"restored {summary.documents} document(s); wrote {summary.files} file(s) under {out}")
    if summary.refused:
        click.echo(f"refused {len(summary.refused)} document(s), written as they are in {fixed}",
                   err=True)
        sys.exit(EXIT_FAIL)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_out_option("Write the proposed rule file here (default: standard output).", to="file")
@click.option("--group-field", default=None, metavar="FIELD",
              help="Group documents into sites by this JSONL or Parquet field (a URL or host "
                   "name becomes the rules' applies_to; other values group without one). "
                   "Default: the host of `url`, else a `domain` field, else the folder.")
@click.option("--min-docs", type=click.IntRange(min=2), default=3, show_default=True,
              help="A line must repeat in at least this many documents of its site...")
@click.option("--min-share", type=click.FloatRange(0, 1), default=0.2, show_default=True,
              help="...and in at least this share of them.")
@click.option("--max-words", type=click.IntRange(min=1), default=12, show_default=True,
              help="Longer lines are prose: never proposed, reported as near-duplicates.")
@click.option("--code-prefix", default="ST", show_default=True,
              help="Rule codes are this prefix plus 001, 002... (2-3 capital letters).")
@click.option("--max-entries", type=click.IntRange(min=1000), default=1_000_000, show_default=True,
              help="Line keys held in memory before the rarest are pruned (lossy counting).")
@click.option("--near-duplicates", "near_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE",
              help="Write every repeated prose line that was not proposed to FILE (JSONL: text, "
                   "documents, sites).")
@_corpus_options
@_handle_errors
def suggest(paths: tuple[str, ...], out: Path | None, group_field: str | None, min_docs: int,
            min_share: float, max_words: int, code_prefix: str, max_entries: int,
            near_path: Path | None, text_field: str, id_field: str, **kw: Any) -> None:
    """Mine repeated lines per site and propose line rules that delete them.

    Lines repeated across many documents of one site (grouped by URL host, --group-field or
    folder), at its head, tail or anywhere, become phrases; near-variants (`Read more from
    Europe`, `Read more from Asia`) become one pattern. Repeated lines that read like prose
    (syndicated paragraphs) are never proposed; they are listed as near-duplicates. The
    rule file has examples from the corpus, passes `textclean rules test`, and is used with
    `textclean fix PATH --rules FILE --unsafe-fixes`. Review it first: every fix is unsafe.
    """
    import regex

    from textclean.corpus.suggest import SuggestOptions, suggest_paths

    if not regex.fullmatch(r"[A-Z]{2,3}", code_prefix):
        raise click.BadParameter("expected 2-3 capital letters, e.g. ST", param_hint="--code-prefix")
    options = SuggestOptions(
        group_field=group_field, text_field=text_field, id_field=id_field, min_docs=min_docs,
        min_share=min_share, max_words=max_words, code_prefix=code_prefix,
        max_entries=max_entries,
    )
    progress = _progress("reading", kw)
    proposals = suggest_paths(paths, options)
    if progress is not None:
        progress.close()
    text = proposals.to_yaml()
    if out is None:
        click.echo(text, nl=False)
    else:
        from textclean.io.atomic import write_atomic

        write_atomic(out, text.encode("utf-8"))
    lines = sum(len(c) for c in proposals.candidates)
    copies = f" ({proposals.copies} near-duplicate version(s) counted once)" if proposals.copies else ""
    say = _say(kw)
    if proposals.warning and not kw["quiet"]:
        click.echo(f"warning: {proposals.warning}", err=True)
    say(f"{proposals.documents} document(s){copies} of {proposals.groups} site(s): "
               f"{len(proposals.rules)} rule(s) proposing {lines} line(s) or pattern(s)"
               + (f", written to {out}" if out else ""))
    if near_path is not None:
        from textclean.io.atomic import write_atomic
        from textclean.io.jsonl import dumps

        write_atomic(near_path, b"".join(
            dumps({"text": d.text, "documents": d.docs, "sites": d.groups}) + b"\n"
            for d in proposals.near_duplicates
        ))
    if proposals.near_duplicates:
        say(f"{len(proposals.near_duplicates)} repeated prose line(s) not proposed "
            "(near-duplicates, e.g. syndicated text):")
        for dup in proposals.near_duplicates[:5]:
            sites = f", {dup.groups} sites" if dup.groups > 1 else ""
            say(f"  {dup.docs} documents{sites}: {dup.text[:90]}")


@main.group()
def vocab() -> None:
    """Build corpus vocabularies: evidence for split and glued words (`fix --vocabulary`)."""


@vocab.command("build")
@click.argument("paths", nargs=-1, required=True)
@_out_option("Vocabulary file to write (TSV: word, count; `.gz` compresses it).", to="file",
             required=True)
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out words seen fewer times.")
@click.option("--max-words", type=click.IntRange(min=1000), default=None,
              help="Distinct words held in memory before rare ones are pruned "
                   "(default 2,000,000).")
@_corpus_options
@_handle_errors
def vocab_build(paths: tuple[str, ...], out: Path, min_count: int, max_words: int | None,
                text_field: str, id_field: str, **kw: Any) -> None:
    """Count the words and hyphenated compounds of PATHS (files, folders) into --out.

    `textclean fix --vocabulary FILE` then uses the counts where a document alone cannot
    decide whether `fivepoint` lost a hyphen or `T he` is a split word.
    """
    from textclean.corpus.vocab import DEFAULT_MAX_WORDS, vocabulary_from_paths

    progress = _progress("counting", kw)
    builder = vocabulary_from_paths(paths, text_field, id_field, max_words or DEFAULT_MAX_WORDS)
    if progress is not None:
        progress.close()
    written = builder.vocabulary().save(out, min_count)
    pruned = f"; counts may be low by up to {builder.error} (pruned)" if builder.error else ""
    if not kw["quiet"]:
        click.echo(f"{builder.documents} document(s), {written} word(s) written to {out}{pruned}")


@main.group()
def rules() -> None:
    """List, show and test rules (the default packs plus any --rules)."""


def _rule_set(rule_paths: Sequence[str], no_default: bool) -> RuleSet:
    return load_rules(rule_paths, defaults=not no_default, select=None)


@rules.command("list")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--no-default-rules", is_flag=True, help="Only the rules given with --rules.")
@_handle_errors
def rules_list(rule_paths: tuple[str, ...], no_default_rules: bool) -> None:
    """One line per rule: code, level, fix safety, engine, name, summary. Opt-in rules are marked.

    The engine is what runs the rule on a text: rust (the compiled core), fancy (the core's
    backtracking regex engine, for look-around) or python.
    """
    rule_set = _rule_set(rule_paths, no_default_rules)
    for rule in rule_set.all_rules:
        safety = rule.safety.value if rule.safety else "report"
        opt = " (opt-in)" if rule.spec.opt_in else ""
        click.echo(
            f"{rule.code}  {rule.level.value:<7}  {safety:<12}  {rule.engine:<6}  {rule.name}: {rule.spec.summary}{opt}"
        )


@rules.command("show")
@click.argument("code")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@_handle_errors
def rules_show(code: str, rule_paths: tuple[str, ...]) -> None:
    """Print a rule's documentation: its YAML file (summary, why, safety, examples)."""
    rule_set = _rule_set(rule_paths, False)
    try:
        rule = rule_set[code.upper() if code[:1].isalpha() and code[2:].isdigit() else code]
    except KeyError:
        raise TextcleanError(f"no rule {code!r}; see `textclean rules list`") from None
    click.echo(f"# {rule.code} {rule.name} ({rule.path})\n")
    path = Path(rule.path)
    if not path.is_file():
        from textclean.rules.loader import default_rules_dir

        path = default_rules_dir() / Path(rule.path).relative_to("textclean/packs")
    click.echo(path.read_text(encoding="utf-8"), nl=False)


@rules.command("new")
@click.argument("name")
@click.option("--code", default="US001", show_default=True,
              help="The rule's code: 2-4 capital letters and 3 digits, not used by another rule.")
@click.option("--kind", type=click.Choice(["line", "pattern"]), default="line", show_default=True,
              help="line: delete whole lines by phrase or pattern; pattern: replace regex matches.")
@_out_option("Folder to write NAME.yml in.", to="folder", default=Path("."), dest="folder")
@_handle_errors
def rules_new(name: str, code: str, kind: str, folder: Path) -> None:
    """Write NAME.yml: a working rule with every field commented, to edit into your own.

    Its examples pass `textclean rules test NAME.yml`; change the phrases or pattern and the
    examples together, and run the test again.
    """
    from textclean.rules.scaffold import CODE_RE, NAME_RE, rule_template

    if not NAME_RE.fullmatch(name):
        raise click.BadParameter("expected a kebab-case name, e.g. gazette-footer-line",
                                 param_hint="NAME")
    if not CODE_RE.fullmatch(code):
        raise click.BadParameter("expected 2-4 capital letters and 3 digits, e.g. US001",
                                 param_hint="--code")
    if any(rule.code == code for rule in load_rules(select=None).all_rules):
        raise click.BadParameter(f"{code} is a default rule's code; pick another", param_hint="--code")
    path = folder / f"{name}.yml"
    if path.exists():
        raise TextcleanError(f"{path} exists; not overwriting it")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(rule_template(name, code, kind, str(path)), encoding="utf-8")
    click.echo(f"wrote {path}; next: textclean rules test {path}")


@rules.command("test")
@click.argument("paths", nargs=-1)
@click.option("--all", "test_all", is_flag=True,
              help="Also run the default packs' examples (PATHS alone run only their own rules).")
@click.option("--no-default-rules", is_flag=True,
              help="Load only the rules under PATHS (no overlap check against the defaults).")
@_handle_errors
def rules_test(paths: tuple[str, ...], test_all: bool, no_default_rules: bool) -> None:
    """Run the examples of the rules under PATHS (default: the default packs) and list failures.

    Each failing example is printed with its text, what was expected and what came out.
    Examples marked `xfail` must fail (strict): one that passes is reported too. A rule under
    PATHS whose positive examples a default rule already finds is warned about: in a real
    run the default rule's fix takes those lines first.
    """
    from textclean.rules.testing import (
        ExampleFailure,
        example_cases,
        overlapping_rules,
        run_example,
    )

    rule_set = _rule_set(paths, no_default_rules)
    if paths and not test_all:
        own = {rule.code for rule in load_rules(paths, defaults=False, select=None).all_rules}
        tested = [rule for rule in rule_set.all_rules if rule.code in own]
    else:
        tested = list(rule_set.all_rules)
    cases = example_cases(tested)
    failed = 0
    for case in cases:
        try:
            run_example(case)
            if case.example.xfail:
                failed += 1
                click.echo(f"XPASS {case} ({case.rule.name}) {case.rule.path}: marked xfail "
                           f"({case.example.xfail}) but passes")
        except ExampleFailure as exc:
            if case.example.xfail:
                continue
            failed += 1
            click.echo(_example_failure(case, exc))
    if paths and not no_default_rules:
        defaults = [rule for rule in load_rules(select=None) if not rule.spec.opt_in]
        default_codes = {rule.code for rule in defaults}
        for rule in tested:
            if rule.code not in default_codes:
                for overlap in overlapping_rules(rule, defaults):
                    click.echo(f"warning: {overlap}", err=True)
    scope = "" if not paths or test_all else f" ({len(tested)} rule(s) under {', '.join(paths)})"
    click.echo(f"{len(cases) - failed} passed, {failed} failed{scope}")
    sys.exit(EXIT_FAIL if failed else EXIT_SUCCESS)


def _example_failure(case: Any, exc: Any) -> str:
    """A failing example as a few lines: where, the text, expected vs got."""
    lines = [f"FAIL {case} ({case.rule.name}) {case.rule.path}"]
    if not exc.what:
        return f"FAIL {exc}"
    lines.append(f"  text:     {case.example.text!r}")
    lines.append(f"  expected: {exc.what} {exc.expected!r}")
    lines.append(f"  got:      {exc.what} {exc.got!r}")
    return "\n".join(lines)
