"""Rules: load YAML rule files, validate them, and turn them into runnable rules.

`load_rules()` reads the default packs (the `textclean/packs/` folder, shipped in the wheel as
`textclean.packs`) plus the user's files or folders, and either returns a :class:`RuleSet` or
raises :class:`~textclean.errors.RuleError` listing every problem as `file:line:col: message`.
Nothing is half-loaded: one broken file stops the whole load.
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import hashlib
import io
import os
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import regex
from pydantic import BaseModel, ValidationError

# ruamel.yaml is imported where YAML is parsed: a run whose rules come from the cache
# never parses any, and is spared its import.
if TYPE_CHECKING:
    from ruamel.yaml import YAML

from textclean._version import __version__
from textclean.errors import ConfigError, RuleError, RuleProblem, WriteError
from textclean.io.atomic import write_atomic
from textclean.rules.kinds import KINDS, RULE_ADAPTER, Rule, SpecProblems
from textclean.rules.risk import backtracking_risk

RULE_SUFFIXES = (".yml", ".yaml")
# The YAML core schema's tags, the only ones a rule file may spell out. Anything else, even
# under the yaml.org prefix (`!!python/object/apply:...`), names a constructor we never run.
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


def default_rules_dir() -> Path:
    """The folder holding the default rule packs (the package `textclean.packs`, beside
    this one; found from this file rather than by importing it, which every run would pay)."""
    return Path(__file__).parent.parent / "packs"


@dataclass(frozen=True)
class RuleSet:
    """The rules a run uses, in a stable order (by code), plus load-time warnings."""

    rules: tuple[Rule, ...]
    warnings: tuple[RuleProblem, ...] = ()
    all_rules: tuple[Rule, ...] = field(default=(), repr=False)  # before --select/--ignore

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, code: str) -> Rule:
        for rule in self.all_rules or self.rules:
            if rule.code == code or code in rule.spec.aliases or rule.name == code:
                return rule
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.rules)

    def select(
        self, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
    ) -> RuleSet:
        """A new RuleSet narrowed by codes or prefixes (`BP`, `BP01`, `BP012`, `ALL`).

        Rules marked `opt_in` are active only when `select` names their code or a prefix of it.
        """
        pool = self.all_rules or self.rules
        _check_selectors(pool, list(select or []) + list(ignore or []))
        chosen = [r for r in pool if _selected(r, select)]
        if ignore:
            chosen = [r for r in chosen if not any(_matches(r, s) for s in ignore)]
        return RuleSet(tuple(chosen), self.warnings, pool)


def _matches(rule: Rule, selector: str) -> bool:
    if selector.upper() == "ALL":
        return True
    codes = (rule.code, *rule.spec.aliases)
    return any(code.startswith(selector.upper()) for code in codes) or rule.name == selector


def _selected(rule: Rule, select: Sequence[str] | None) -> bool:
    if not select:
        return not rule.spec.opt_in
    if rule.spec.opt_in:
        return any(s.upper() != "ALL" and _matches(rule, s) for s in select)
    return any(_matches(rule, s) for s in select)


def _check_selectors(pool: Sequence[Rule], selectors: Sequence[str], where: str = "") -> None:
    unknown = [s for s in selectors if not any(_matches(r, s) for r in pool)]
    if unknown:
        hints = [f"{s} -> {hint}" for s in unknown if (hint := _suggestion(pool, s))]
        raise ConfigError(
            f"unknown rule code or prefix{where}: "
            + ", ".join(unknown)
            + (f" (did you mean {'; '.join(hints)}?)" if hints else "")
            + " (see `textclean rules list`)"
        )


def check_selectors(pool: Sequence[Rule], selectors: Sequence[str], where: str = "") -> None:
    """Raise ConfigError naming every selector (code, prefix, name or ALL) that no rule in
    `pool` answers to, with the nearest known codes or names as a suggestion."""
    _check_selectors(pool, selectors, where and f" in {where}")


def _suggestion(pool: Sequence[Rule], selector: str) -> str:
    import difflib

    wanted = selector.upper()
    codes = sorted({c for r in pool for c in (r.code, *r.spec.aliases)})
    prefixes = sorted({regex.match(r"[A-Z]+", c)[0] for c in codes})  # type: ignore[index]
    if wanted.isalpha():  # a prefix (family)
        close = difflib.get_close_matches(wanted, prefixes, n=3, cutoff=0.6)
    else:
        close = difflib.get_close_matches(wanted, codes, n=3, cutoff=0.6)
        close += difflib.get_close_matches(selector, sorted(r.name for r in pool), n=2, cutoff=0.6)
    return " or ".join(sorted(close))


def load_rules(
    paths: Iterable[str | Path] | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    defaults: bool = True,
) -> RuleSet:
    """Load the default packs (unless `defaults=False`) plus rule files or folders in `paths`.

    Raises RuleError naming every problem in every file; returns only when all are valid.
    """
    files: list[Path] = []
    if defaults:
        files.extend(_rule_files(default_rules_dir()))
    for p in paths or ():
        path = Path(p)
        if not path.exists():
            raise RuleError([RuleProblem(str(path), 1, 1, "no such rule file or folder")])
        files.extend(_rule_files(path) if path.is_dir() else [path])
    # NOTE: rule paths in reports are shown relative to the working directory, so it is part
    # of the key. Files are keyed by content, not mtime: a file rewritten within the clock's
    # granularity is still seen as changed, and reading is cheap next to parsing.
    key = (str(Path.cwd()), tuple(_stamp(path) for path in files))
    full = _LOADED.get(key)
    if full is None:
        full = _load_files_cached(files, key)
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.clear()
        _LOADED[key] = full
    return full.select(select, ignore)


# Loaded rule sets, per process: the same files are parsed, validated and compiled once, however
# often a library caller, a worker or a test asks for them. RuleSets and rules are immutable.
_LOADED: dict[tuple[str, tuple[tuple[str, str], ...]], RuleSet] = {}
_LOADED_MAX = 16


def forget_loaded() -> None:
    """Forget the rule sets this process has loaded: the next load_rules() reads the files
    again (or the disk cache), as a new process would."""
    _LOADED.clear()


# The loaded rules are also kept on disk, so a new process (a CLI run, a --jobs worker, a
# pre-commit hook) skips parsing YAML: about 1.8 s of a 2.7 s `textclean check` of one file.
# The key holds the rule files' contents, the working directory, Python's version and the
# code of textclean itself, so an edit to any of them is a new entry. A file that cannot be
# read, or was written by a different build, is ignored and the rules are parsed again.
# An entry is JSON data: each rule's validated spec, rebuilt on load from exactly its model's
# fields (`_rebuild`: milliseconds, and no validator to build). Nothing in it can run code,
# unlike a pickle, so a file planted in a shared cache folder can at worst be ignored.
CACHE_ENV = "TEXTCLEAN_CACHE_DIR"  # where the cache lives; "" or "off": no cache
_CACHE_ENTRIES = 32  # the oldest entries beyond this many are removed


def cache_dir() -> Path | None:
    """$TEXTCLEAN_CACHE_DIR, else $XDG_CACHE_HOME/textclean, else ~/.cache/textclean."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):
            return None  # no home folder to keep a cache in
        base = os.path.join(home, ".cache")
    return Path(base) / "textclean"


