"""Settings from `textclean.toml` or `[tool.textclean]` in `pyproject.toml`.

In `textclean.toml` the settings are the top-level table (`select = ["BP"]`, `[max-rate]`);
a `[tool.textclean]` section pasted from a pyproject.toml is accepted there too.

The nearest file, searching from the current folder upwards, is used (as ruff does); a
`--config FILE` option names one explicitly. Command-line options override settings.

    [tool.textclean]
    rules = ["my_rules/"]          # extra rule files or folders, relative to the config file
    select = ["WS", "BP", "EN"]    # codes or prefixes; default: every non-opt-in rule
    ignore = ["MD"]
    fail-level = "warning"         # error | warning | info
    unsafe-fixes = false
    text-field = "text"
    id-field = "id"
    regex-timeout = 2.0            # seconds per regex call per document
    max-chars = 5000000            # longer documents are quarantined; 0: no limit

    [tool.textclean.max-rate]      # fail only when more than this share of documents still
    BP = 0.02                      # has findings (at or above fail-level) of these rules;
    ALL = 0.10                     # keys: codes, prefixes or ALL (see textclean.report.verdict)

    baseline = ".textclean-baseline.json"   # check/fix --baseline (textclean.report.baseline)
    suppress-field = "textclean_ignore"     # --suppress-field (textclean.report.suppress)

    [[tool.textclean.suppress]]    # like the entries of textclean-ignore.yaml
    document = "archive/*"
    rule = "BP"
    reason = "syndicated footer; the publisher strips it"
    expires = 2027-03-31
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textclean.errors import ConfigError
from textclean.model import Level

_KEYS = {
    "rules": list,
    "select": list,
    "ignore": list,
    "fail-level": str,
    "unsafe-fixes": bool,
    "text-field": str,
    "id-field": str,
    "regex-timeout": (int, float),
    "max-chars": int,
    "default-rules": bool,
    "max-rate": dict,
    "baseline": str,
    "suppress": list,
    "suppress-field": str,
}


@dataclass
class Settings:
    rules: list[str] = field(default_factory=list)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    fail_level: Level = Level.WARNING
    unsafe_fixes: bool = False
    text_field: str = "text"
    id_field: str = "id"
    regex_timeout: float = 2.0
    max_chars: int = 5_000_000  # runner.DEFAULT_MAX_CHARS
    default_rules: bool = True
    max_rate: dict[str, float] = field(default_factory=dict)  # code/prefix/ALL -> share
    path: Path | None = None  # the file the settings came from
    baseline: Path | None = None
    suppress: list[dict[str, Any]] = field(default_factory=list)  # textclean.report.suppress entries
    suppress_field: str | None = None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest textclean.toml, or pyproject.toml with [tool.textclean], at or above start."""
    for folder in (start, *start.parents):
        own = folder / "textclean.toml"
        if own.is_file():
            return own, _own_table(own, _read(own))
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read(pyproject).get("tool", {}).get("textclean")
            if data is not None:
                return pyproject, data
    return None


def _own_table(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """A textclean.toml's settings: the bare table, or `[tool.textclean]` pasted from a
    pyproject.toml (both are accepted; mixing them is an error)."""
    if "tool" not in data:
        return data
    tool = data["tool"]
    if not isinstance(tool, dict) or set(tool) != {"textclean"} or len(data) > 1:
        raise ConfigError(
            f"{path}: settings go at the top level of textclean.toml (or all under "
            "[tool.textclean]); found other keys beside `tool`, or other tables under it"
        )
    table = tool["textclean"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.textclean] must be a table")
    return table


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only a run with a config file reads TOML

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def load_settings(config: Path | None = None, start: Path | None = None) -> Settings:
    """Settings from `config`, or from the nearest config file; defaults when there is none."""
    if config is not None:
        data = _read(config)
        if config.name == "pyproject.toml":
            data = data.get("tool", {}).get("textclean", {})
        else:
            data = _own_table(config, data)
        found: tuple[Path, dict[str, Any]] | None = (config, data)
    else:
        found = find_config(start or Path.cwd())
    if found is None:
        return Settings()
    path, data = found
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(_KEYS)}")
        if not isinstance(value, _KEYS[key]):  # type: ignore[arg-type]
            raise ConfigError(f"{path}: setting {key!r} has the wrong type")
    try:
        level = Level(data.get("fail-level", "warning"))
    except ValueError:
        raise ConfigError(f"{path}: fail-level must be error, warning or info") from None
    base = path.parent
    return Settings(
        rules=[str(base / r) for r in data.get("rules", [])],
        select=data.get("select"),
        ignore=data.get("ignore", []),
        fail_level=level,
        unsafe_fixes=data.get("unsafe-fixes", False),
        text_field=data.get("text-field", "text"),
        id_field=data.get("id-field", "id"),
        regex_timeout=float(data.get("regex-timeout", 2.0)),
        max_chars=data.get("max-chars", 5_000_000),
        default_rules=data.get("default-rules", True),
        max_rate=parse_max_rate(data.get("max-rate", {}), f"{path}: max-rate"),
        path=path,
        baseline=base / data["baseline"] if "baseline" in data else None,
        suppress=list(data.get("suppress", [])),
        suppress_field=data.get("suppress-field"),
    )


def parse_max_rate(items: dict[str, Any], where: str) -> dict[str, float]:
    """Validated max-rate thresholds: keys are codes, prefixes or ALL; values in [0, 1]."""
    out: dict[str, float] = {}
    for key, value in items.items():
        name = key.strip().upper()
        if not name or not name.isalnum():
            raise ConfigError(f"{where}: {key!r} is not a rule code, a prefix or ALL")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(f"{where}: {key} must be a share between 0 and 1, e.g. 0.02 for 2%")
        out[name] = float(value)
    return out