def _code_stamp() -> str:
    """Which build of textclean this is: the version and every module's size and mtime."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # textclean/
    modules = []
    for folder, _, names in os.walk(package):  # a half of Path.rglob's time
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                modules.append(f"{os.path.relpath(path, package)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join([__version__, sys.version, *sorted(modules)])


def _load_files_cached(files: Sequence[Path], key: Any) -> RuleSet:
    folder = cache_dir()
    if folder is None:
        return _load_files(files)
    digest = hashlib.blake2b(repr((_code_stamp(), key)).encode("utf-8", "surrogatepass"), digest_size=20)
    entry = folder / "rules" / f"{digest.hexdigest()}.json"
    try:
        return _from_cache(entry.read_bytes())
    except Exception:  # noqa: BLE001 - missing, partial, planted or from another build: parse again
        pass
    loaded = _load_files(files)  # raises RuleError: rules with problems are never cached
    try:
        data = _to_cache(loaded)
    except TypeError:  # orjson refuses text JSON cannot hold (a lone surrogate): load, don't cache
        return loaded
    try:
        write_atomic(entry, data)
        _prune(entry.parent)
    except (WriteError, OSError):
        pass  # a read-only or full cache folder only costs speed
    return loaded


_CACHE_FORMAT = 1


def _to_cache(rule_set: RuleSet) -> bytes:
    """A loaded rule set as JSON data: the validated specs, where each rule was, warnings."""
    import orjson

    return orjson.dumps({
        "textclean-rules-cache": _CACHE_FORMAT,
        "rules": [{"spec": RULE_ADAPTER.dump_python(r.spec, mode="json"), "path": r.path, "line": r.line}
                  for r in rule_set.all_rules],
        "warnings": [[w.path, w.line, w.col, w.message] for w in rule_set.warnings],
    })


def _from_cache(data: bytes) -> RuleSet:
    """The rule set of `_to_cache` data: each spec rebuilt as the rule schema built it
    (`_rebuild`). Raises on anything else."""
    import orjson

    cached = orjson.loads(data)
    if cached["textclean-rules-cache"] != _CACHE_FORMAT:
        raise ValueError("another cache format")
    rules = []
    for item in cached["rules"]:
        kind = KINDS[item["spec"]["kind"]]
        spec = _rebuild(kind.spec_model, item["spec"])
        rules.append(kind(spec=spec, path=str(item["path"]), line=int(item["line"])))
    warnings = tuple(RuleProblem(str(p), int(line), int(col), str(m)) for p, line, col, m in cached["warnings"])
    return RuleSet(tuple(rules), warnings, tuple(rules))


# A cache entry holds specs the rule schema validated, written by this very build (the key
# holds textclean's code), so a cached load need not validate them again: each model is
# rebuilt from its dumped fields, nested models and enums as the schema made them. That spares
# building the schema's validator, which pydantic does on first use (the rule models defer
# it) and which was most of a cached load's CPU. What is checked is the entry's shape: every
# model's fields are exactly the ones it dumped, so a damaged entry is refused and the rules
# parsed again. An entry still runs no code: it is JSON, and names only these models.
_Convert = Callable[[Any], Any]


class _Plan:
    """How `_rebuild` makes a model from its dump (a plain class, cheaper than a dataclass to
    create at import)."""

    __slots__ = ("as_is", "fields", "settable")

    def __init__(self, fields: dict[str, _Convert | None], as_is: bool, settable: bool) -> None:
        self.fields = fields  # by field name, how its value is rebuilt (None: as it is)
        self.as_is = as_is  # no field needs rebuilding: the dump is the model's fields
        # `_rebuild` may set the instance up itself (no aliases, extra fields, private
        # attributes or post-init: what model_construct does then, in a third of the time)
        self.settable = settable


_PLANS: dict[type[BaseModel], _Plan] = {}
_set = object.__setattr__


def _rebuild(model: type[BaseModel], data: Any) -> Any:
    """`model` from its JSON dump `data` (`_to_cache`), unvalidated; ValueError: not the dump
    of one."""
    plan = _PLANS.get(model) or _PLANS.setdefault(model, _plan(model))
    if not isinstance(data, dict) or data.keys() != plan.fields.keys():
        raise ValueError(f"not a cached {model.__name__}")
    values = data if plan.as_is else {
        name: value if (convert := plan.fields[name]) is None or value is None else convert(value)
        for name, value in data.items()
    }
    if not plan.settable:
        return model.model_construct(**values)
    made = model.__new__(model)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", set(values))
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


def _plan(model: type[BaseModel]) -> _Plan:
    fields = {name: _converter(info.annotation) for name, info in model.model_fields.items()}
    settable = (
        model.model_config.get("extra") != "allow"
        and not model.__private_attributes__
        and not model.__pydantic_post_init__
        and not model.__pydantic_root_model__
        and all(f.alias is None and f.validation_alias is None for f in model.model_fields.values())
    )
    return _Plan(fields, not any(fields.values()), settable)


def _converter(annotation: Any) -> _Convert | None:
    """How the JSON value of a field typed `annotation` becomes what validation made of it;
    None: it stays as it is (text, numbers, literals, Any). TypeError: a type this does not
    know how to rebuild (a schema change should add it here)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _converter(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return functools.partial(_rebuild, annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    if origin is list or origin is dict:
        item = _converter(get_args(annotation)[-1])
        if item is None:
            return None
        if origin is list:
            return lambda values: [item(v) for v in values]
        return lambda values: {k: item(v) for k, v in values.items()}
    if origin is Union or origin is types.UnionType:
        members = [m for m in get_args(annotation) if m is not type(None)]
        converters = [c for c in map(_converter, members) if c is not None]
        if not converters:
            return None
        if len(members) == 1:  # `X | None`: None stays None (`_rebuild`)
            return converters[0]
    elif origin is Literal or annotation in (str, int, float, bool, Any):
        return None
    raise TypeError(f"cannot rebuild a field of type {annotation}")


def _prune(folder: Path) -> None:
    for old in folder.glob("*.pickle"):  # entries of the former pickle cache: never loaded
        old.unlink(missing_ok=True)
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns if p.exists() else 0)
    for old in entries[:-_CACHE_ENTRIES]:
        old.unlink(missing_ok=True)


def _stamp(path: Path) -> tuple[str, str]:
    """The file (its absolute path: resolving the links on the way, for every rule file of
    every run, cost more than reading them) and a digest of its content and of every file
    it includes."""
    where = os.path.abspath(path)
    try:
        data = path.read_bytes()
    except OSError:
        return (where, "")  # unreadable: _load_file reports it, every time
    digest = hashlib.blake2b(data, digest_size=16)
    for name in _INCLUDE_TOKEN.findall(data) if b"include:" in data else ():
        try:
            digest.update((path.parent / name.decode("utf-8", "replace")).read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return (where, digest.hexdigest())


def _load_files(files: Sequence[Path]) -> RuleSet:
    """Every rule of `files`, validated, in code order; RuleError naming every problem."""
    problems: list[RuleProblem] = []
    warnings: list[RuleProblem] = []
    rules: list[Rule] = []
    seen: dict[str, RuleProblem] = {}
    for path in files:
        for rule, where in _load_file(path, problems, warnings):
            for code in (rule.code, *rule.spec.aliases):
                if code in seen:
                    first = seen[code]
                    problems.append(
                        RuleProblem(
                            where.path, where.line, where.col,
                            f"duplicate rule code {code} (first defined at "
                            f"{first.path}:{first.line}:{first.col})",
                        )
                    )
                else:
                    seen[code] = where
            rules.append(rule)
    if problems:
        raise RuleError(problems)
    rules.sort(key=lambda r: r.code)
    return RuleSet(tuple(rules), tuple(warnings), tuple(rules))


def _rule_files(folder: Path) -> list[Path]:
    """The rule files under `folder`; a folder whose name starts with `_` holds data the rule
    files include (shared lists), not rules."""
    found: list[Path] = []
    for here, folders, names in os.walk(folder):  # a half of Path.rglob's time
        folders[:] = [name for name in folders if not name.startswith("_")]
        found.extend(path for name in names
                     if os.path.splitext(name)[1] in RULE_SUFFIXES and (path := Path(here, name)).is_file())
    return sorted(found)


# `{include: PATH}` in place of a list parameter (any token `include:` counts, for the stamp)
_INCLUDE_TOKEN = regex.compile(rb"""include:\s*['"]?([^'"}\s]+)""")


def _included_list(value: Any, rule_file: Path) -> list[str] | str:
    """The list `{include: PATH}` stands for: the YAML list of strings in PATH, relative to
    the rule file's folder; a message (str) when it cannot be read."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    target = rule_file.parent / str(value["include"])
    try:
        data = YAML(typ="safe", pure=True).load(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, MarkedYAMLError) as exc:
        return f"cannot include {value['include']!r}: {exc}"
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        return f"{value['include']!r} must hold a YAML list of strings"
    return data


# A line rule's lists in which an item `{include: PATH}` stands for the items of PATH
_SPLICED = ("phrases", "patterns")


def _is_include(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"include"}


def _with_includes(
    plain: Any, item: Any, base: tuple[Any, ...], root: Any, rule_file: Path, where: str,
    problems: list[RuleProblem],
) -> tuple[Any, dict[str, list[int]]]:
    """`plain` (a rule as plain data) with each `{include: PATH}` parameter replaced by the
    list it names, and each `{include: PATH}` item of `phrases` or `patterns` by the items of
    the list (textclean/packs/README.md, "Shared lists"); and for each list spliced, the YAML
    index each of its items came from (an included item: its include's)."""
    if not isinstance(plain, dict):
        return plain, {}
    params = plain.get("params")
    if not isinstance(params, dict):
        params = {}
    for key, value in params.items():
        if _is_include(value):
            found = _included_list(value, rule_file)
            if isinstance(found, str):
                line, col = _position(root, (*base, "params", key))
                problems.append(RuleProblem(where, line, col, found))
            else:
                params[key] = found
    origins: dict[str, list[int]] = {}
    for key in _SPLICED:
        items = plain.get(key)
        if not isinstance(items, list) or not any(_is_include(x) for x in items):
            continue
        spliced: list[Any] = []
        origin: list[int] = []
        for i, value in enumerate(items):
            found = _included_list(value, rule_file) if _is_include(value) else [value]
            if isinstance(found, str):
                line, col = _position(root, (*base, key, i))
                problems.append(RuleProblem(where, line, col, found))
                continue
            spliced.extend(found)
            origin.extend([i] * len(found))
        plain[key], origins[key] = spliced, origin
    return plain, origins


def _yaml_loc(loc: tuple[Any, ...], origins: dict[str, list[int]]) -> tuple[Any, ...]:
    """`loc` (a path in the rule as loaded) as a path in its YAML: an item of a spliced list
    is at the item it came from (`_with_includes`)."""
    if len(loc) > 1 and loc[0] in origins and isinstance(loc[1], int):
        origin = origins[loc[0]]
        if loc[1] < len(origin):
            return (loc[0], origin[loc[1]], *loc[2:])
    return loc


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return "textclean/packs/" + str(path.resolve().relative_to(default_rules_dir().resolve()))
        except ValueError:
            return str(path)


def _new_yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def _prescan(text: str, where: str) -> list[RuleProblem]:
    """Reject aliases, anchors and non-standard tags before anything is constructed.

    An alias bomb ("billion laughs") is stopped here, while it is still a handful of events.
    """
    from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

    problems = []
    for event in _new_yaml().parse(io.StringIO(text)):
        mark = getattr(event, "start_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if isinstance(event, AliasEvent):
            problems.append(RuleProblem(where, line, col, "YAML aliases are not allowed in rule files"))
            break
        anchor = getattr(event, "anchor", None)
        if anchor and isinstance(event, ScalarEvent | CollectionStartEvent):
            problems.append(RuleProblem(where, line, col, "YAML anchors are not allowed in rule files"))
            break
        tag = getattr(event, "tag", None)
        if tag and str(tag) not in _STANDARD_TAGS:
            problems.append(RuleProblem(where, line, col, f"YAML tag {tag} is not allowed in rule files"))
            break
    return problems


def _load_file(
    path: Path, problems: list[RuleProblem], warnings: list[RuleProblem]
) -> Iterator[tuple[Rule, RuleProblem]]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import MarkedYAMLError

    where = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(RuleProblem(where, 1, 1, f"cannot read rule file: {exc}"))
        return
    try:
        found = _prescan(text, where)
        if found:
            problems.extend(found)
            return
        data = _new_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(RuleProblem(where, line, col, f"YAML error: {exc.problem or exc}"))
        return
    except Exception as exc:  # ruamel raises a few unmarked errors too
        problems.append(RuleProblem(where, 1, 1, f"YAML error: {exc}"))
        return

    if data is None:
        return  # an empty file holds no rules
    entries: list[tuple[Any, tuple[Any, ...]]]
    if isinstance(data, CommentedMap) and "rules" in data:
        extra = [k for k in data if k != "rules"]
        for key in extra:
            line, col = _position(data, (key,), key_pos=True)
            problems.append(RuleProblem(where, line, col, f"unknown top-level field {key!r} beside 'rules'"))
        if not isinstance(data["rules"], CommentedSeq):
            line, col = _position(data, ("rules",))
            problems.append(RuleProblem(where, line, col, "'rules' must be a list of rules"))
            return
        entries = [(item, ("rules", i)) for i, item in enumerate(data["rules"])]
    elif isinstance(data, CommentedMap):
        entries = [(data, ())]
    else:
        problems.append(RuleProblem(where, 1, 1, "a rule file holds one rule (a mapping) or a list under 'rules:'"))
        return

    for item, base in entries:
        rule = _build_rule(item, base, data, path, where, problems, warnings)
        if rule is not None:
            line, col = _position(data, (*base, "code"))
            yield rule, RuleProblem(where, line, col, "")


def _plain(value: Any) -> Any:
    """ruamel's round-trip types -> plain Python values for pydantic."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _build_rule(
    item: Any,
    base: tuple[Any, ...],
    root: Any,
    path: Path,
    where: str,
    problems: list[RuleProblem],
    warnings: list[RuleProblem],
) -> Rule | None:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(item, CommentedMap):
        line, col = _position(root, base)
        problems.append(RuleProblem(where, line, col, "a rule must be a mapping of fields"))
        return None
    count = len(problems)
    plain, origins = _with_includes(_plain(item), item, base, root, path, where, problems)
    if len(problems) > count:
        return None
    try:
        spec = RULE_ADAPTER.validate_python(plain)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            if loc and isinstance(loc[0], str) and loc[0] == item.get("kind"):
                loc = loc[1:]  # drop the discriminator tag pydantic puts first
            key_pos = err["type"] in ("extra_forbidden", "missing")
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                kinds = ", ".join(KINDS)
                if "kind" in item:
                    loc, key_pos = ("kind",), False
                    msg = f"unknown kind {item['kind']!r}; expected one of: {kinds}"
                else:
                    loc = ()
                    msg = f"missing required field 'kind' (one of: {kinds})"
            else:
                msg = _message(err, loc)
            line, col = _position(root, (*base, *_yaml_loc(loc, origins)), key_pos=key_pos)
            problems.append(RuleProblem(where, line, col, msg))
        return None

    count = len(problems)
    _check_semantics(spec, origins, base, root, where, problems, warnings)
    if len(problems) > count:
        return None
    line, col = _position(root, base)
    return KINDS[spec.kind](spec=spec, path=where, line=line)


def _message(err: Any, loc: tuple[Any, ...]) -> str:
    field_name = ".".join(str(p) for p in loc) or "rule"
    if err["type"] == "extra_forbidden":
        return f"unknown field {field_name!r}"
    if err["type"] == "missing":
        return f"missing required field {field_name!r}"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{field_name}: {msg}"


def _check_semantics(
    spec: Any,
    origins: dict[str, list[int]],
    base: tuple[Any, ...],
    root: Any,
    where: str,
    problems: list[RuleProblem],
    warnings: list[RuleProblem],
) -> None:
    """What pydantic cannot check (repairs exist, params fit, regexes compile and are sane):
    the kind's own `check`, then what holds for every kind."""

    def report(loc: tuple[Any, ...], message: str, warn: bool) -> None:
        line, col = _position(root, (*base, *_yaml_loc(loc, origins)))
        (warnings if warn else problems).append(RuleProblem(where, line, col, message))

    check = SpecProblems(spec.code, report)
    KINDS[spec.kind].check(spec, check)
    for i, example in enumerate(spec.examples):
        if example.fixed is not None and spec.fix is None:
            check(("examples", i, "fixed"), "example gives `fixed` but the rule has no fix")


def _position(root: Any, loc: tuple[Any, ...], *, key_pos: bool = False) -> tuple[int, int]:
    """1-based (line, col) of the YAML node at `loc`, or of its nearest existing parent."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = root
    line, col = (node.lc.line + 1, node.lc.col + 1) if hasattr(node, "lc") else (1, 1)
    for i, key in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and key in node:
            kl, kc = node.lc.key(key)
            vl, vc = node.lc.value(key)
            line, col = (kl + 1, kc + 1) if (last and key_pos) else (vl + 1, vc + 1)
            if not last and not isinstance(node[key], CommentedMap | CommentedSeq):
                line, col = vl + 1, vc + 1
                break
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            il, ic = node.lc.item(key)
            line, col = il + 1, ic + 1
            node = node[key]
        else:
            break
    return line, col


def rule_applies(rule: Rule, url: str | None) -> bool:
    """True when the rule's `applies_to` allows a document with this URL."""
    if rule.spec.applies_to is None:
        return True
    if url is None:
        return False
    return any(fnmatch.fnmatch(url, glob) for glob in rule.spec.applies_to.url)


__all__ = ["RuleSet", "backtracking_risk", "default_rules_dir", "forget_loaded", "load_rules",
           "rule_applies"]
